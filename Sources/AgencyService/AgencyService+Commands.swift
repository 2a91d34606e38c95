import AgencyJSON
import Foundation
import WorkflowEngine
import WorkflowStore

extension AgencyService {
    /// Starts an instance of the current version of `workflow`.
    public func start(_ workflow: String, id: String?, input: JSONValue, actor: String, at: Date,
                      parent: ParentLink? = nil, budget: Int? = nil, deliver: Bool = true) throws -> CommandResult {
        let definition = try currentDefinition(workflow)
        let id = id ?? generatedID(workflow, at: at)
        var command = Command(kind: .start, actor: actor, at: timestamps.format(at))
        command.workflow = workflow
        command.version = definition.version
        command.input = input
        command.parent = parent
        command.budget = budget
        let result: CommandResult = try guarded {
            try store.withInstanceLock(id) {
                if try store.instanceExists(id) {
                    throw ServiceError.busy("instance '\(id)' already exists; choose another --id")
                }
                let outcome = try engine.start(definition, id: id, command: command)
                try advanceSimulationClock(to: at)
                let head = try commit(id, outcome, create: true, expectedHead: nil)
                return CommandResult(instance: outcome.instance, head: head, from: "",
                                     notifications: outcome.notifications, logs: outcome.logs,
                                     delivery: DeliveryReport())
            }
        }
        return deliver ? withDelivery(result, at: at) : result
    }

    /// Applies a command to an existing instance. A refused command changes nothing but is
    /// journaled, so an auditor sees the attempt; then the refusal is thrown.
    ///
    /// `clockDated` says the command was dated by the clock (no `--now`), not by its
    /// author: it then takes effect when the instance's lock is held, so a writer that
    /// committed while this one waited for the lock does not make it "dated before the
    /// last record" (see `redatedByClock`).
    public func execute(_ id: String, _ command: Command, deliver: Bool = true,
                        clockDated: Bool = false) throws -> CommandResult {
        var command = command
        let result: CommandResult = try guarded {
            // An id without an instance is refused before its lock is taken: a command
            // must not leave a lock file behind for an instance that does not exist.
            guard try store.instanceExists(id) else {
                throw ServiceError.notFound("no instance '\(id)' in the store (agency list shows them)")
            }
            return try store.withInstanceLock(id) {
                var (instance, head) = try loadForUpdate(id)
                if clockDated { command = try redatedByClock(command, after: instance) }
                // Checked before anything is written, re-planning included.
                _ = try datedInOrder(command, after: instance)
                if command.kind != .replan {
                    (instance, head) = replanBeforeCommand(instance, head: head, at: command.at)
                }
                return try apply(command, to: instance, head: head)
            }
        }
        return deliver ? withDelivery(result, at: timestamps.parse(command.at) ?? Date()) : result
    }

    /// Applies a command to an instance already loaded under its lock and commits it.
    ///
    /// Nothing stops a timer: any engine error while firing one (a Lua error, a ladder
    /// naming a role nobody holds, a state the version lacks) marks the instance failed
    /// with an incident instead of being refused, because a refused timer would stay due
    /// and be refused again on every tick.
    func apply(_ command: Command, to instance: Instance, head: JournalHead) throws -> CommandResult {
        let id = instance.id
        let command = try datedInOrder(command, after: instance)
        // Before the commit, so a clock that cannot be written fails the command whole.
        // Timers and messages are dated by the tick or the command that caused them.
        if command.kind != .timer && command.kind != .message, let at = timestamps.parse(command.at) {
            try advanceSimulationClock(to: at)
        }
        if command.kind == .timer {
            let outcome = try timerOutcome(command, to: instance)
            let newHead = try commit(id, outcome, create: false, expectedHead: head)
            return CommandResult(instance: outcome.instance, head: newHead, from: instance.state,
                                 notifications: outcome.notifications, logs: outcome.logs,
                                 delivery: DeliveryReport())
        }
        let outcome: Outcome
        do {
            outcome = try engine.apply(command, to: instance)
        } catch let error as EngineError {
            try journalRefusal(id, instance: instance, command: command, error: error, head: head)
            throw error
        }
        let newHead = try commit(id, outcome, create: false, expectedHead: head)
        return CommandResult(instance: outcome.instance, head: newHead, from: instance.state,
                             notifications: outcome.notifications, logs: outcome.logs,
                             delivery: DeliveryReport())
    }

