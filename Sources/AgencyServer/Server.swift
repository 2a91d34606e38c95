import Dispatch
import Foundation
import Logging

/// `agency serve`'s lifecycle: the socket, the tick loop, and a graceful end.
///
/// The caller (the CLI's serve command) has already taken the store (``StoreOwnership``),
/// set its modes and built the handler; `run()` listens until SIGTERM or SIGINT, then
/// stops accepting, lets accepted connections and queued commands finish, removes the
/// socket and returns, so the process exits 0. A SIGKILL loses nothing acknowledged: a
/// client gets `done` only after its command returned from the store's commit.
public final class Server: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var storeRoot: String
        public var socketPath: String
        /// Seconds between ticks; nil or 0 runs no tick loop.
        public var tickInterval: Double?
        /// How long a ClientIO call (and a request's first frame) may wait for the client.
        public var clientTimeout: Double

        public init(storeRoot: String, socketPath: String, tickInterval: Double? = 60, clientTimeout: Double = 30) {
            self.storeRoot = storeRoot
            self.socketPath = socketPath
            self.tickInterval = tickInterval
            self.clientTimeout = clientTimeout
        }
    }

    public let configuration: Configuration
    public let executor: ServedExecutor
    private let logger: Logger
    private let tick: (@Sendable () -> String?)?
    private let started = Date()
    private var listener: SocketListener?
    private var tickLoop: TickLoop?
    private var signalSources: [DispatchSourceSignal] = []

    /// `tick` does one tick's work and returns nil, or what went wrong.
    public init(configuration: Configuration, executor: ServedExecutor, logger: Logger,
                tick: (@Sendable () -> String?)?) {
        self.configuration = configuration
        self.executor = executor
        self.logger = logger
        self.tick = tick
    }

    /// Listens until a SIGTERM or SIGINT, then shuts down gracefully and returns.
    public func run() throws(ServeError) {
        let listener = try SocketListener(path: configuration.socketPath)
        self.listener = listener
        if let tick, let interval = configuration.tickInterval, interval > 0 {
            let loop = TickLoop(interval: interval, executor: executor, logger: logger, work: tick)
            tickLoop = loop
            loop.start()
        }
        for signalNumber in [SIGTERM, SIGINT] {
            // The default action would end the process at once, mid-command.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.stop(reason: signalNumber == SIGTERM ? "SIGTERM" : "SIGINT") }
            source.resume()
            signalSources.append(source)
        }
        logger.info("serving \(configuration.storeRoot) on \(configuration.socketPath) (pid \(getpid()))")
        let executor = executor
        let health: @Sendable () -> ServerHealth = { [weak self] in
            self?.health() ?? ServerHealth(store: "", pid: getpid(), uptimeSeconds: 0, queueDepth: 0,
                                           lastTick: nil, lastTickResult: nil)
        }
        let timeout = configuration.clientTimeout
        let logger = logger
        listener.acceptLoop { descriptor in
            SocketConnection(descriptor: descriptor, executor: executor, health: health, clientTimeout: timeout,
                             logger: logger).serve()
        }
        // Stopping: accepted connections finish (each within the client timeout per
        // question), then every queued command and tick, then the socket goes.
        tickLoop?.stop()
        listener.finish(waitingAtMost: 10 * configuration.clientTimeout)
        executor.perform {}
        logger.info("stopped; the socket \(configuration.socketPath) is removed")
    }

    /// Stops accepting; `run()` returns once in-flight work is done.
    public func stop(reason: String) {
        logger.info("\(reason): finishing the commands in flight, then stopping")
        listener?.stop()
    }

    public func health() -> ServerHealth {
        let last = tickLoop?.lastTick
        return ServerHealth(store: configuration.storeRoot, pid: getpid(),
                            uptimeSeconds: Date().timeIntervalSince(started), queueDepth: executor.queueDepth,
                            lastTick: last.map { ISO8601DateFormatter().string(from: $0.at) },
                            lastTickResult: last?.result)
    }
}
