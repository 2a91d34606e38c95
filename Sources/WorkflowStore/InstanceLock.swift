import Foundation

/// The locks held by the current task (or thread, outside Swift concurrency), keyed by
/// lock file path. It lets mutating calls check that their caller holds the lock, and
/// makes taking a lock one already holds a no-op instead of a self-deadlock (a second
/// `flock` on a new descriptor would conflict with the first, even in one process).
enum HeldLocks {
    @TaskLocal static var holds: [String: LockHold] = [:]
}

/// One acquisition of a lock, and what its holder last read or wrote of the instance.
///
/// While the lock is held no other process or thread can change the instance's files
/// (every writer takes the lock), so the snapshot and journal head that `loadInstance`
/// read, or that `commit` wrote, are still what is on disk: `commit` starts from them
/// instead of reading both files again. A new acquisition starts with nothing known;
/// anything else that writes the instance's files under the lock (`repair`) forgets it.
final class LockHold: @unchecked Sendable {
    // @unchecked: `state` is guarded by `mutex`.
    private let mutex = NSLock()
    private var state: KnownState?

    var known: KnownState? {
        get { mutex.withLock { state } }
        set { mutex.withLock { state = newValue } }
    }
}

/// An instance's snapshot and journal head as they are on disk.
struct KnownState {
    let snapshot: StoredSnapshot?
    let head: JournalHead?
}

extension FileStore {
    /// Runs `body` while holding instance `id`'s lock (`locks/<id>.lock`).
    ///
    /// The lock is an exclusive `flock` on a dedicated lock file, never on the snapshot
    /// (which is replaced by rename, so a lock on it would guard a file that is no longer
    /// there). It is taken with `LOCK_NB` and retried with short sleeps until `timeout`
    /// seconds (default: store.json's `lockTimeoutSeconds`) have passed, then
    /// `StoreError.busy` is thrown. The kernel drops an `flock` when its holder dies, so
    /// a lock left by a killed process is free at once: there are no stale locks.
    ///
    /// Re-entrant within one task or thread. Lock files are never deleted: deleting one
    /// while another process waits on it would let two processes hold "the" lock.
    @discardableResult
    public func withInstanceLock<T>(_ id: String, timeout: Double? = nil,
                                    _ body: () throws -> T) throws -> T {
        try NameRules.checkInstanceID(id)
        return try withLockFile(path: layout.lockFile(id), timeout: timeout ?? defaultLockTimeout,
                            busy: { .busy(id: id, waitedSeconds: $0) }, body)
    }

    /// Runs `body` while holding the store-wide lock (`locks/.store.lock`), for work
    /// that must not run twice at once across processes: tick, schedules, index rebuild.
    /// It does not exclude instance commits; those take their instance's lock.
    @discardableResult
    public func withStoreLock<T>(timeout: Double? = nil, _ body: () throws -> T) throws -> T {
        try withLockFile(path: layout.storeLockFile, timeout: timeout ?? defaultLockTimeout,
                     busy: { .storeBusy(waitedSeconds: $0) }, body)
    }

    /// Whether the current task or thread holds instance `id`'s lock.
    public func holdsInstanceLock(_ id: String) -> Bool {
        HeldLocks.holds[layout.lockFile(id)] != nil
    }

    /// The current acquisition of `id`'s lock by this task, if it holds it.
    func lockHold(_ id: String) -> LockHold? {
        HeldLocks.holds[layout.lockFile(id)]
    }

    /// Throws `notLocked` unless the caller holds `id`'s lock.
    func requireLock(_ id: String) throws(StoreError) {
        guard holdsInstanceLock(id) else { throw .notLocked(id: id) }
    }

    private func withLockFile<T>(path: String, timeout: Double, busy: (Double) -> StoreError,
                             _ body: () throws -> T) throws -> T {
        if HeldLocks.holds[path] != nil { return try body() }
        let file = try acquire(path: path, timeout: timeout, busy: busy)
        // Closing the descriptor releases the flock.
        defer { fileSystem.closeQuietly(file) }
        return try HeldLocks.$holds.withValue(HeldLocks.holds.merging([path: LockHold()]) { $1 }) {
            try body()
        }
    }

    private func acquire(path: String, timeout: Double,
                         busy: (Double) -> StoreError) throws(StoreError) -> OpenFile {
        let fs = fileSystem
        let file = try fs.open(path, [.read, .write, .create], mode: 0o644)
        let start = DispatchTime.now().uptimeNanoseconds
        var pause: UInt32 = 1_000  // microseconds; doubles up to 50 ms
        while true {
            let locked: Bool
            do {
                locked = try fs.tryLock(file)
            } catch let error {
                fs.closeQuietly(file)
                throw error
            }
            if locked { return file }
            let waited = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if waited >= timeout {
                fs.closeQuietly(file)
                throw busy(waited)
            }
            let remaining = UInt32(max(0, (timeout - waited) * 1e6))
            usleep(min(pause, max(remaining, 100)))
            pause = min(pause * 2, 50_000)
        }
    }
}