    /// What firing a timer does (`command`, already dated in order): its outcome, or,
    /// when the engine fails (a Lua error, a ladder naming a role nobody holds, a state
    /// the version lacks), the instance marked failed with an incident. Other errors
    /// (the store's) are thrown.
    func timerOutcome(_ command: Command, to instance: Instance) throws -> Outcome {
        do {
            return try engine.apply(command, to: instance)
        } catch let error as EngineError {
            return engine.fail(instance, command: command, error: error)
        }
    }

    /// Loads an instance under its lock; a journal ahead of the snapshot (a crash between
    /// the two writes of a commit) is rolled forward and committed first.
    func loadForUpdate(_ id: String) throws -> (Instance, JournalHead) {
        let (loaded, instance, last) = try loadRolledForward(id)
        if loaded.isJournalAhead {
            // Commit the interrupted commit's replay; its outbox messages and notifications
            // are written again under the same keys (receivers apply a key once, the box
            // keeps a key it has), in case the crash came before they were.
            try commitInstance(id, instance, records: [], effects: last, create: false,
                               expectedHead: loaded.journalHead)
        }
        return (instance, loaded.journalHead)
    }

    /// Loads an instance and applies the records its snapshot lacks (after a crash between
    /// the journal append and the snapshot), in memory; `last` is what the last of them
    /// produced, whose messages and notifications a roll-forward writes again.
    func loadRolledForward(_ id: String) throws -> (loaded: LoadedInstance, instance: Instance, last: Outcome?) {
        guard let loaded = try store.loadInstance(id) else {
            throw ServiceError.notFound("no instance '\(id)' in the store (agency list shows them)")
        }
        var instance = try loaded.snapshotDocument.map { try InstanceCodec.instance($0, id: id) }
        var last: Outcome?
        for record in loaded.pending {
            last = try replayOutcome(record, onto: instance, id: id)
            instance = last?.instance ?? instance
        }
        guard let instance else {
            throw ServiceError.integrity("instance \(id) has no snapshot and its journal does not begin with a start")
        }
        return (loaded, instance, last)
    }

    /// Re-applies journal records to an instance (or from nothing, for a start record).
    func rollForward(_ instance: Instance?, _ records: [JSONValue], id: String) throws -> Instance? {
        var current = instance
        for record in records {
            current = try replayRecord(record, onto: current, id: id)
        }
        return current
    }

    func replayRecord(_ record: JSONValue, onto instance: Instance?, id: String) throws -> Instance? {
        try replayOutcome(record, onto: instance, id: id)?.instance ?? instance
    }

    /// What applying a journal record again produces; nil for a refused attempt, which
    /// changed nothing. Replay is bounded by the instruction and memory limits, not the
    /// clock: what was decided once within them is decided again, however busy the machine.
    func replayOutcome(_ record: JSONValue, onto instance: Instance?, id: String) throws -> Outcome? {
        try runtime.withoutTimeLimit { try replayOutcomeTimed(record, onto: instance, id: id) }
    }

    private func replayOutcomeTimed(_ record: JSONValue, onto instance: Instance?, id: String) throws -> Outcome? {
        let kind = record["kind"]?.stringValue ?? ""
        if kind == "refused" { return nil }
        guard let commandJSON = record["details"]?["command"] else {
            throw ServiceError.integrity("journal record \(record["seq"]?.intValue ?? 0) of \(id) has no command")
        }
        let command = try commandJSON.decode(Command.self)
        let engine = try engine(for: record)
        if kind == "incident", let instance {
            // The incident is rebuilt from what was journaled, traceback included, so the
            // replay matches the stored snapshot byte for byte.
            let message = record["details"]?["error"]?.stringValue ?? ""
            let error = record["details"]?["traceback"]?.stringValue
                .map { EngineError.script(message, traceback: $0) } ?? EngineError.invalid(message)
            return engine.fail(instance, command: command, error: error)
        }
        if let instance { return try engine.apply(command, to: instance) }
        guard let workflow = command.workflow, let version = command.version else {
            throw ServiceError.integrity("the journal of \(id) does not begin with a start record")
        }
        return try engine.start(try definition(workflow, version), id: id, command: command)
    }

