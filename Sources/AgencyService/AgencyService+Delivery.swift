import AgencyJSON
import Foundation
import WorkflowEngine
import WorkflowStore

/// What delivering the outbox did.
public struct DeliveryReport: Sendable {
    public var started: [String] = []
    public var signalled: [String] = []
    /// Subflow children cancelled because their parent was cancelled or left the state.
    public var cancelled: [String] = []
    public var notifications = 0
    /// Messages that could not be delivered now; they stay in the outbox for the next
    /// tick, with the reason.
    public var problems: [String] = []
}

extension AgencyService {
    /// Delivers what the command put in the outbox. A command that sent no message to
    /// another instance does not even list the outbox: messages left by a crashed
    /// process are tick's to deliver.
    func withDelivery(_ result: CommandResult, at: Date) -> CommandResult {
        guard outboxWritten else { return result }
        var result = result
        result.delivery = deliverOutbox(at: at)
        return result
    }

    /// Delivers every pending outbox message: child starts and signals go to their
    /// instances (each at most once, by its key), notifications move to the
    /// notification box. Runs until the outbox is empty or only failures remain.
    /// At most this many instances are started by one delivery run; the rest of a cascade
    /// stays in the outbox for the next tick, so no command runs without end.
    static let maxStartsPerDelivery = 1_000

    @discardableResult
    public func deliverOutbox(at: Date) -> DeliveryReport {
        outboxWritten = false
        var report = DeliveryReport()
        var failed = Set<String>()
        for _ in 0..<100 where report.started.count < Self.maxStartsPerDelivery {
            guard let pending = try? store.pendingMessages().filter({ !failed.contains($0.key) }),
                  !pending.isEmpty else { break }
            for message in pending {
                if report.started.count >= Self.maxStartsPerDelivery {
                    report.problems.append("more than \(Self.maxStartsPerDelivery) instances started by one delivery: "
                        + "the rest stays in the outbox for the next tick")
                    break
                }
                do {
                    try deliver(message, at: at, report: &report)
                    try store.removeMessage(message.key)
                } catch {
                    let problem = ServiceError(error).description
                    if problem.contains(CascadeLimits.marker) {
                        // A cascade limit refuses it the same way every time: the sender's
                        // journal keeps the send; the message itself is dropped, reported once.
                        try? store.removeMessage(message.key)
                        report.problems.append("\(message.key): not delivered, dropped: \(problem)")
                    } else {
                        failed.insert(message.key)
                        report.problems.append("\(message.key): \(problem)")
                    }
                }
            }
        }
        return report
    }

    private func deliver(_ message: OutboxMessage, at: Date, report: inout DeliveryReport) throws {
        let body = message.body
        switch body["type"]?.stringValue {
        case "notification":
            try saveNotification(key: message.key, body)
            report.notifications += 1
        case "message":
            let payload = try JSONValue.object((body.objectValue ?? [:]).filter { $0.key != "type" })
                .decode(InstanceMessage.self)
            switch payload.kind {
            case .start:
                if try store.instanceExists(payload.target) { return }  // delivered before
                do {
                    _ = try start(payload.workflow ?? "", id: payload.target, input: payload.input ?? .object([:]),
                                  actor: payload.actor, at: at, parent: payload.parent, budget: payload.budget,
                                  deliver: false)
                    report.started.append(payload.target)
                } catch {
                    // Another node delivered it meanwhile: the store let exactly one create it.
                    guard try store.instanceExists(payload.target) else { throw error }
                }
            case .signal:
                var command = Command(kind: .message, actor: "system", at: timestamps.format(at))
                command.event = payload.event
                command.data = payload.data
                command.key = message.key
                command.budget = payload.budget
                _ = try execute(payload.target, command, deliver: false)
                report.signalled.append(payload.target)
            case .cancel:
                // A parent's cancel, journaled in the child with the parent's actor and why;
                // its key makes a redelivery change nothing.
                var command = Command(kind: .cancel, actor: payload.actor, at: timestamps.format(at))
                command.reason = payload.data?["reason"]?.stringValue ?? "父流程已取消"
                command.key = message.key
                command.budget = payload.budget
                _ = try execute(payload.target, command, deliver: false)
                report.cancelled.append(payload.target)
            }
        default:
            throw ServiceError.invalid("outbox message \(message.key) has an unknown type")
        }
    }

    // MARK: Notifications

    /// A notification left in the outbox by a build that delivered them through it.
    private func saveNotification(key: String, _ body: JSONValue) throws {
        var fields = body.objectValue ?? [:]
        fields["type"] = nil
        try store.putNotification(key: key, body: .object(fields))
    }

    /// Notifications not yet acknowledged (or, with `acknowledged`, those that were),
    /// oldest first; `to` filters by person.
    public func notifications(to person: String? = nil, acknowledged: Bool = false) throws -> [JSONValue] {
        try notificationBox(to: person, acknowledged: acknowledged).notifications
    }

    /// As `notifications(to:acknowledged:)`, with the files of the box that are not
    /// valid JSON (torn by a power loss, since the box is written without fsync), which
    /// `rebuildNotifications` writes again. One listing of the box for both.
    public func notificationBox(to person: String? = nil, acknowledged: Bool = false) throws
        -> (notifications: [JSONValue], unreadable: [String]) {
        // One person's pending ones through the box's recipient markers, once the index
        // generation says every notification has its marker.
        let box = try guarded {
            if let person, !acknowledged, indexIsCurrent() { return try store.notifications(to: person) }
            return try store.notifications(delivered: acknowledged)
        }
        let result = box.notifications.filter { person == nil || $0["to"]?.stringValue == person }
        let sorted = result.sorted {
            ($0["at"]?.stringValue ?? "", $0["key"]?.stringValue ?? "") < ($1["at"]?.stringValue ?? "", $1["key"]?.stringValue ?? "")
        }
        return (sorted, box.unreadable)
    }

    /// Marks notifications delivered (moves them from pending/ to delivered/, durably).
    public func acknowledge(keys: [String]) throws -> Int {
        for key in keys {
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw ServiceError.invalid("'\(key)' is not a notification key")
            }
            guard try guarded({ try store.isNotificationPending(key) }) else {
                throw ServiceError.notFound("no pending notification '\(key)'")
            }
        }
        for key in keys {
            try guarded { try store.acknowledgeNotification(key) }
        }
        return keys.count
    }
}
