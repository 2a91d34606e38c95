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
    let snapshot: KnownSnapshot?
    let head: JournalHead?
}

/// What a commit needs of the snapshot on disk: its bytes (to put back if the commit
/// fails), its head and the index entries it was committed with.
struct KnownSnapshot {
    let bytes: [UInt8]
    let head: JournalHead
    let indexed: IndexEntries

    init(bytes: [UInt8], head: JournalHead, indexed: IndexEntries) {
        self.bytes = bytes
        self.head = head
        self.indexed = indexed
    }

    init(_ stored: StoredSnapshot) {
        self.init(bytes: stored.bytes, head: stored.head, indexed: stored.indexed)
    }
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
    /// Re-entrant within one task or thread.
    ///
    /// A lock file exists only for an instance that exists. When the body is done and
    /// the instance has neither snapshot nor journal (a refused or failed start, a
    /// command on an id that has none, a stale index marker), the holder removes the
    /// lock file *before* releasing the lock. That is safe because every acquirer, once
    /// it has the `flock`, checks that the file it locked still has a name
    /// (`linkCount` > 0): one that waited on a file its previous holder removed finds it
    /// unlinked, and takes the lock again on the file now at that name. So at any moment
    /// only the holder of the file linked at `locks/<id>.lock` runs a body, as when lock
    /// files were never deleted. A lock file is only ever removed by its lock's holder.
    @discardableResult
    public func withInstanceLock<T>(_ id: String, timeout: Double? = nil,
                                    _ body: () throws -> T) throws -> T {
        try NameRules.checkInstanceID(id)
        return try withLockFile(path: layout.lockFile(id), timeout: timeout ?? defaultLockTimeout,
                                busy: { .busy(id: id, waitedSeconds: $0) },
                                beforeRelease: { hold in self.removeLockFileIfUnused(id, hold) }, body)
    }

    /// Removes `id`'s lock file, under its lock, if the instance has neither a snapshot
    /// nor a journal file. Anything uncertain (a file that cannot be checked) keeps it:
    /// a lock file left behind is only untidy, while the check must never remove the
    /// lock file of an instance that exists.
    private func removeLockFileIfUnused(_ id: String, _ hold: LockHold) {
        if let known = hold.known, known.snapshot != nil || known.head != nil { return }
        func absent(_ path: String) -> Bool {
            do {
                return try fileSystem.status(path) == nil
            } catch {
                return false
            }
        }
        guard absent(layout.snapshotFile(id)), absent(layout.journalFile(id)) else { return }
        try? fileSystem.unlink(layout.lockFile(id))
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
                                 beforeRelease: ((LockHold) -> Void)? = nil,
                                 _ body: () throws -> T) throws -> T {
        if HeldLocks.holds[path] != nil { return try body() }
        let file = try acquire(path: path, timeout: timeout, busy: busy)
        let hold = LockHold()
        defer {
            beforeRelease?(hold)
            // Closing the descriptor releases the flock.
            fileSystem.closeQuietly(file)
        }
        return try HeldLocks.$holds.withValue(HeldLocks.holds.merging([path: hold]) { $1 }) {
            try body()
        }
    }

    /// Opens the lock file at `path` (creating it if needed) and takes its `flock`,
    /// polling until `timeout`. A file that lost its name while this process waited
    /// (its holder removed it, see `withInstanceLock`) is closed and the file now at
    /// `path` is locked instead, within the same timeout.
    private func acquire(path: String, timeout: Double,
                         busy: (Double) -> StoreError) throws(StoreError) -> OpenFile {
        let fs = fileSystem
        let start = DispatchTime.now().uptimeNanoseconds
        var pause: UInt32 = 1_000  // microseconds; doubles up to 50 ms
        var file = try fs.open(path, [.read, .write, .create], mode: 0o644)
        while true {
            var unlinked = false
            do {
                if try fs.tryLock(file) {
                    if try fs.linkCount(file) > 0 { return file }
                    unlinked = true
                }
            } catch let error {
                fs.closeQuietly(file)
                throw error
            }
            if unlinked {
                // Its holder removed it before releasing it: lock the file now at `path`.
                fs.closeQuietly(file)
                file = try fs.open(path, [.read, .write, .create], mode: 0o644)
                continue
            }
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
