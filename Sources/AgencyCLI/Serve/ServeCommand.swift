import AgencyHTTP
import AgencyJSON
import AgencyServer
import AgencyService
import AgencyWeb
import ArgumentParser
import Foundation
import Logging
import WorkflowStore

/// `agency serve`: the one owner of a served store (Docs/serving.md).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Own a served store: run every client's command and the tick loop (Docs/serving.md).",
        discussion: """
            Run it as the store's service account (systemd). Clients run agency as usual:
            on a served store their commands come here over the store's socket, and the
            server learns who they are from the kernel. SIGTERM or SIGINT finishes the
            commands in flight, removes the socket and exits 0.

            Examples:
              agency serve --store /srv/zone/.agency --workflows /srv/zone/Workflows
              agency serve --check --store /srv/zone/.agency     # health probe
              agency serve --store 'postgres://agency@db.internal/zones' --folder /srv/node2/.agency
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("With --store postgres://URL: this node's folder (socket, people.json, calendar, keys, tokens); its store.json names that database.",
                               valueName: "dir"))
    var folder: String?
    @Option(help: ArgumentHelp("The workflows folder (default: $AGENCY_WORKFLOWS, else the Workflows folder beside the store).",
                               valueName: "dir"))
    var workflows: String?
    @Option(help: ArgumentHelp("Seconds between ticks (timers, ladders, schedules, deliveries); 0 runs none.",
                               valueName: "seconds"))
    var tickInterval: Double = 60
    @Option(help: ArgumentHelp("Seconds a client may take to answer for its files or standard input.",
                               valueName: "seconds"))
    var clientTimeout: Double = 30
    @Option(help: ArgumentHelp("Also serve the HTTP JSON API (Docs/api.md) here, e.g. 127.0.0.1:8480; loopback unless a host is given.",
                               valueName: "host:port"))
    var listen: String?
    @Flag(help: "Ask the running server for its health and print it; exit 0 when it answers.")
    var check = false
    @Flag(help: "Print --check's answer as JSON.") var json = false

    func run() throws {
        let root = try ServeFolder.root(storeOptions, folder: folder)
        let config = try Self.servedConfig(root)
        if check { return try Self.check(root: root, socket: config.socket, json: json) }
        guard tickInterval >= 0, tickInterval.isFinite, clientTimeout > 0, clientTimeout.isFinite else {
            throw CLIError.invalid("--tick-interval must be 0 or more and --client-timeout more than 0 seconds")
        }
        let address = try listen.map { text in
            guard let address = HTTPServer.parseListen(text) else {
                throw CLIError.invalid("--listen \(text): write HOST:PORT, e.g. 127.0.0.1:8480 (or [::1]:8480, or a port)")
            }
            return address
        }
        // Metrics go to Prometheus only if it is bootstrapped before the first is recorded.
        if address != nil { _ = PrometheusSetup.registry() }
        // Whatever the server creates is its account's alone (Docs/storage.md).
        umask(0o077)
        let ownership = try Self.served { try StoreOwnership.acquire(storeRoot: root.path) }
        if Self.isServedStore(root) { try Self.served { try StorePermissions.secure(storeRoot: root.path) } }
        let folder = URL(fileURLWithPath: workflows ?? ProcessInfo.processInfo.environment["AGENCY_WORKFLOWS"]
            ?? root.deletingLastPathComponent().appendingPathComponent("Workflows").path)
        let hot = HotStore(storeURL: root, workflowsFolder: folder)
        _ = try hot.current()  // a store that cannot open fails here, not at the first client
        let runner = ServedCommandRunner(store: hot)
        let executor = ServedExecutor(handler: runner)
        var logger = Logger(label: "agency.serve")
        logger.logLevel = .info
        let server = Server(configuration: .init(storeRoot: root.path, socketPath: config.socket,
                                                 tickInterval: tickInterval, clientTimeout: clientTimeout),
                            executor: executor, logger: logger, tick: { runner.tick() })
        let http = try address.map { address in
            var api = HTTPServer(executor: executor, tokens: APITokenStore(storeDirectory: root.path),
                                 host: address.host, port: address.port, logger: Logger(label: "agency.http"))
            let web = try WebWorkplace(executor: executor, store: ServedWebStore(executor: executor, hot: hot))
            api.extraRoutes = { router in web.addRoutes(to: router) }
            return try HTTPListener.start(api, logger: logger)
        }
        try Self.served { try server.run() }
        // The socket is closed and its commands are done; HTTP requests in flight finish too.
        http?.stop()
        withExtendedLifetime(ownership) {}
    }

    /// The store's `served` settings, or an error saying how to make one.
    static func servedConfig(_ root: URL) throws -> ServedConfig {
        let file = root.appendingPathComponent("store.json").path
        guard let bytes = try mapErrors({ try LocalFile.read(file) }) else {
            throw CLIError.notFound("\(root.path) is not a store (no store.json); create a served one with "
                + "agency init --served --store \(root.path)")
        }
        let config: StoreConfig
        do {
            config = try StoreConfig(json: try JSONValue.parse(bytes), path: file)
        } catch {
            throw CLIError(error)
        }
        guard let served = config.served else {
            // A simulation store (the demo's) may be served as it is, to open it in a browser:
            // its files stay as they are and direct commands keep working beside the server.
            if config.simulation { return ServedConfig(socket: root.path + "/agency.sock") }
            throw CLIError.invalid("the store \(root.path) is not a served store (its store.json has no \"served\"); "
                + "create one with agency init --served, see Docs/serving.md")
        }
        return served
    }

    /// Whether store.json declares the store served (not a simulation store served as it is).
    static func isServedStore(_ root: URL) -> Bool {
        guard let bytes = try? LocalFile.read(root.appendingPathComponent("store.json").path),
              let value = try? JSONValue.parse(bytes),
              let config = try? StoreConfig(json: value, path: "store.json") else { return false }
        return config.served != nil
    }

    static func check(root: URL, socket: String, json: Bool) throws {
        let health: ServerHealth
        do {
            health = try ServedClient.ping(socketPath: socket)
        } catch {
            throw CLIError.io(ServedForwarding.failureMessage(error, store: root, socket: socket))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.out(String(decoding: (try? encoder.encode(health)) ?? Data(), as: UTF8.self))
            return
        }
        Console.out("agency serve is running: store \(health.store), pid \(health.pid), "
            + "up \(Int(health.uptimeSeconds)) s, \(health.queueDepth) command(s) queued, last tick "
            + (health.lastTick.map { "\($0) (\(health.lastTickResult ?? "ok"))" } ?? "not yet"))
    }

    /// Maps the server module's errors to the CLI's exit codes.
    static func served<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ServeError {
            switch error.kind {
            case .busy: throw CLIError.busy(error.message)
            case .io: throw CLIError.io(error.message)
            case .invalid, .protocolViolation: throw CLIError.invalid(error.message)
            }
        }
    }
}
