import Dispatch
import Foundation
import Logging
import PostgresNIO
import WorkflowStore

/// The bridge between the synchronous `InstanceStore` protocol and postgres-nio: a small
/// pool of `PostgresConnection`s on an event-loop group of their own, driven through
/// `EventLoopFuture`s that the calling thread waits for.
///
/// Why this is safe: the futures are completed only by this group's event-loop threads,
/// which never run store code and are never blocked by it; the threads that wait are the
/// store's callers (the CLI's main thread, the server's executor). A caller waiting on a
/// Swift-concurrency thread holds that thread but cannot deadlock the wait, because nothing
/// the wait depends on needs a concurrency thread. This is also why the store does not
/// use postgres-nio's `PostgresClient`: its pool runs on Swift concurrency, and blocking
/// concurrency threads to wait for it could starve it on a two-core machine.
///
/// Every wait is bounded (`answerTimeout`): a server or network that stops answering
/// gives the caller a `database` error and the connection is closed, never a hang.
///
/// At most `url.connectionLimit` connections are open at once (in use and idle together).
/// A caller that needs one when all are in use waits for one to be returned, up to
/// `connectionWait` seconds, then gets a `database` error naming the limit: a node that
/// needs more than it may open slows down and says so, it never opens more.
final class PostgresConnections: @unchecked Sendable {
    // @unchecked: `idle`, `open`, `mostOpenValue`, `nextID` and `closed` are guarded by
    // `available`; the rest is immutable.
    let url: PostgresURL
    let group: MultiThreadedEventLoopGroup
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    /// How long to wait for any one answer. Lock waits end earlier (`lock_timeout`), so
    /// only a server or network that stopped answering reaches it.
    let answerTimeout: Double
    /// How long a caller waits for a connection when `url.connectionLimit` are in use.
    let connectionWait: Double
    /// Guards the pool's state, and wakes callers waiting for a connection.
    private let available = NSCondition()
    private var idle: [PostgresConnection] = []
    /// Connections open now, in use or idle: never above `url.connectionLimit`.
    private var open = 0
    /// The most connections open at once so far: what the tests hold against the limit.
    var mostOpen: Int { available.withLock { mostOpenValue } }
    private var mostOpenValue = 0
    private var nextID = 0
    private var closed = false
    /// Idle connections kept for reuse; more are opened when needed (up to the limit) and
    /// closed after.
    private var keepIdle: Int { min(8, url.connectionLimit) }

