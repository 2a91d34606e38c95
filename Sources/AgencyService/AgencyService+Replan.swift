import AgencyJSON
import Foundation
import WorkflowEngine
import WorkflowStore

/// What re-planning did (or, in a dry run, would do) to each instance.
public struct ReplanReport: Sendable {
    public struct Entry: Sendable {
        public var instance: String
        /// The record's `replanned` list: for each item, its id, title, due time before
        /// and after, how many timers moved, and the years still provisional.
        public var items: [JSONValue]
        /// The record's head; nil in a dry run.
        public var head: JournalHead?
    }
    public var entries: [Entry] = []
    /// Instances that could not be re-planned (busy, failed), left for the next tick.
    public var failed: [(instance: String, error: String)] = []

    public init() {}

    public var json: JSONValue {
        .object([
            "replanned": .array(entries.map { entry in
                var fields: [String: JSONValue] = ["instance": .string(entry.instance), "items": .array(entry.items)]
                if let head = entry.head { fields["head"] = .string(head.description) }
                return .object(fields)
            }),
            "failed": .array(failed.map { .object(["instance": .string($0.instance), "error": .string($0.error)]) }),
        ])
    }
}

/// Re-planning: when a year that deadlines were counted through provisionally becomes
/// declared (a notice imported, a calendar file added, a newer binary), each instance
/// with such an open item gets one journaled `replan` record that counts its deadlines
/// again. The "provisional" index (by year) names those instances, so finding them costs
/// a directory listing, not a read of every instance.
extension AgencyService {
    /// Re-plans every instance whose plan went through a year the calendar now declares.
    /// `actor` is the admin who imported the notice, or "system" (tick). With `dryRun`
    /// nothing is written and the report says what would move.
    public func replanProvisional(actor: String, at: Date, dryRun: Bool = false) throws -> ReplanReport {
        var report = ReplanReport()
        for id in try staleProvisionalInstances() {
            do {
                if dryRun {
                    let instance = try instance(id)
                    guard engine.needsReplan(instance) else { continue }
                    let outcome = try engine.apply(replanCommand(actor: actor, at: at), to: instance)
                    report.entries.append(.init(instance: id, items: replannedItems(outcome.record), head: nil))
                    continue
                }
                let result: CommandResult? = try guarded {
                    try store.withInstanceLock(id) {
                        let (instance, head) = try loadForUpdate(id)
                        guard engine.needsReplan(instance) else { return nil }
                        return try apply(replanCommand(actor: actor, at: at), to: instance, head: head)
                    }
                }
                if let result {
                    let record = try store.readJournal(id).last
                    report.entries.append(.init(instance: id, items: record.map(replannedItems) ?? [],
                                                head: result.head))
                }
            } catch {
                report.failed.append((id, "\(ServiceError(error))"))
            }
        }
        return report
    }

    /// Instances the provisional index names under a year the calendar now declares.
    func staleProvisionalInstances() throws -> [String] {
        var ids = Set<String>()
        for key in try guarded({ try store.keys(kind: "provisional") }) {
            guard let year = Int(key), !engine.calendar.isProvisional(year) else { continue }
            ids.formUnion(try guarded { try store.ids(kind: "provisional", key: key) })
        }
        return ids.sorted()
    }

    /// Before another command on `instance` (already loaded under its lock): re-plan it
    /// first if the calendar declared a year its plan went through, so the command sees
    /// the official deadlines. Best effort: if re-planning fails the command still runs,
    /// and tick reports the failure.
    func replanBeforeCommand(_ instance: Instance, head: JournalHead, at: String) -> (Instance, JournalHead) {
        guard engine.needsReplan(instance) else { return (instance, head) }
        let command = Command(kind: .replan, actor: "system", at: at)
        guard let result = try? apply(command, to: instance, head: head) else { return (instance, head) }
        return (result.instance, result.head)
    }

    private func replanCommand(actor: String, at: Date) -> Command {
        Command(kind: .replan, actor: actor, at: timestamps.format(at))
    }

    private func replannedItems(_ record: JSONValue) -> [JSONValue] {
        record["details"]?["replanned"]?.arrayValue ?? []
    }
}
