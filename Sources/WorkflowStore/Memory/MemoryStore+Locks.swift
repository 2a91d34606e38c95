import Foundation

/// The instance and store locks of a `MemoryStore`: named, exclusive, re-entrant per
/// task or thread, waited for up to a timeout. A lock is released when its holder's
/// body returns or throws; a holder cannot die without doing either, short of the
/// process, which takes the store with it.
final class LockTable: @unchecked Sendable {
    // @unchecked: `held` is guarded by `condition`.
    private let condition = NSCondition()
    private var held: Set<String> = []
    /// Tells this table's names from another's in `mine`.
    private let tag = UUID().uuidString

    /// Names of the locks the current task or thread holds, per table.
    @TaskLocal static var mine: Set<String> = []

    private func key(_ name: String) -> String { tag + ":" + name }

    func holds(_ name: String) -> Bool { Self.mine.contains(key(name)) }

    /// Runs `body` holding `name`; `busy(waited)` is thrown after `timeout` seconds.
    func with<T>(_ name: String, timeout: Double, busy: (Double) -> StoreError,
                 _ body: () throws -> T) throws -> T {
        let key = key(name)
        if Self.mine.contains(key) { return try body() }
        let start = Date()
        let deadline = start.addingTimeInterval(max(0, timeout))
        condition.lock()
        while held.contains(key) {
            if !condition.wait(until: deadline) && held.contains(key) {
                condition.unlock()
                throw busy(Date().timeIntervalSince(start))
            }
        }
        held.insert(key)
        condition.unlock()
        return try holding(key, body)
    }

    /// Runs `body` as the holder of `key` (already marked held), then releases it.
    private func holding<T>(_ key: String, _ body: () throws -> T) throws -> T {
        defer {
            condition.lock()
            held.remove(key)
            condition.broadcast()
            condition.unlock()
        }
        return try Self.$mine.withValue(Self.mine.union([key])) { try body() }
    }

    /// Runs `body` holding `name` if it is free, and returns true; false otherwise.
    func tryWith(_ name: String, _ body: () throws -> Void) throws -> Bool {
        let key = key(name)
        condition.lock()
        if held.contains(key) {
            condition.unlock()
            return false
        }
        held.insert(key)
        condition.unlock()
        try holding(key, body)
        return true
    }
}

extension MemoryStore {
    @discardableResult
    public func withInstanceLock<T>(_ id: String, timeout: Double? = nil, _ body: () throws -> T) throws -> T {
        try NameRules.checkInstanceID(id)
        return try locks.with("instance/" + id, timeout: timeout ?? config.lockTimeoutSeconds,
                              busy: { .busy(id: id, waitedSeconds: $0) }, body)
    }

    @discardableResult
    public func withStoreLock<T>(timeout: Double? = nil, _ body: () throws -> T) throws -> T {
        try locks.with("store", timeout: timeout ?? config.lockTimeoutSeconds,
                       busy: { .storeBusy(waitedSeconds: $0) }, body)
    }

    public func holdsInstanceLock(_ id: String) -> Bool { locks.holds("instance/" + id) }

    public func withDeliveryLock(_ body: () throws -> Void) throws -> Bool {
        try locks.tryWith("delivery", body)
    }
}
