import AgencyJSON
import Foundation

extension Engine {
    /// Moves an instance to another version of its definition (`agency migrate`), mapping
    /// state names that changed. The state's open items keep their ids and timers.
    func migrate(_ instance: Instance, command: Command) throws -> Outcome {
        guard people.isAdmin(command.actor) else {
            throw EngineError.notPermitted("migrate is an admin action")
        }
        guard let version = command.version else { throw EngineError.invalid("migrate needs a target version") }
        let target = try definitions(instance.workflow, version)
        let mapping = command.mapping ?? [:]
        var migrated = instance
        migrated.version = version
        let newState = mapping[instance.state] ?? instance.state
        guard let state = target.state(newState) else {
            throw EngineError.invalid("state '\(instance.state)' of \(instance.id) does not exist in the new "
                                      + "version; map it with --map \(instance.state)=NEW_STATE (states: "
                                      + target.states.map(\.name).joined(separator: ", ") + ")")
        }
        if let old = try? definitions(instance.workflow, instance.version).state(instance.state),
           old.kind != state.kind {
            throw EngineError.invalid("state '\(instance.state)' is a \(old.kind.rawValue) but '\(newState)' in "
                                      + "the new version is a \(state.kind.rawValue); map it to a \(old.kind.rawValue)")
        }
        migrated.state = newState
        for index in migrated.items.indices {
            migrated.items[index].state = mapping[migrated.items[index].state] ?? migrated.items[index].state
        }
        // A subflow state's children and 抄送 records are matched to the state by name (a
        // child's end is taken only if its state is the current one; a copy goes once per
        // state visit): renamed like the items, or a parent waiting in a renamed subflow
        // state would never take its children's ends.
        if let subflows = migrated.subflows {
            migrated.subflows = subflows.map { child in
                var child = child
                child.state = mapping[child.state] ?? child.state
                return child
            }
        }
        if let copies = migrated.cc {
            migrated.cc = copies.map { copy in
                var copy = copy
                copy.state = mapping[copy.state] ?? copy.state
                return copy
            }
        }
        migrated.updatedAt = command.at
        let record = Outcome.record(kind: "migrate", command: command, details: [
            "from": .string(instance.state), "to": .string(newState),
            "fromVersion": .string(instance.version), "toVersion": .string(version),
            "status": .string(migrated.status.rawValue),
        ])
        return Outcome(instance: migrated, record: record, notifications: [], messages: [], logs: [])
    }

    /// Marks an instance failed after an error while firing a timer (a script error, or
    /// a ladder naming a role nobody holds): an incident for the operator, the other
    /// instances go on. `agency retry` resumes it once the cause is fixed.
    public func fail(_ instance: Instance, command: Command, error: EngineError) -> Outcome {
        var failed = instance
        var traceback: String?
        if case .script(_, let trace) = error { traceback = trace }
        failed.incident = Incident(at: command.at, message: error.description, traceback: traceback,
                                   command: command.kind.rawValue, previousStatus: instance.status)
        failed.status = .failed
        failed.updatedAt = command.at
        var details: [String: JSONValue] = [
            "error": .string(error.description), "code": .string(error.code),
            "from": .string(instance.state), "to": .string(instance.state), "status": "failed",
        ]
        // Journaled whole so a replay rebuilds the same incident, byte for byte.
        if let traceback { details["traceback"] = .string(traceback) }
        let record = Outcome.record(kind: "incident", command: command, details: details)
        // A subflow child tells its parent, which would otherwise wait for it for ever.
        var messages: [InstanceMessage] = []
        if var message = Execution.endMessage(failed, status: .failed, reason: error.description) {
            message.budget = max(0, (command.budget ?? Execution.chainBudget) - 1)
            messages.append(message)
        }
        return Outcome(instance: failed, record: record, notifications: [], messages: messages, logs: [])
    }
}
