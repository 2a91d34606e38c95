import AgencyJSON
import AgencyService
import LuaRuntime
import WorkflowEngine

/// The commands a test gives: `t:start`, `t:act` (every kind a person or an admin can
/// give, as the CLI's action commands do) and `t:signal` (a message from another
/// instance). Each runs through ``AgencyService`` at the virtual clock's time.
extension TestSession {
    /// `t:start(workflow, input, { as = PERSON, id = ID })`: returns the instance id.
    func start(_ workflow: String, input: JSONValue, options: JSONValue?) throws -> String {
        let context = "t:start(\"\(workflow)\")"
        let options = try TestOptions(options, allowed: ["as", "id"], context: context)
        let actor = try person(try options.string("as"), context: context)
        let id = try options.string("id") ?? nextID(workflow)
        let input = input.isNull ? JSONValue.object([:]) : input
        _ = try perform("\(context) as \(actor)", instance: nil) {
            try service.start(workflow, id: id, input: input, actor: actor, at: now)
        }
        return id
    }

    /// Which options each action takes, besides `as`, `item`, `comment` and `attach`.
    static let actionOptions: [Command.Kind: Set<String>] = [
        .complete: ["outcome", "data"],
        .approve: ["data"], .reject: ["data"], .withdraw: [], .takeback: [], .comment: [], .retry: [],
        .urge: [], .revoke: ["reason"],
        .send: ["event", "data"],
        .transfer: ["to"], .delegate: ["to"],
        .addsign: ["who", "where"], .removesign: ["who"],
        .return: ["to"],
        .cancel: ["reason"], .reassign: ["to", "reason"], .goto: ["to", "reason"],
        .migrate: ["reason", "mapping"],
    ]

    /// `t:act(id, kind, options)`: returns the instance after the command.
    func act(_ id: String, kindName: String, options value: JSONValue?) throws -> JSONValue {
        let context = "t:act(\"\(id)\", \"\(kindName)\")"
        guard let kind = Command.Kind(rawValue: kindName), let extra = Self.actionOptions[kind] else {
            let hint: String
            switch kindName {
            case "start": hint = "; start instances with t:start"
            case "timer": hint = "; timers fire when the clock moves (t:advance, t:at)"
            case "message": hint = "; send messages with t:signal"
            default: hint = ""
            }
            throw HostCallError("\(context): '\(kindName)' is not an action (one of: "
                                + Self.actionOptions.keys.map(\.rawValue).sorted().joined(separator: ", ") + ")" + hint)
        }
        let options = try TestOptions(value, allowed: extra.union(["as", "item", "comment", "attach"]),
                                      context: context)
        let actor = try person(try options.string("as"), context: context)
        let what = "\(context) as \(actor)"
        if kind == .migrate {
            let result = try perform(what, instance: id) {
                try service.migrate(id, mapping: try options.stringMap("mapping"), actor: actor, at: now,
                                    reason: try options.string("reason"), dryRun: false)
            }
            return try JSONValue(encoding: result.to)
        }
        var command = Command(kind: kind, actor: actor, at: format(now))
        command.item = try options.string("item")
        command.comment = try options.string("comment")
        command.attachments = try options.strings("attach")
        command.reason = try options.string("reason")
        command.data = options.json("data")
        switch kind {
        case .complete:
            command.event = try options.string("outcome")
        case .send:
            guard let event = try options.string("event") else {
                throw HostCallError("\(context): send needs { event = \"...\" }")
            }
            command.event = event
        case .addsign:
            command.to = try options.string("who")
            command.position = try options.string("where") ?? "after"
        case .removesign:
            command.to = try options.string("who")
        default:
            command.to = try options.string("to")
        }
        let result = try perform(what, instance: id) { try service.execute(id, command) }
        return try JSONValue(encoding: result.instance)
    }

    /// `t:signal(id, event, data)`: what `ctx:signal` from another instance delivers.
    func signal(_ id: String, event: String, data: JSONValue) throws -> JSONValue {
        var command = Command(kind: .message, actor: "system", at: format(now))
        command.event = event
        command.data = data.isNull ? JSONValue?.none : data
        generatedSignals += 1
        command.key = "test-signal-\(generatedSignals)"
        let result = try perform("t:signal(\"\(id)\", \"\(event)\")", instance: id) {
            try service.execute(id, command)
        }
        return try JSONValue(encoding: result.instance)
    }
}