    init(url: PostgresURL, answerTimeout: Double, connectionWait: Double) throws(StoreError) {
        self.url = url
        self.configuration = try url.connectionConfiguration()
        self.answerTimeout = answerTimeout
        self.connectionWait = connectionWait
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // postgres-nio logs every query at debug level; the store reports failures itself.
        self.logger = Logger(label: "fullagency.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// Closes every idle connection and stops the event-loop thread; once. Connections in
    /// use are closed when returned.
    func shutdown() {
        let connections: [PostgresConnection]? = available.withLock {
            if closed { return nil }
            closed = true
            defer {
                open -= idle.count
                idle = []
                available.broadcast()
            }
            return idle
        }
        guard let connections else { return }
        for connection in connections {
            let closing: EventLoopFuture<Void> = connection.close()
            try? closing.wait()
        }
        try? group.syncShutdownGracefully()
    }

    /// A store released without `close()` still closes its connections (postgres-nio
    /// requires it) and stops its thread.
    deinit { shutdown() }

    /// Runs `body` with a connection of its own (no one else uses it meanwhile), then keeps
    /// the connection for reuse unless it broke or `body` left it in an unknown state.
    func withConnection<T>(operation: String, _ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try lease(operation: operation)
        do {
            let result = try body(connection)
            release(connection)
            return result
        } catch {
            // A failed statement or an unknown error may leave a transaction open or a lock
            // held: such a connection is never reused. The store's own refusals (busy, a
            // conflict, bad input) come after every transaction was ended and every lock
            // released, so the connection is clean. Other errors (the coordinator's, inside
            // a lock) close it: the safe choice.
            if Self.mayLeaveState(error) { discard(connection) } else { release(connection) }
            throw error
        }
    }

    /// Whether `error` may have left its connection mid-transaction or holding a lock.
    private static func mayLeaveState(_ error: any Error) -> Bool {
        switch error as? StoreError {
        case .database?, .commitFailed?: return true
        case .some: return false
        case nil: return true
        }
    }

    /// Closes `connection` without waiting. The connection is kept alive until it is
    /// closed: postgres-nio requires a connection to be closed before it is released.
    static func closeQuietly(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// An idle connection, or a new one while fewer than `url.connectionLimit` are open;
    /// else waits up to `connectionWait` for one to be returned.
    func lease(operation: String) throws(StoreError) -> PostgresConnection {
        let deadline = Date().addingTimeInterval(connectionWait)
        let taken: (reused: PostgresConnection?, id: Int)? = available.withLock {
            while !closed {
                while let connection = idle.popLast() {
                    if !connection.isClosed { return (connection, 0) }
                    open -= 1
                }
                if open < url.connectionLimit {
                    open += 1
                    mostOpenValue = max(mostOpenValue, open)
                    nextID += 1
                    return (nil, nextID)
                }
                if !available.wait(until: deadline) { return nil }
            }
            return nil
        }
        guard let taken else {
            if available.withLock({ closed }) {
                throw .database(location: url.location, operation: operation, problem: "the store was closed")
            }
            throw .database(location: url.location, operation: operation, problem:
                "all \(url.connectionLimit) connections this process may open (connection_limit in the URL) were "
                + "in use for \(Self.seconds(connectionWait)); run the command again, or raise connection_limit "
                + "(the server's max_connections must cover every node's)")
        }
        if let reused = taken.reused { return reused }
        let future = PostgresConnection.connect(on: group.next(), configuration: configuration, id: taken.id,
                                                logger: logger)
        do {
            return try wait(future, closing: nil, operation: "connect (to \(operation))")
        } catch {
            available.withLock {
                open -= 1
                available.signal()
            }
            throw error
        }
    }

    /// Returns `connection` to the pool (or closes it when the pool is full or shut down).
    func release(_ connection: PostgresConnection) {
        let kept = available.withLock { () -> Bool in
            guard !closed, !connection.isClosed, idle.count < keepIdle else { return false }
            idle.append(connection)
            available.signal()
            return true
        }
        if !kept { discard(connection) }
    }

    /// Closes a leased `connection` for good and makes room for another.
    func discard(_ connection: PostgresConnection) {
        available.withLock {
            open -= 1
            available.signal()
        }
        Self.closeQuietly(connection)
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }

    /// Runs `query` on `connection` and returns its rows.
    @discardableResult
    func run(_ query: PostgresQuery, on connection: PostgresConnection, operation: String) throws(StoreError)
        -> [PostgresRow] {
        guard !connection.isClosed else {
            throw .database(location: url.location, operation: operation, problem: Self.closedProblem)
        }
        let result = try wait(connection.query(query, logger: logger), closing: connection, operation: operation)
        return Array(result)
    }

    /// Runs `query` on a pooled connection.
    @discardableResult
    func run(_ query: PostgresQuery, operation: String) throws(StoreError) -> [PostgresRow] {
        do {
            return try withConnection(operation: operation) { connection in
                try run(query, on: connection, operation: operation)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw PostgresErrors.storeError(error, url: url, operation: operation)
        }
    }

    /// Runs `query` on `connection`: its rows, or the SQLSTATE of a server error listed in
    /// `refusals` (a lock timeout, a unique violation) for the caller to turn into its own
    /// error. The connection stays usable after a refusal outside a transaction.
    func attempt(_ query: PostgresQuery, on connection: PostgresConnection, operation: String,
                 refusals: Set<String>) throws(StoreError) -> Attempt {
        guard !connection.isClosed else {
            throw .database(location: url.location, operation: operation, problem: Self.closedProblem)
        }
        switch try outcome(connection.query(query, logger: logger), closing: connection, operation: operation) {
        case .success(let result): return .rows(Array(result))
        case .failure(let error):
            if let state = PostgresErrors.sqlState(error), refusals.contains(state) { return .refused(sqlState: state) }
            throw PostgresErrors.storeError(error, url: url, operation: operation)
        }
    }

    enum Attempt {
        case rows([PostgresRow])
        case refused(sqlState: String)
    }

    /// Waits for `future` on the calling thread (never an event-loop thread of this group).
    func wait<T: Sendable>(_ future: EventLoopFuture<T>, closing connection: PostgresConnection?,
                           operation: String) throws(StoreError) -> T {
        switch try outcome(future, closing: connection, operation: operation) {
        case .success(let value): return value
        case .failure(let error): throw PostgresErrors.storeError(error, url: url, operation: operation)
        }
    }

    /// Waits at most `answerTimeout` seconds for `future`; on timeout `closing` is closed,
    /// which also fails the future, so nothing is left running.
    private func outcome<T: Sendable>(_ future: EventLoopFuture<T>, closing connection: PostgresConnection?,
                                      operation: String) throws(StoreError) -> Result<T, any Error> {
        precondition(!future.eventLoop.inEventLoop, "PostgresStore called on its own event loop")
        let done = DispatchSemaphore(value: 0)
        let box = OutcomeBox<T>()
        future.whenComplete { result in
            box.set(result)
            done.signal()
        }
        let deadline = DispatchTime.now() + answerTimeout
        // Why the wait is sliced: postgres-nio sends a query to a connection that is already
        // closed (the server shut down, the network dropped it, a timeout here closed it) with
        // no promise for the write, so the query's future is never completed. Watching the
        // connection ends such a wait when the connection is gone instead of at the deadline.
        while done.wait(timeout: min(deadline, .now() + closedCheckInterval)) == .timedOut {
            if let connection, connection.isClosed,
               done.wait(timeout: .now() + closedCheckInterval) == .timedOut {
                throw .database(location: url.location, operation: operation, problem: Self.closedProblem)
            }
            if DispatchTime.now() >= deadline {
                connection.map(Self.closeQuietly)
                throw .database(location: url.location, operation: operation, problem:
                    "no answer within \(Int(answerTimeout)) s; the connection was closed. Check the network "
                    + "between this machine and the server and whether the server is overloaded "
                    + "(pg_stat_activity), then run the command again")
            }
        }
        return box.get() ?? .failure(StoreError.database(location: url.location, operation: operation,
                                                          problem: "no result"))
    }

    /// How often a wait looks whether its connection was closed meanwhile.
    private let closedCheckInterval = 0.25

    /// What a command on a connection that was closed under it says.
    static let closedProblem = "the connection to the server was closed (the server restarted or shut down, or "
        + "the network between them dropped it); if this was a commit its outcome is unknown: check with "
        + "agency show or agency log, then run the command again"
}

/// A result handed from an event-loop thread to the waiting thread.
private final class OutcomeBox<T: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is guarded by `mutex`.
    private let mutex = NSLock()
    private var value: Result<T, any Error>?

    func set(_ result: Result<T, any Error>) { mutex.withLock { value = result } }
    func get() -> Result<T, any Error>? { mutex.withLock { value } }
}
