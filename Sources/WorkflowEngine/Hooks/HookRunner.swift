import AgencyCalendar
import AgencyJSON
import Foundation
import LuaRuntime

/// Calls a workflow's Lua functions (hooks, guards, actions, choosers) with a `ctx`:
///
/// - `ctx.data` — the instance's data; changes persist when the hook returns.
/// - `ctx.input`, `ctx.now` (the event's time), `ctx.today`, `ctx.actor`,
///   `ctx.event` (`name`, `data`, `comment`), `ctx.instance` (`id`, `workflow`, `state`,
///   `initiator`).
/// - methods: `ctx:log(text)`, `ctx:notify{to=, title=, body=}`, `ctx:start(workflow, input)`,
///   `ctx:signal(id, event, data)`, `ctx:query{...}`, `ctx:people(role)`,
///   `ctx:add_workdays(date, n)`, `ctx:count_workdays(from, to)`, `ctx:deadline(duration)`.
///
/// Hooks see the event's time, never the wall clock, and `math.random` is seeded from the
/// instance and the command, so a replay of the journal runs them identically.
struct HookRunner {
    unowned let execution: Execution

    var runtime: LuaRuntime { execution.definition.runtime }

    /// Calls `function(ctx, event)` and returns its first result as JSON; with
    /// `arguments`, `function(ctx, arguments...)` instead (a subflow's `each` input).
    func call(_ function: LuaRef, name: String, arguments: [JSONValue]? = nil) throws -> JSONValue {
        let event = eventJSON
        let context = try makeContext(event: event)
        let engine = execution.engine
        let previous = engine.currentExecution
        engine.currentExecution = execution
        defer { engine.currentExecution = previous }
        do {
            // Each call starts from the file's state after loading: nothing a previous call
            // (of this instance or another) left in module locals or globals is visible.
            try execution.definition.rewindModuleState()
            runtime.setRunLabel("(instance \(execution.instance.id) of \(execution.definition.name), \(name))")
            defer { runtime.setRunLabel("") }
            let passed = arguments.map { $0.map { LuaArgument.json($0) } } ?? [.json(event)]
            let results = try runtime.callJSON(function, arguments: [.value(.table(context))] + passed,
                                               seed: seed(name), chunkName: execution.definition.file,
                                               resultName: "the result of \(name)")
            let data = try runtime.jsonField(context, "data", path: "ctx.data")
            guard case .object = data else {
                throw EngineError.invalid("\(execution.definition.file): \(name) set ctx.data to a "
                                          + "\(data.typeName); it must stay a table")
            }
            execution.instance.data = data
            return results.first ?? .null
        } catch let error as LuaError {
            throw EngineError.script(error.description, traceback: error.traceback)
        }
    }

    private var eventJSON: JSONValue {
        let command = execution.command
        var fields: [String: JSONValue] = ["name": .string(command.event ?? command.kind.rawValue)]
        if let data = execution.eventData ?? command.data { fields["data"] = data }
        if let comment = command.comment { fields["comment"] = .string(comment) }
        return .object(fields)
    }

    private func seed(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(execution.instance.id)|\(execution.at)|\(execution.instance.counter)|\(name)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }

    private func makeContext(event: JSONValue) throws -> LuaRef {
        let instance = execution.instance
        let context = try runtime.newTable()
        try runtime.setField(context, "data", .json(instance.data))
        try runtime.setField(context, "input", .json(instance.input))
        try runtime.setField(context, "now", .json(.string(execution.at)))
        let today = CivilDate(execution.now, in: execution.engine.timestamps.timeZone).description
        try runtime.setField(context, "today", .json(.string(today)))
        try runtime.setField(context, "actor", .json(.string(execution.actor)))
        try runtime.setField(context, "event", .json(event))
        try runtime.setField(context, "instance", .json(.object([
            "id": .string(instance.id), "workflow": .string(instance.workflow),
            "state": .string(instance.state), "initiator": .string(instance.initiator),
        ])))
        try runtime.setProtectedMetatable(context, try execution.engine.contextMetatable(for: runtime))
        return context
    }
}
