import AgencyCalendar
import AgencyJSON
import Foundation
import LuaRuntime

/// One command being applied: the working copy of the instance and everything the
/// command produced so far. Discarded whole if the command is refused.
final class Execution {
    let engine: Engine
    let definition: WorkflowDefinition
    var instance: Instance
    let command: Command
    let now: Date
    let fromState: String
    var notifications: [AgencyNotification] = []
    var messages: [InstanceMessage] = []
    var logs: [String] = []
    /// Extra facts for the journal record's details (which timer fired and what it did),
    /// so an auditor reads each 催办, 督办 and colour change from the journal itself.
    var recordDetails: [String: JSONValue] = [:]
    /// The first and last day working days were counted over since `walked` was last
    /// reset: what an item's plan was counted through, for its provisional years.
    var walked: ClosedRange<CivilDate>?
    /// Answers of `ctx:query` given so far (journaled with the command), and how many
    /// recorded answers a replay has used.
    var queryResults: [JSONValue] = []
    var replayedQueries = 0
    /// Guards against auto states that loop forever within one command.
    var stateChanges = 0
    /// What hooks see as `ev.data` instead of the command's data: a subflow state's
    /// children and their ends when they decide its event (`Execution+Subflows.swift`).
    var eventData: JSONValue?
    /// The approvers an approval state is opening items for: a delegate among them keeps
    /// their own vote, so a principal's item stays with the principal (Docs/people.md).
    var approversBeingOpened: Set<String> = []
    static let maxStateChangesPerCommand = 50

    init(engine: Engine, definition: WorkflowDefinition, instance: Instance?, id: String,
         command: Command) throws {
        guard let now = engine.timestamps.parse(command.at) else {
            throw EngineError.invalid("the command's time '\(command.at)' is not an ISO 8601 time")
        }
        self.engine = engine
        self.definition = definition
        self.command = command
        self.now = now
        self.instance = instance ?? Instance(
            id: id, workflow: definition.name, version: definition.version, status: .running,
            state: "", enteredAt: command.at, data: .object([:]), input: .object([:]),
            initiator: command.actor, items: [], comments: [], timers: [], path: [],
            outcome: nil, incident: nil, parent: command.parent, children: [], received: [],
            counter: 0, createdAt: command.at, updatedAt: command.at)
        self.fromState = instance?.state ?? ""
    }

    var people: PeopleDirectory { engine.people }
    var at: String { command.at }
    var actor: String { command.actor }

    func currentState() throws -> StateDefinition {
        guard let state = definition.state(instance.state) else {
            throw EngineError.conflict("instance \(instance.id) is in state '\(instance.state)', which "
                                       + "version \(definition.version.prefix(12)) of '\(definition.name)' "
                                       + "does not define; migrate it (agency migrate)")
        }
        return state
    }

    func outcome() -> Outcome {
        instance.updatedAt = at
        shareBudget()
        var journaled = command
        if journaled.queries == nil && !queryResults.isEmpty { journaled.queries = queryResults }
        var details: [String: JSONValue] = [
            "from": .string(fromState),
            "to": .string(instance.state),
            "status": .string(instance.status.rawValue),
        ]
        if !logs.isEmpty { details["log"] = .array(logs.map { .string($0) }) }
        if !notifications.isEmpty { details["notified"] = .integer(Int64(notifications.count)) }
        for (key, value) in recordDetails where details[key] == nil { details[key] = value }
        let record = Outcome.record(kind: command.kind.rawValue, command: journaled, actor: actor, at: at,
                                    details: details)
        return Outcome(instance: instance, record: record, notifications: notifications,
                       messages: messages, logs: logs)
    }

    // MARK: People

    /// The person ids a spec names now; each must be in the people directory.
    func resolve(_ spec: PeopleSpec, context: String) throws -> [String] {
        let found = try candidates(spec, context: context)
        if let nobody = found.nobody { throw EngineError.invalid(nobody) }
        return found.ids
    }

    /// The person ids a spec names now, each in the people directory, without duplicates;
    /// when there are none, why (an approval's when_empty policy decides what follows).
    func candidates(_ spec: PeopleSpec, context: String) throws -> (ids: [String], nobody: String?) {
        var ids: [String]
        var nobody: String?
        switch spec {
        case .field(let name):
            switch instance.data[name] {
            case .string(let id)?: ids = [id]
            case .array(let list)?: ids = list.compactMap(\.stringValue)
            default:
                throw EngineError.invalid("\(context): data field '\(name)' should hold a person id, "
                                          + "but it is \(instance.data[name]?.typeName ?? "missing")")
            }
        case .role(let role):
            ids = people.holders(of: role).map(\.id)
            if ids.isEmpty { nobody = "\(context): nobody holds the role '\(role)' in the people directory" }
        case .person(let id):
            ids = [id]
        case .function(let function):
            let result = try hooks.call(function, name: "\(context) function")
            ids = result.stringValue.map { [$0] } ?? result.arrayValue?.compactMap(\.stringValue) ?? []
        case .managerOf, .managersUpTo, .headOf:
            (ids, nobody) = try orgChartPeople(spec, context: context)
        }
        for id in ids where people.person(id) == nil {
            throw EngineError.invalid("\(context): '\(id)' is not in the people directory")
        }
        var seen = Set<String>()
        ids = ids.filter { seen.insert($0).inserted }
        return (ids, ids.isEmpty ? nobody ?? "\(context): nobody to assign" : nil)
    }

    func notify(_ to: String, kind: String, item: WorkItem?, title: String, body: String,
                level: String? = nil) {
        notifications.append(AgencyNotification(
            to: to, kind: kind, instance: instance.id, item: item?.id, title: title, body: body,
            at: at, level: level))
    }

    var hooks: HookRunner { HookRunner(execution: self) }

    /// A `ctx:query` answer: the recorded one when replaying a journaled command, else a
    /// fresh one, which is recorded.
    func answerQuery(_ ask: () -> [JSONValue]) throws -> JSONValue {
        if let recorded = command.queries {
            guard replayedQueries < recorded.count else {
                throw EngineError.invalid("the journaled command of \(instance.id) recorded \(recorded.count) "
                                          + "ctx:query answers, but its hooks now ask more: the definition "
                                          + "differs from the one it ran with")
            }
            replayedQueries += 1
            return recorded[replayedQueries - 1]
        }
        let answer = JSONValue.array(ask())
        queryResults.append(answer)
        return answer
    }
}
