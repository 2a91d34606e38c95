import AgencyJSON
import AgencyServer
import ArgumentParser
import AgencyService
import Foundation
import WorkflowStore

/// The CLI as a client: on a served store, a parsed command is sent to `agency serve`
/// over the store's socket and its status and output are reproduced exactly.
enum ServedForwarding {
    /// Commands that never act on a store, or act on the client's own files: they run
    /// where they are typed, served store or not. `graph` draws an instance's path from
    /// the store only with --instance.
    static func isLocalOnly(_ command: ParsableCommand) -> Bool {
        if let graph = command as? GraphCommand { return graph.instance == nil }
        return command is InitCommand || command is ValidateCommand || command is LintCommand
            || command is TestCommand || command is DemoCommand || command is ServeCommand
            || command is CalendarCommand.Add || command is CalendarCommand.Count || command is CalendarCommand.Show
    }

    /// The socket of the served store `command` acts on, or nil to run it here.
    static func socket(for command: ParsableCommand) -> (store: URL, socket: String)? {
        guard !isLocalOnly(command), let options = storeOptions(in: command, depth: 0) else { return nil }
        let store = options.storeURL
        // store.json is readable by everyone in a served store (0644) and holds nothing
        // secret; a store that is missing or unreadable is direct mode's to report.
        let file = store.appendingPathComponent("store.json").path
        guard let bytes = try? LocalFile.read(file), let json = try? JSONValue.parse(bytes),
              let socket = (try? StoreConfig(json: json, path: file))?.served?.socket
        else { return nil }
        return (store, socket)
    }

    /// The command's store options, wherever its option groups nest them: a
    /// `StoreScoped` says where, any other value is searched by reflection.
    static func storeOptions(in value: Any, depth: Int) -> StoreOptions? {
        if depth == 0, let command = value as? any StoreScoped { return command.storeOptions }
        return reflectedStoreOptions(in: value, depth: depth)
    }

    /// `storeOptions` found by walking the value's children with `Mirror`.
    static func reflectedStoreOptions(in value: Any, depth: Int) -> StoreOptions? {
        if let options = value as? StoreOptions { return options }
        guard depth < 16 else { return nil }  // OptionGroup → parsed value → options, nested
        for child in Mirror(reflecting: value).children {
            if let found = reflectedStoreOptions(in: child.value, depth: depth + 1) { return found }
        }
        return nil
    }

    /// Sends the command line to the server and ends the process with its status.
    static func forward(store: URL, socket: String) -> Never {
        var environment: [String: String] = [:]
        for (name, value) in ProcessInfo.processInfo.environment where ServedCommandRunner.forwarded(name) {
            environment[name] = value
        }
        // Tables are cut to the client's terminal, which the server cannot measure.
        if environment["COLUMNS"] == nil, let width = Console.measuredTerminalWidth() {
            environment["COLUMNS"] = String(width)
        }
        let request = ServedRequest(arguments: Array(CommandLine.arguments.dropFirst()),
                                    workingDirectory: FileManager.default.currentDirectoryPath,
                                    environment: environment, standardOutputIsTerminal: isatty(STDOUT_FILENO) != 0)
        do {
            let response = try ServedClient.run(request, socketPath: socket)
            Console.write(response.standardOutput, to: STDOUT_FILENO)
            Console.write(response.standardError, to: STDERR_FILENO)
            exit(response.status)
        } catch {
            Console.error("agency: error: " + failureMessage(error, store: store, socket: socket))
            exit(ExitStatus.io.rawValue)
        }
    }

    static func failureMessage(_ error: ServeError, store: URL, socket: String) -> String {
        switch error.kind {
        case .io where !FileManager.default.fileExists(atPath: socket) || error.message.contains("refused"):
            return "the store \(store.path) is served by agency serve, which is not running "
                + "(\(socket): \(error.message)): start it (systemctl start agency) "
                + "or check with agency serve --check --store \(store.path)"
        default:
            return "the store \(store.path) is served by agency serve, and the command could not go through "
                + "\(socket): \(error.message)"
        }
    }
}
