import AgencyServer
import ArgumentParser
import Foundation

/// Runs served commands in the server's process: the same ArgumentParser types and
/// `run()` as direct mode, with the output captured and the server's hot store, so
/// output, exit codes and `--json` are byte for byte those of direct mode.
struct ServedCommandRunner: ServedCommandHandler {
    let store: HotStore

    func handle(_ request: ServedRequest, caller: Caller, io: any ClientIO) -> ServedResponse {
        let color = request.standardOutputIsTerminal && request.environment["NO_COLOR"] == nil
        let sink = OutputSink(color: color, terminal: request.standardOutputIsTerminal)
        let context = ServedRequestContext(store: store, caller: caller, channel: caller.channel.rawValue, io: io,
                                           environment: request.environment.filter { Self.forwarded($0.key) },
                                           output: sink)
        let status = ServedRequestContext.$current.withValue(context) {
            if let refusal = stranger(caller) {
                Console.error("agency: error: " + refusal)
                return ExitStatus.notPermitted.rawValue
            }
            return Self.execute(request.arguments)
        }
        return ServedResponse(status: status, standardOutput: sink.standardOutput, standardError: sink.standardError)
    }

    /// Why a socket caller may not run anything, or nil. On a production served store a
    /// login that is not in the people directory is refused before any command runs, reads
    /// included (Docs/security.md: other users of the machine cannot read the store). A
    /// served simulation store lets anyone act with `--as`, as a direct one does.
    private func stranger(_ caller: Caller) -> String? {
        guard caller.channel == .cliSocket, caller.person == nil else { return nil }
        let opened: HotStore.Opened
        do {
            opened = try store.current()
        } catch {
            return nil  // the command itself reports why the store cannot open
        }
        if opened.files.config.simulation { return nil }
        let login = caller.login ?? caller.uid.map { "uid\($0)" } ?? "(unknown)"
        guard opened.people.person(login: login) == nil else { return nil }
        return "your login '\(login)' is not in the people directory of the served store \(store.storeURL.path); "
            + "ask an admin to add \"login\": \"\(login)\" to your entry (agency people apply)"
    }

    /// `agency tick` on the server's behalf (the tick loop); nil when it went well.
    func tick() -> String? {
        let sink = OutputSink(color: false)
        let context = ServedRequestContext(store: store, caller: nil, channel: "serve", io: NoClientFiles(),
                                           environment: [:], output: sink)
        let status = ServedRequestContext.$current.withValue(context) { Self.execute(["tick"]) }
        guard status != 0 else { return nil }
        let text = String(decoding: sink.standardError + sink.standardOutput, as: UTF8.self)
        return "exit \(status): " + text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Only these of the client's variables reach a command (the rest of a client's
    /// environment is none of the server's business).
    static func forwarded(_ name: String) -> Bool {
        name.hasPrefix("AGENCY_") || name == "NO_COLOR" || name == "COLUMNS"
    }

    /// Parses and runs `arguments`; every error becomes its exit status and message, as
    /// `Agency.main` would print them. Nothing a command throws reaches the server.
    static func execute(_ arguments: [String]) -> Int32 {
        let command: ParsableCommand
        do {
            command = try Agency.parseAsRoot(arguments)
        } catch {
            return parserFailure(error)
        }
        if ServedForwarding.isLocalOnly(command) {
            Console.error("agency: error: agency \(arguments.first ?? "") runs on the client's side, not on the server "
                + "(run it without a served store, or see Docs/serving.md)")
            return ExitStatus.usage.rawValue
        }
        // The audit commands check the files as they are, with no memory of earlier
        // requests, exactly as a fresh direct process does; and what they learn (versions
        // seen, caches primed by a replay) must not shape the next command either.
        let audit = command is VerifyCommand || command is RepairCommand || command is ReindexCommand
        if audit { ServedRequestContext.current?.store.invalidate() }
        defer { if audit { ServedRequestContext.current?.store.invalidate() } }
        do {
            var command = command
            try command.run()
            return 0
        } catch {
            guard CLIError.isFullAgencyError(error) else { return parserFailure(error) }
            let mapped = CLIError(error)
            Console.error("agency: error: " + TerminalText.visible(mapped.description, continuation: ""))
            return mapped.exitCode.rawValue
        }
    }

    /// What ArgumentParser's `exit(withError:)` prints and returns, without exiting.
    private static func parserFailure(_ error: Error) -> Int32 {
        let text = Agency.fullMessage(for: error)
        let code = Agency.exitCode(for: error)
        if !text.isEmpty {
            Console.write(Array((text + "\n").utf8), to: code == .success ? STDOUT_FILENO : STDERR_FILENO)
        }
        return code.rawValue
    }
}
