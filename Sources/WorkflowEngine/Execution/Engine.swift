import AgencyCalendar
import AgencyJSON
import Foundation
import LuaRuntime

/// The workflow engine: applies one command to one instance and says what changed.
///
/// It is pure logic over a calendar, a clock reading (the command's time) and the
/// definitions it is given: no file I/O of its own. The caller (``AgencyService`` in the
/// CLI's stack) locks, loads, journals and saves. Applying the same commands to the same
/// definition yields the same instance, byte for byte, which is what replay relies on.
public final class Engine {
    public let calendar: WorkCalendar
    public let timestamps: Timestamps
    public var people: PeopleDirectory
    /// Finds the definition an instance is pinned to (name, version).
    public let definitions: (String, String) throws -> WorkflowDefinition
    /// Read-only summaries of other instances for `ctx:query{...}`; empty by default.
    public var query: (JSONValue) -> [JSONValue] = { _ in [] }
    /// The version (sha256 of its document) of `calendar`, which plans record; nil when the
    /// caller keeps no calendar versions.
    public var calendarVersion: String?
    /// Whether items keep the plan of every working-day deadline (true), or only of one
    /// counted through a provisional year (false: how items were planned before calendar
    /// versions were kept, so journals written then replay byte for byte).
    public var keepsPlans = true
    /// The command whose hook is running, for the ctx methods.
    var currentExecution: Execution?
    /// One protected metatable of ctx methods per Lua runtime.
    var contextMetatables: [ObjectIdentifier: LuaRef] = [:]

    public init(calendar: WorkCalendar, timeZone: TimeZone, people: PeopleDirectory,
                definitions: @escaping (String, String) throws -> WorkflowDefinition) {
        self.calendar = calendar
        self.timestamps = Timestamps(timeZone: timeZone)
        self.people = people
        self.definitions = definitions
    }

    /// Starts a new instance of `definition`. The command must be of kind `.start` with
    /// `input` set; the instance's id is `id`.
    public func start(_ definition: WorkflowDefinition, id: String,
                      command: Command) throws -> Outcome {
        let execution = try Execution(engine: self, definition: definition,
                                      instance: nil, id: id, command: command)
        try execution.runStart()
        return execution.outcome()
    }

    /// Applies a command to an existing instance.
    public func apply(_ command: Command, to instance: Instance) throws -> Outcome {
        if command.kind == .migrate { return try migrate(instance, command: command) }
        let definition = try definitions(instance.workflow, instance.version)
        let execution = try Execution(engine: self, definition: definition, instance: instance,
                                      id: instance.id, command: command)
        try execution.run()
        return execution.outcome()
    }

    /// Replays journaled commands from nothing; the result must equal the stored snapshot.
    public func replay(_ commands: [Command], id: String) throws -> Instance? {
        var instance: Instance?
        for command in commands {
            if let current = instance {
                instance = try apply(command, to: current).instance
            } else {
                guard let workflow = command.workflow, let version = command.version else {
                    throw EngineError.invalid("journal of \(id) does not begin with a start record")
                }
                instance = try start(try definitions(workflow, version), id: id, command: command).instance
            }
        }
        return instance
    }
}

/// What one command did to an instance.
public struct Outcome {
    public var instance: Instance
    /// The journal record's draft: kind, actor, at, details (the command and its effects).
    public var record: JSONValue
    public var notifications: [AgencyNotification]
    public var messages: [InstanceMessage]
    /// Lines hooks wrote with ctx:log and print.
    public var logs: [String]

    /// A journal record draft: `kind`, `actor` and `at` of `command` (unless given),
    /// and `details` with the command itself under "command", which is what a replay
    /// applies again.
    public static func record(kind: String, command: Command, actor: String? = nil, at: String? = nil,
                              details: [String: JSONValue]) -> JSONValue {
        var details = details
        details["command"] = (try? JSONValue(encoding: command)) ?? .null
        return .object([
            "kind": .string(kind), "actor": .string(actor ?? command.actor), "at": .string(at ?? command.at),
            "details": .object(details),
        ])
    }
}
