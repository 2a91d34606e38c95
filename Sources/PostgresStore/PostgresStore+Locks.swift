import Foundation
import PostgresNIO
import WorkflowStore

/// The locks a task holds, per store: lock name → the connection holding it. A commit
/// under an instance lock runs on that connection, so it fails (rather than proceeding
/// unlocked) if the connection, and with it the lock, was lost.
enum HeldLocks {
    @TaskLocal static var current: [String: PostgresConnection] = [:]
}

extension PostgresStore {
    private func lockName(_ name: String) -> String { tag + ":" + name }

    /// The connection holding instance `id`'s lock for the current task, nil if it holds none.
    func lockConnection(_ id: String) -> PostgresConnection? {
        HeldLocks.current[lockName("instance/" + id)]
    }

    @discardableResult
    public func withInstanceLock<T>(_ id: String, timeout: Double? = nil, _ body: () throws -> T) throws -> T {
        try NameRules.checkInstanceID(id)
        return try withAdvisoryLock(name: "instance/" + id, key: AdvisoryKey.instance(schema: schema, id: id),
                                    timeout: timeout ?? config.lockTimeoutSeconds,
                                    busy: { .busy(id: id, waitedSeconds: $0) }, body)
    }

    @discardableResult
    public func withStoreLock<T>(timeout: Double? = nil, _ body: () throws -> T) throws -> T {
        try withAdvisoryLock(name: "store", key: AdvisoryKey.store(schema: schema),
                             timeout: timeout ?? config.lockTimeoutSeconds,
                             busy: { .storeBusy(waitedSeconds: $0) }, body)
    }

    public func holdsInstanceLock(_ id: String) -> Bool { lockConnection(id) != nil }

    /// Tries the delivery lock once (`pg_try_advisory_lock`): another node delivering
    /// makes this return false at once.
    public func withDeliveryLock(_ body: () throws -> Void) throws -> Bool {
        try withAdvisoryLockIfFree(name: "delivery", key: AdvisoryKey.delivery(schema: schema), body) != nil
    }

    /// Tick work shared between nodes (Docs/storage.md, "Ticking from several nodes"): the
    /// instance's lock if it is free, taken without waiting, so a node skips what another
    /// node's tick is firing instead of waiting for it and reporting it busy.
    public func withInstanceClaim<T>(_ id: String, _ body: () throws -> T) throws -> T? {
        try NameRules.checkInstanceID(id)
        return try withAdvisoryLockIfFree(name: "instance/" + id, key: AdvisoryKey.instance(schema: schema, id: id),
                                          body)
    }

    /// Runs `body` holding the session-level advisory lock `key` if `pg_try_advisory_lock`
    /// gets it at once; nil, without running `body`, if another session holds it.
    /// Re-entrant per task.
    ///
    /// Why an advisory lock and not a row claimed with `FOR UPDATE SKIP LOCKED`: the claim
    /// must be the lock a commit runs under, on the same connection (`lockConnection`).
    /// A row lock taken by a claim transaction on one connection would block the commit's
    /// own `SELECT … FOR UPDATE` and index rewrite on the lock's connection: the node would
    /// wait on itself. And a claim transaction would stay open while Lua runs. The try-lock
    /// has the same skip-don't-wait meaning, and like a session lock it ends with its
    /// connection, so a node that dies frees what it claimed.
    private func withAdvisoryLockIfFree<T>(name: String, key: Int64, _ body: () throws -> T) throws -> T? {
        let name = lockName(name)
        if HeldLocks.current[name] != nil { return try body() }
        return try connections.withConnection(operation: "claim a lock") { connection -> T? in
            let rows = try connections.run("SELECT pg_try_advisory_lock(\(key))", on: connection,
                                           operation: "claim a lock")
            guard let row = rows.first, try Rows.decode(row, Bool.self, url: url) else { return nil }
            return try holding(name, key: key, on: connection, body)
        }
    }

    /// Runs `body` holding the session-level advisory lock `key` on a connection of its
    /// own; re-entrant per task. The wait is bounded server-side by `lock_timeout`, whose
    /// expiry (SQLSTATE 55P03) becomes `busy(waited)`.
    private func withAdvisoryLock<T>(name: String, key: Int64, timeout: Double,
                                     busy: (Double) -> StoreError, _ body: () throws -> T) throws -> T {
        let name = lockName(name)
        if HeldLocks.current[name] != nil { return try body() }
        let start = Date()
        return try connections.withConnection(operation: "take a lock") { connection in
            // At least 1 ms: 0 would mean "wait for ever".
            let milliseconds = max(1, Int(timeout * 1000))
            try connections.run(PostgresQuery(unsafeSQL: "SET lock_timeout = \(milliseconds)"), on: connection,
                                operation: "take a lock")
            let taken = try connections.attempt("SELECT pg_advisory_lock(\(key))", on: connection,
                                                operation: "take a lock", refusals: [PostgresErrors.lockNotAvailable])
            if case .refused = taken { throw busy(Date().timeIntervalSince(start)) }
            return try holding(name, key: key, on: connection, body)
        }
    }

    /// Runs `body` as the holder of `name` (its advisory lock `key` taken on `connection`),
    /// then releases the lock. If the release fails the connection is closed, which
    /// releases it too. When `body` fails, its error is what the caller gets: a release that
    /// fails after it (the connection is gone, usually the very cause) closes the connection
    /// and is not reported in its place.
    private func holding<T>(_ name: String, key: Int64, on connection: PostgresConnection,
                            _ body: () throws -> T) throws -> T {
        var held = HeldLocks.current
        held[name] = connection
        let result: T
        do {
            result = try HeldLocks.$current.withValue(held) { try body() }
        } catch {
            do {
                try unlock(key, on: connection)
            } catch {
                PostgresConnections.closeQuietly(connection)
            }
            throw error
        }
        try unlock(key, on: connection)
        return result
    }

    private func unlock(_ key: Int64, on connection: PostgresConnection) throws(StoreError) {
        try connections.run("SELECT pg_advisory_unlock(\(key))", on: connection, operation: "release a lock")
    }
}
