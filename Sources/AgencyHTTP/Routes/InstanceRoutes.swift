import Hummingbird

/// Starting instances and acting on them: `POST /v1/instances` and
/// `POST /v1/instances/{id}/actions/{action}`, each the CLI command of the same name.
enum InstanceRoutes {
    static func add(to group: RouterGroup<APIRequestContext>, runner: CommandRunner) {
        // POST /v1/instances {"workflow", "input", "id"}: `agency start WORKFLOW --input JSON`.
        group.post("instances") { request, context in
            let body = try await BodyFields.read(request, context: context, allowed: ["workflow", "input", "id"])
            let workflow = try body.requiredString("workflow")
            guard workflow.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                // Never a path: `start` reads a name ending in .lua as a file.
                throw APIProblem.badRequest("'\(workflow)' is not a workflow name (letters, digits, '_', '-')")
            }
            var command = APICommandLine("start", "--json")
            command.created = true
            command.option("input", try body.objectJSON("input") ?? "{}")
            command.option("id", try body.string("id"))
            command.positional(workflow)
            return try await runner.respond(command, context: context)
        }
        // POST /v1/instances/{id}/actions/{action}: approve, reject, transfer, ...
        group.post("instances/:id/actions/:action") { request, context in
            let id = try PathValue.identifier(context, "id")
            let name = context.parameters.get("action") ?? ""
            guard let action = InstanceAction.all[name] else {
                throw APIProblem(status: .notFound, code: "not_found",
                                 message: "no action '\(name)'; the actions are: "
                                    + InstanceAction.all.keys.sorted().joined(separator: ", "))
            }
            let body = try await BodyFields.read(request, context: context,
                                                 allowed: InstanceAction.common.union(action.fields))
            var command = APICommandLine(name, "--json")
            command.option("item", try body.string("item"))
            command.option("comment", try body.string("comment"))
            for reference in try body.strings("attachments") { command.option("attach", reference) }
            command.positional(id)
            try action.build(&command, body)
            return try await runner.respond(command, context: context)
        }
    }
}

/// What one action takes from the request body beyond the common `item`, `comment` and
/// `attachments`, and how it becomes the command's options and arguments.
struct InstanceAction: Sendable {
    static let common: Set<String> = ["item", "comment", "attachments"]

    let fields: Set<String>
    let build: @Sendable (inout APICommandLine, BodyFields) throws(APIProblem) -> Void

    static let all: [String: InstanceAction] = {
        let none = InstanceAction(fields: []) { _, _ throws(APIProblem) in }
        let decision = InstanceAction(fields: ["data"]) { command, body throws(APIProblem) in
            command.option("data", try body.objectJSON("data"))
        }
        let to = InstanceAction(fields: ["to"]) { command, body throws(APIProblem) in
            command.option("to", try body.requiredString("to"))
        }
        let reasonRequired = InstanceAction(fields: ["reason"]) { command, body throws(APIProblem) in
            command.option("reason", try body.requiredString("reason"))
        }
        let toAndReason = InstanceAction(fields: ["to", "reason"]) { command, body throws(APIProblem) in
            command.option("to", try body.requiredString("to"))
            command.option("reason", try body.requiredString("reason"))
        }
        return [
            "approve": decision, "reject": decision,
            "complete": InstanceAction(fields: ["outcome", "data"]) { command, body throws(APIProblem) in
                command.option("data", try body.objectJSON("data"))
                command.positional(try body.string("outcome"))
            },
            "send": InstanceAction(fields: ["event", "data"]) { command, body throws(APIProblem) in
                command.option("data", try body.objectJSON("data"))
                command.positional(try body.requiredString("event"))
            },
            "transfer": to, "delegate": to,
            "addsign": InstanceAction(fields: ["who", "where"]) { command, body throws(APIProblem) in
                command.option("who", try body.requiredString("who"))
                command.option("where", try body.string("where"))
            },
            "removesign": InstanceAction(fields: ["who"]) { command, body throws(APIProblem) in
                command.option("who", try body.requiredString("who"))
            },
            "return": InstanceAction(fields: ["to"]) { command, body throws(APIProblem) in
                command.option("to", try body.string("to"))
            },
            "withdraw": none, "takeback": none, "comment": none, "urge": none, "retry": none,
            "revoke": InstanceAction(fields: ["reason"]) { command, body throws(APIProblem) in
                command.option("reason", try body.string("reason"))
            },
            "cancel": reasonRequired,
            "reassign": toAndReason, "goto": toAndReason,
        ]
    }()
}
