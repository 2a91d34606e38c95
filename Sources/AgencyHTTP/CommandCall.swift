import AgencyJSON
import AgencyServer
import Dispatch
import Hummingbird
import Logging

/// The command line one API call runs: exactly what someone would type after `agency`,
/// always with `--json`, so that permissions, output and exit statuses are the CLI's.
///
/// Values from the request never become options or paths: every option is written
/// `--name=value` (the parser takes what follows `=` as the value, even `--as`), and
/// positional arguments come after `--`, where nothing is read as an option.
struct APICommandLine: Sendable, Equatable {
    private(set) var arguments: [String]
    private var positionals: [String] = []
    /// Answer success with 201 Created (a new instance) rather than 200.
    var created = false

    init(_ words: String...) {
        arguments = words
    }

    mutating func option(_ name: String, _ value: String?) {
        if let value { arguments.append("--\(name)=\(value)") }
    }

    mutating func flag(_ name: String, _ on: Bool = true) {
        if on { arguments.append("--\(name)") }
    }

    mutating func positional(_ value: String?) {
        if let value { positionals.append(value) }
    }

    /// The whole argv: words and options, `--`, then the positional arguments.
    var argv: [String] { positionals.isEmpty ? arguments : arguments + ["--"] + positionals }
}

/// Runs API calls' commands on the served executor and answers them.
struct CommandRunner: Sendable {
    let executor: ServedExecutor

    func respond(_ command: APICommandLine, context: APIRequestContext) async throws -> Response {
        guard let caller = context.caller else {
            throw APIProblem.unauthorized("this request needs an API token")
        }
        let started = DispatchTime.now()
        // HTTP callers have no files and no stdin; their working directory means nothing.
        let request = ServedRequest(arguments: command.argv, workingDirectory: "/")
        let result = await executor.run(request, caller: caller, io: NoClientFiles())
        var logger = context.logger
        logger[metadataKey: "command"] = .string(ServerMetrics.commandName(command.argv))
        logger[metadataKey: "exit"] = .stringConvertible(result.status)
        logger[metadataKey: "duration_ms"] = .stringConvertible(
            Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e6)
        guard result.status == 0 else {
            let problem = APIProblem.command(exit: result.status, standardError: result.standardError)
            logger.notice("command refused", metadata: ["status": .stringConvertible(problem.status.code)])
            throw problem
        }
        // The CLI's --json output is the body as it is; a command that printed anything
        // else is a bug (a route without --json, a command that ignores it).
        guard (try? JSONValue.parse(result.standardOutput)) != nil else {
            logger.error("command printed no JSON")
            throw APIProblem(status: .internalServerError, code: "internal",
                             message: "the command succeeded but printed no JSON; please report this", exit: 70)
        }
        logger.info("command done")
        return JSONResponse.make(status: command.created ? .created : .ok, bytes: result.standardOutput)
    }
}
