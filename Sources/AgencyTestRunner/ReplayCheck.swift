import AgencyJSON
import AgencyService
import Foundation
import LuaRuntime
import WorkflowEngine
import WorkflowStore

/// `agency test --replay STORE`: would the current workflow files behave the same on the
/// instances already in a store?
///
/// Each instance's journal is replayed twice, record by record: once against the
/// definitions it is pinned to (what happened) and once against the current files in
/// the workflows folder (what would happen now). The first record after which the two
/// disagree (state, status, data, items, timers, notifications or messages; not the
/// version, which differs by design, nor log lines) is reported, so an author sees which
/// instances a change affects before migrating any of them.
///
/// Read-only: the store is only read, and the current definitions are compiled in a
/// runtime of their own, never saved into the store.
public final class ReplayCheck {
    let service: AgencyService
    private let runtime: LuaRuntime
    private var current: [String: Result<WorkflowDefinition, Error>] = [:]
    private var pinned: [String: WorkflowDefinition] = [:]
    private lazy var pinnedEngine = makeEngine { [unowned self] name, version in try self.pinnedDefinition(name, version) }
    private lazy var currentEngine = makeEngine { [unowned self] name, _ in try self.currentDefinition(name) }

    public init(service: AgencyService) throws {
        self.service = service
        runtime = try LuaRuntime(limits: service.runtime.limits)
    }

    private func makeEngine(_ definitions: @escaping (String, String) throws -> WorkflowDefinition) -> Engine {
        let engine = Engine(calendar: service.engine.calendar, timeZone: service.timestamps.timeZone,
                            people: service.engine.people, definitions: definitions)
        engine.query = service.engine.query
        return engine
    }

    /// The definition a version pins, from the store's copy of its source.
    private func pinnedDefinition(_ name: String, _ version: String) throws -> WorkflowDefinition {
        if let cached = pinned[version] { return cached }
        let source = try service.store.loadDefinition(name, sha: version)
        let definition = try DefinitionLoader.load(source: Array(source.utf8),
                                                   file: "\(name)@\(version.prefix(12)).lua", runtime: runtime)
        pinned[version] = definition
        return definition
    }