    @discardableResult
    func commit(_ id: String, _ outcome: Outcome, create: Bool, expectedHead: JournalHead?) throws -> JournalHead {
        try commitInstance(id, outcome.instance, records: [outcome.record], effects: outcome, create: create,
                           expectedHead: expectedHead)
    }

    /// Commits `instance` with `records` (stamped with the login), its index entries, and
    /// the messages and notifications of `effects`.
    @discardableResult
    private func commitInstance(_ id: String, _ instance: Instance, records: [JSONValue], effects: Outcome?,
                                create: Bool, expectedHead: JournalHead?) throws -> JournalHead {
        try store.commit(instanceCommit(id, instance, records: records, effects: effects, create: create,
                                        expectedHead: expectedHead))
    }

    /// What `commitInstance` commits, for a group commit (`tick`) or one alone.
    func instanceCommit(_ id: String, _ instance: Instance, records: [JSONValue], effects: Outcome?,
                        create: Bool, expectedHead: JournalHead?) throws -> InstanceCommit {
        let messages = try effects.map { try outbox($0) } ?? []
        if !messages.isEmpty { outboxWritten = true }
        if !records.isEmpty {
            try saveCurrentCalendarVersion()
            try saveCurrentPeopleVersion(at: records.first?["at"]?.stringValue)
        }
        let calendar = try currentCalendarVersion()
        let people = try currentPeopleVersion()
        return InstanceCommit(id, records: records.map { stamped($0, calendar: calendar, people: people) },
                              snapshot: .encodable(instance),
                              index: InstanceCodec.indexEntries(instance, timestamps: timestamps),
                              outbox: messages, notifications: try effects.map { try notificationBodies($0) } ?? [],
                              create: create, expectedHead: expectedHead)
    }

    /// The outbox entries of an outcome: its messages to instances, which the outbox
    /// delivers durably and once.
    func outbox(_ outcome: Outcome) throws -> [JSONValue] {
        var entries: [JSONValue] = []
        for message in outcome.messages {
            guard case .object(var fields) = try JSONValue(encoding: message) else { continue }
            fields["type"] = "message"
            entries.append(.object(fields))
        }
        return entries
    }

    /// The notifications of an outcome, as the box stores them. Their keys follow the
    /// outbox's (`<id>-<seq>-<n>`, n after the messages), as they did when notifications
    /// went through the outbox, so keys stay stable across that change.
    func notificationBodies(_ outcome: Outcome) throws -> [JSONValue] {
        try outcome.notifications.map { try JSONValue(encoding: $0) }
    }

    private func journalRefusal(_ id: String, instance: Instance, command: Command, error: EngineError,
                                head: JournalHead) throws {
        let record = Outcome.record(kind: "refused", command: command, details: [
            "reason": .string(error.description), "code": .string(error.code),
            "from": .string(instance.state), "to": .string(instance.state),
            "status": .string(instance.status.rawValue),
        ])
        try commitInstance(id, instance, records: [record], effects: nil, create: false, expectedHead: head)
    }

    /// Adds the login, channel and token behind the command and the calendar and people
    /// directory versions it was decided with to a record draft.
    func stamped(_ record: JSONValue, calendar: String, people: String) -> JSONValue {
        guard case .object(var fields) = record else { return record }
        stampOrigin(&fields)
        fields["calendar"] = .string(calendar)
        fields["people"] = .string(people)
        return .object(fields)
    }

    /// Adds who and what the command came through: `login`, `channel`, `token`, when known.
    func stampOrigin(_ fields: inout [String: JSONValue]) {
        if let login { fields["login"] = .string(login) }
        if let channel { fields["channel"] = .string(channel) }
        if let tokenID { fields["token"] = .string(tokenID) }
    }

    /// Runs `body`, turning every error into a ``ServiceError``.
    public func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw ServiceError(error)
        }
    }

    func generatedID(_ workflow: String, at: Date) -> String {
        let stamp = timestamps.format(at).prefix(19).filter { $0.isNumber }
        var suffix = 1
        while true {
            let id = "\(workflow)-\(stamp)" + (suffix > 1 ? "-\(suffix)" : "")
            if (try? store.instanceExists(id)) != true { return id }
            suffix += 1
        }
    }
}
