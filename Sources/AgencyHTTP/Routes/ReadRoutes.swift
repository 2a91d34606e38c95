import Hummingbird

/// The read routes: each runs the CLI command that shows the same thing, with `--json`.
enum ReadRoutes {
    static func add(to group: RouterGroup<APIRequestContext>, runner: CommandRunner) {
        // GET /v1/inbox?person=ID: the caller's open items (or another person's, as `inbox --as`).
        group.get("inbox") { request, context in
            var command = APICommandLine("inbox", "--json")
            command.option("as", PathValue.query(request, "person"))
            return try await runner.respond(command, context: context)
        }
        // GET /v1/inbox/cc: what was copied to the caller (抄送), as `inbox --cc`.
        group.get("inbox/cc") { request, context in
            var command = APICommandLine("inbox", "--cc", "--json")
            command.option("as", PathValue.query(request, "person"))
            return try await runner.respond(command, context: context)
        }
        // GET /v1/instances?workflow=&state=&status=&assignee=: `agency list`.
        group.get("instances") { request, context in
            var command = APICommandLine("list", "--json")
            for filter in ["workflow", "state", "status", "assignee"] {
                command.option(filter, PathValue.query(request, filter))
            }
            return try await runner.respond(command, context: context)
        }
        // GET /v1/instances/{id}: `agency show ID` (hidden form fields left out for the caller).
        group.get("instances/:id") { _, context in
            var command = APICommandLine("show", "--json")
            command.positional(try PathValue.identifier(context, "id"))
            return try await runner.respond(command, context: context)
        }
        // GET /v1/instances/{id}/log?since=&until=&actor=&kind=: `agency log ID`.
        group.get("instances/:id/log") { request, context in
            var command = APICommandLine("log", "--json")
            for filter in ["since", "until", "actor", "kind"] {
                command.option(filter, PathValue.query(request, filter))
            }
            command.positional(try PathValue.identifier(context, "id"))
            return try await runner.respond(command, context: context)
        }
        // GET /v1/people: `agency people list`.
        group.get("people") { _, context in
            try await runner.respond(APICommandLine("people", "list", "--json"), context: context)
        }
        // GET /v1/reports/weekly?week=2025-W03: `agency report weekly --format json`.
        group.get("reports/weekly") { request, context in
            var command = APICommandLine("report", "weekly", "--format=json")
            command.option("week", PathValue.query(request, "week"))
            return try await runner.respond(command, context: context)
        }
    }
}