    /// The definition in the workflows folder now.
    func currentDefinition(_ name: String) throws -> WorkflowDefinition {
        if let cached = current[name] { return try cached.get() }
        let result = Result<WorkflowDefinition, Error> {
            let file = service.workflowsFolder.appendingPathComponent("\(name).lua")
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw ServiceError.notFound("no workflow '\(name)' in \(service.workflowsFolder.path)")
            }
            return try DefinitionLoader.load(source: [UInt8](data), file: AgencyService.displayPath(file), runtime: runtime)
        }
        current[name] = result
        return try result.get()
    }

    /// Checks every instance of the store (or those named), in id order.
    public func run(ids: [String]? = nil) throws -> ReplayReport {
        let all = try ids ?? service.guarded { try service.store.instanceIDs() }
        return ReplayReport(instances: all.sorted().map(check))
    }

    func check(_ id: String) -> InstanceReplay {
        var result = InstanceReplay(id: id, workflow: "", outcome: .same)
        do {
            let records = try service.guarded { try service.store.readJournal(id) }
            var pinnedInstance: Instance?
            var currentInstance: Instance?
            for record in records {
                let step = try ReplayStep(record, id: id)
                if result.workflow.isEmpty, let workflow = step.command.workflow {
                    result.workflow = workflow
                    // A missing or broken file leaves the instance unchecked, not "different".
                    _ = try currentDefinition(workflow)
                }
                if step.kind == "refused" {
                    // A refusal changed nothing; it matters only if the current files accept it.
                    let attempt = apply(step, to: currentInstance, engine: currentEngine, pinned: false)
                    if attempt.refusal == nil {
                        result.outcome = .differs(seq: step.seq, record: step.summary, difference:
                            "it was refused, and the current definition accepts it"
                            + (attempt.instance.map { " (the instance would go to state \"\($0.state)\")" } ?? ""))
                        return result
                    }
                    continue
                }
                let old = step.kind == "incident"
                    ? replayIncident(step, record: record, on: pinnedInstance)
                    : apply(step, to: pinnedInstance, engine: pinnedEngine, pinned: true)
                let new = apply(step, to: currentInstance, engine: currentEngine, pinned: false)
                if let difference = compare(old, new) {
                    result.outcome = .differs(seq: step.seq, record: step.summary, difference: difference)
                    return result
                }
                pinnedInstance = old.instance ?? pinnedInstance
                currentInstance = new.instance ?? currentInstance
            }
            if result.workflow.isEmpty { result.workflow = pinnedInstance?.workflow ?? "" }
        } catch {
            result.outcome = .unchecked(ServiceError(error).description)
        }
        return result
    }

    /// What one record did under one set of definitions.
    struct Applied {
        var instance: Instance?
        var effects: JSONValue = .null
        var refusal: String?
    }

    private func apply(_ step: ReplayStep, to instance: Instance?, engine: Engine, pinned: Bool) -> Applied {
        do {
            let outcome: Outcome
            if let instance {
                outcome = try engine.apply(step.command, to: instance)
            } else {
                guard let workflow = step.command.workflow, let version = step.command.version else {
                    return Applied(refusal: "the journal does not begin with a start record")
                }
                let definition = pinned ? try pinnedDefinition(workflow, version) : try currentDefinition(workflow)
                outcome = try engine.start(definition, id: step.id, command: step.command)
            }
            let effects: JSONValue = .object([
                "notifications": try JSONValue(encoding: outcome.notifications),
                "messages": try JSONValue(encoding: outcome.messages),
            ])
            return Applied(instance: outcome.instance, effects: effects)
        } catch let error as EngineError {
            if step.command.kind == .timer, case .script = error, let instance {
                // A timer whose hook fails marks the instance failed, as the service does.
                return Applied(instance: engine.fail(instance, command: step.command, error: error).instance,
                               effects: .string("incident"))
            }
            return Applied(refusal: "\(error.code): \(error.description)")
        } catch {
            return Applied(refusal: ServiceError(error).description)
        }
    }

    /// An incident as it was journaled: the instance failed with the recorded error.
    private func replayIncident(_ step: ReplayStep, record: JSONValue, on instance: Instance?) -> Applied {
        guard let instance else { return Applied(refusal: "an incident before the start record") }
        let error = EngineError.script(record["details"]?["error"]?.stringValue ?? "", traceback: "")
        return Applied(instance: pinnedEngine.fail(instance, command: step.command, error: error).instance,
                       effects: .string("incident"))
    }

    private func compare(_ old: Applied, _ new: Applied) -> String? {
        switch (old.refusal, new.refusal) {
        case (nil, let refusal?):
            return "the current definition refuses it (\(refusal))"
        case (let refusal?, nil):
            return "the pinned definition cannot replay it (\(refusal)), the current one can"
        case (_?, _?):
            return nil
        case (nil, nil):
            return ReplayDifference.first(comparable(old), comparable(new), path: "")
        }
    }

    /// The instance and its effects (`notifications`, `messages`) in one object, without
    /// the version, which differs by design.
    private func comparable(_ applied: Applied) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        if let value = applied.instance, case .object(let instance)? = try? JSONValue(encoding: value) {
            fields = instance
            fields["version"] = nil
        }
        if case .object(let effects) = applied.effects {
            fields.merge(effects) { current, _ in current }
        } else {
            fields["effects"] = applied.effects
        }
        return .object(fields)
    }
}

/// One journal record as the replay check reads it.
struct ReplayStep {
    var id: String
    var seq: Int
    var kind: String
    var command: Command
    var summary: String

    init(_ record: JSONValue, id: String) throws {
        self.id = id
        seq = Int(record["seq"]?.intValue ?? 0)
        kind = record["kind"]?.stringValue ?? ""
        guard let commandJSON = record["details"]?["command"] else {
            throw ServiceError.integrity("journal record \(seq) of \(id) has no command")
        }
        command = try commandJSON.decode(Command.self)
        summary = "\(kind) by \(record["actor"]?.stringValue ?? "?") at \(record["at"]?.stringValue ?? "?")"
    }
}
