import AgencyJSON

/// Where the coordinator keeps instances: the seam between `AgencyService` and a storage
/// engine. `FileStore` (a directory of JSON files) is the first implementation and
/// `MemoryStore` (one process's memory) the second; `StoreConformanceTests` runs the
/// same suite on both, and any new implementation must pass it.
///
/// ## Data
///
/// - An **instance** is a journal (records with `seq` 1, 2, …, each chained to the one
///   before by `prev` and sealed by `hash`; see `JournalHash`) and a snapshot: a JSON
///   object the store stamps with `id`, `head` (the record it reflects) and `indexed`
///   (its index entries) (`SnapshotKeys`). The journal is the truth; the snapshot is
///   the journal's result, kept so a command need not replay.
/// - **Index entries** (`kind` = `key` → ids) are derived from snapshots. They may be
///   stale (name an instance that no longer has the entry), never missing; readers check
///   the snapshot.
/// - **Outbox messages** are effects on other instances, written by the commit of the
///   event that causes them, under the key `<id>-<seq>-<n>`; they stay until removed.
/// - **Notifications** are put in a box by key, acknowledged once, never put twice.
/// - **Definitions** and **environment versions** (calendars) are content-addressed by
///   SHA-256 and never removed; a load checks the hash.
/// - **Schedules** are small JSON objects by workflow name, kept by tick.
///
/// ## Locking
///
/// Every change to an instance happens inside `withInstanceLock(id)`: at most one holder
/// at a time, across every thread and (for stores shared between processes) every
/// process. Taking a lock already held by the same task or thread runs the body at once
/// (re-entrant). A lock not obtained within the timeout (default: the configuration's
/// `lockTimeoutSeconds`) throws `busy`. A holder that dies frees its lock. The store lock
/// (`withStoreLock`) excludes other store-wide work (tick, schedules, index rebuild), not
/// instance commits.
///
/// ## Durability
///
/// `commit` is all or nothing as far as its caller can tell: when it returns, the records,
/// snapshot, outbox messages, notifications and index entries survive a crash of the
/// process (and, for a store that promises it, of the machine); when it throws
/// `commitFailed`, nothing changed unless the error's `outcome` says otherwise. If an
/// implementation can be interrupted between writing the records and the snapshot, it
/// must report the records after the snapshot as `LoadedInstance.pending` so that the
/// coordinator rolls them forward, and must refuse (`conflict`) a commit that does not
/// name the head it loaded while records are pending.
///
/// Reads outside the lock see a state some commit left, never half of one. Methods throw
/// `StoreError` with messages for the person at the terminal.
///
/// ## Sharing tick work
///
/// A store several processes (nodes) tick at once may let each due instance be claimed
/// by one of them without the others waiting (`withInstanceClaim`):
/// a node that finds an instance claimed skips it; the claimant's tick fires what is due,
/// or, if a command held it, the next tick does (the tick reloads under the lock, so a
/// timer fired elsewhere is simply gone). A claim is the instance lock itself, so it ends
/// when its holder dies. Stores one process uses keep the default: wait for the lock.
public protocol InstanceStore: AnyObject, Sendable {
    /// The store's configuration (time zone, simulation flag, limits, lock timeout).
    var config: StoreConfig { get }
    /// Where the store is, for messages and for the delivery command's environment
    /// (`AGENCY_STORE`): a directory for a file store.
    var location: String { get }

    // MARK: Locks

    /// Runs `body` holding instance `id`'s lock (see "Locking").
    func withInstanceLock<T>(_ id: String, timeout: Double?, _ body: () throws -> T) throws -> T
    /// Runs `body` holding the store-wide lock (see "Locking").
    func withStoreLock<T>(timeout: Double?, _ body: () throws -> T) throws -> T
    /// Whether the current task or thread holds instance `id`'s lock.
    func holdsInstanceLock(_ id: String) -> Bool
    /// Runs `body` holding the notification-delivery lock if no one else holds it, and
    /// returns true; returns false at once, without running it, otherwise.
    func withDeliveryLock(_ body: () throws -> Void) throws -> Bool
    /// Claims instance `id` for tick work (see "Sharing tick work"): runs `body` holding
    /// the instance's lock and returns its result, or returns nil at once, without running
    /// it, when a holder elsewhere (another node's tick, a command) has the lock. Re-entrant
    /// like the lock. By default `withInstanceLock`: the caller waits, and `busy` after
    /// the timeout, as before stores were shared between nodes.
    func withInstanceClaim<T>(_ id: String, _ body: () throws -> T) throws -> T?

    // MARK: Instances

    /// Instance `id` as stored, nil if it does not exist; `pending` holds records the
    /// snapshot does not reflect yet (see "Durability"). Torn or inconsistent data
    /// throws (`tornJournal`, `corruptSnapshot`, `integrity`), never changes anything.
    func loadInstance(_ id: String) throws(StoreError) -> LoadedInstance?
    /// Whether instance `id` has a snapshot or journal records.
    func instanceExists(_ id: String) throws(StoreError) -> Bool
    /// Every instance id, sorted by UTF-8 bytes.
    func instanceIDs() throws(StoreError) -> [String]
    /// Every record of `id`'s journal in order, the chain checked; empty when none.
    func readJournal(_ id: String) throws(StoreError) -> [JSONValue]
    /// The last record's seq and hash, nil when the journal is empty.
    func journalHead(_ id: String) throws(StoreError) -> JournalHead?
    /// A short text that changes whenever `id`'s journal changes, as far as a cheap check
    /// can tell, nil when there is no journal: for caches of derived data (a file store:
    /// the file's size and modification time; by default, the head). Never evidence.
    func journalFingerprint(_ id: String) throws(StoreError) -> String?
    /// Records an event (under the instance lock): appends `records` (drafts: `at`,
    /// `actor`, `kind`, `details`; the store adds `seq`, `prev`, `hash`), replaces the
    /// snapshot and index entries, and writes `outbox` messages and `notifications`
    /// (keys numbered on after the outbox's, `OutboxMessage.notificationKey`). `create`:
    /// the instance must not exist (`instanceExists`). `expectedHead`: the head the
    /// caller loaded (`conflict` otherwise). Returns the new head.
    @discardableResult
    func commit(_ id: String, records: [JSONValue], snapshot: JSONValue, index: IndexEntries,
                outbox: [JSONValue], notifications: [JSONValue], create: Bool,
                expectedHead: JournalHead?) throws(StoreError) -> JournalHead
    /// `commit` with a snapshot given as any value that encodes as a JSON object (the
    /// engine's `Instance`): the same checks, effects and stored snapshot as encoding it
    /// with `JSONValue(encoding:)` and passing that. The file store writes it straight
    /// to bytes; the default implementation encodes it and calls `commit`.
    func commit<Snapshot: Encodable & Sendable>(
        _ id: String, records: [JSONValue], encodedSnapshot: Snapshot, index: IndexEntries,
        outbox: [JSONValue], notifications: [JSONValue], create: Bool,
        expectedHead: JournalHead?) throws(StoreError) -> JournalHead
    /// Commits several instances' events together, each member exactly as `commit` with
    /// its arguments would (checks, effects, stored bytes, returned head), in one result
    /// per member, in order. The caller holds every member's lock (take them in id order,
    /// so that two groups cannot deadlock); ids should be distinct.
    ///
    /// A member's success means what `commit`'s return means: it survives a crash. A
    /// member's failure means what `commit`'s error means (`commitFailed` with its
    /// `outcome`, `conflict`, …), for that member. What a group adds is freedom: a store
    /// may share work between members (the file store shares the fsyncs; a database could
    /// use one transaction) and may then fail every member when a shared step fails, each undone
    /// as `commit` undoes; it must never report a member committed that a crash could
    /// take back, nor leave a member half-written. The default commits each in turn.
    func commitGroup(_ members: [InstanceCommit]) -> [Result<JournalHead, StoreError>]
    /// Whether `commitGroup` shares work between members, so that a caller gains by
    /// holding several instances' locks at once to commit them together. False by default:
    /// a group would then only hold locks longer (and, in a database store, a connection
    /// per lock).
    var commitsGroupsTogether: Bool { get }

    // MARK: Index

    /// Ids with entry `kind` = `key`, sorted.
    func ids(kind: String, key: String) throws(StoreError) -> [String]
    /// Keys of `kind` that have (or recently had) entries, sorted by UTF-8 bytes; with
    /// `through`, only those up to and including it.
    func keys(kind: String, through: String?) throws(StoreError) -> [String]
    /// A text that changes whenever an instance indexed under `kind` = `key` commits or
    /// the key's entries change, for a cache of what those instances say; nil when the
    /// store cannot tell that cheaply (then the cache checks instance by instance).
    /// Only `IndexEntry.stampedKinds` have stamps. A file store: the key folder's time
    /// and size (`IndexKeyStamps`); by default, nil.
    func indexKeyStamp(kind: String, key: String) throws(StoreError) -> String?
    /// The generation of index entries the whole index was last written with (`IndexFormat`),
    /// nil when none was recorded.
    func indexFormat() throws(StoreError) -> Int?
    /// Records the index generation durably; nil forgets it.
    func setIndexFormat(_ format: Int?) throws(StoreError)
    /// Forgets key `kind` = `key` if no entry (not even a stale one) remains under it;
    /// returns whether it did.
    @discardableResult
    func removeKeyIfEmpty(kind: String, key: String) -> Bool

    // MARK: Outbox

    /// Every undelivered message, ordered by source, seq and n.
    func pendingMessages() throws(StoreError) -> [OutboxMessage]
    /// Removes a delivered message; removing one already gone is not an error.
    func removeMessage(_ key: String) throws(StoreError)

    // MARK: Notifications

    /// Puts a notification (an object; the store sets `key`) unless the key was ever put;
    /// returns a description of where it went, or nil when the key was there already.
    @discardableResult
    func putNotification(key: String, body: JSONValue) throws(StoreError) -> String?
    /// Pending (or acknowledged) notifications in key order, and any that cannot be read.
    func notifications(delivered: Bool) throws(StoreError) -> (notifications: [JSONValue], unreadable: [String])
    /// The pending notifications whose `to` is `person`, in key order, and any that cannot
    /// be read; reads that person's, not the whole box. A notification put before the store
    /// kept recipients may be missing until `rebuildIndex` (the coordinator checks the
    /// index generation first).
    func notifications(to person: String) throws(StoreError) -> (notifications: [JSONValue], unreadable: [String])
    /// Marks a pending notification delivered, durably. Check `isNotificationPending`
    /// first: acknowledging one that is not pending throws.
    func acknowledgeNotification(_ key: String) throws(StoreError)
    /// Whether a notification with `key` is pending.
    func isNotificationPending(_ key: String) throws(StoreError) -> Bool

    // MARK: Definitions and environment versions

    /// Stores a workflow's source and returns its SHA-256; idempotent.
    @discardableResult
    func saveDefinition(_ name: String, source: [UInt8]) throws(StoreError) -> String
    /// The source of `name` at `sha` (`definitionNotFound`, `definitionTampered`).
    func loadDefinition(_ name: String, sha: String) throws(StoreError) -> String
    /// Stored versions of `name`, oldest first.
    func versions(_ name: String) throws(StoreError) -> [DefinitionVersion]
    /// Names of the workflows with stored versions, sorted.
    func definitionNames() throws(StoreError) -> [String]
    /// Stores one version of a decision environment (a calendar, a people directory) and
    /// returns its SHA-256; idempotent. Versions are never removed.
    @discardableResult
    func saveEnvironmentVersion(_ kind: EnvironmentKind, _ bytes: [UInt8]) throws(StoreError) -> String
    /// The bytes of version `sha` of `kind`, checked against it (`environmentVersionNotFound`,
    /// `environmentVersionTampered`).
    func loadEnvironmentVersion(_ kind: EnvironmentKind, sha: String) throws(StoreError) -> [UInt8]
    /// The calendar version every instance was last re-planned for, if recorded.
    func sweptCalendarVersion() throws(StoreError) -> String?
    /// Records that every instance is re-planned for calendar version `sha`.
    func markCalendarSwept(_ sha: String) throws(StoreError)
    /// Forgets the re-planned calendar version (after an index rebuild).
    func clearCalendarSwept() throws(StoreError)

    // MARK: Cached documents

    /// A document the coordinator derived and cached under `name` (`CachedDocuments`), nil
    /// when there is none. Never evidence: a reader checks it still fits what it derives from.
    func cachedDocument(_ name: String) throws(StoreError) -> [UInt8]?
    /// Replaces the cached document `name`; need not be durable.
    func saveCachedDocument(_ name: String, _ bytes: [UInt8]) throws(StoreError)

    // MARK: The simulation clock

    /// A simulation store's clock: the latest time (ISO 8601, as the engine writes it) any
    /// command or tick has used, or nil when none has run yet.
    func simulationClock() throws(StoreError) -> String?
    /// Records `time` as the simulation clock. The caller keeps it monotonic. Written
    /// atomically but not synced: an operating-system crash may leave an earlier time, which
    /// only makes the next command without `--now` earlier (and the per-instance time check
    /// still refuses going back).
    func setSimulationClock(_ time: String) throws(StoreError)

    // MARK: The store journal

    /// Appends one record (a draft, as for `commit`) to the store-level journal
    /// (`StoreJournal`), durably, under the store lock; returns its head.
    @discardableResult
    func appendStoreRecord(_ draft: JSONValue) throws -> JournalHead
    /// Every record of the store journal, the chain checked.
    func readStoreJournal() throws(StoreError) -> [JSONValue]
    /// Checks the store journal's chain, and a head kept outside the store.
    func verifyStoreJournal(knownHead: JournalHead?) throws(StoreError) -> VerifyReport
    /// Whether the store signs its journals (a `FileStore` with a public key): what it
    /// records is then evidence (`JournalSignature`). False unless an implementation says so.
    var signsJournal: Bool { get }
    /// The public key a signing store's signatures verify with (`ed25519:<base64>`), nil
    /// for a store that does not sign: two stores sign alike when these are equal.
    var journalPublicKey: String? { get }

    // MARK: Schedules

    /// Every enabled schedule: workflow name → its state, as saved.
    func schedules() throws(StoreError) -> [String: JSONValue]
    /// Saves (replaces) the schedule of `workflow`, durably.
    func saveSchedule(_ workflow: String, _ state: JSONValue) throws(StoreError)
    /// Removes the schedule of `workflow`; returns whether there was one.
    @discardableResult
    func removeSchedule(_ workflow: String) throws(StoreError) -> Bool

    // MARK: Audit and maintenance

    /// Checks instance `id` without changing anything: the chain from record 1, the
    /// snapshot's head against the journal, `knownHead` (a head kept outside the store),
    /// and, when everything else is sound, `replay(records)` against the snapshot.
    func verify(_ id: String, knownHead: JournalHead?,
                replay: (([JSONValue]) throws -> JSONValue?)?) throws(StoreError) -> VerifyReport
    /// Repairs crash damage (a torn last record, a snapshot behind the journal) by
    /// rebuilding the snapshot with `rebuild(records)`; refuses (`repairRefused`) anything
    /// a crash cannot cause. Takes the instance lock itself.
    func repair(_ id: String, rebuild: ([JSONValue]) throws -> JSONValue,
                indexEntries: ((JSONValue) throws -> IndexEntries)?) throws -> RepairReport
    /// Rebuilds the whole index from the snapshots (`entriesFor`, or each snapshot's
    /// `indexed`), under the store lock. `entriesFor` must give at least the entries the
    /// instance's commits gave (the coordinator passes the function its commits use): a
    /// file store's next commit adds only entries its snapshot does not list yet.
    @discardableResult
    func rebuildIndex(entriesFor: ((JSONValue) throws -> IndexEntries)?,
                      lockTimeout: Double?) throws -> IndexRebuildReport
    /// Removes what killed writers left behind (temporary files); returns how many.
    @discardableResult
    func removeStaleTemporaryFiles(thorough: Bool) -> Int
}

// The defaults of the requirements' optional arguments (a protocol requirement cannot
// declare them).
extension InstanceStore {
    public var signsJournal: Bool { false }
    public var journalPublicKey: String? { nil }

    public func journalFingerprint(_ id: String) throws(StoreError) -> String? {
        try journalHead(id).map { "\($0.seq):\($0.hash)" }
    }

    public func indexKeyStamp(kind: String, key: String) throws(StoreError) -> String? { nil }

    @discardableResult
    public func withInstanceLock<T>(_ id: String, _ body: () throws -> T) throws -> T {
        try withInstanceLock(id, timeout: nil, body)
    }

    @discardableResult
    public func withStoreLock<T>(_ body: () throws -> T) throws -> T {
        try withStoreLock(timeout: nil, body)
    }

    public func withInstanceClaim<T>(_ id: String, _ body: () throws -> T) throws -> T? {
        try withInstanceLock(id, timeout: nil, body)
    }

    /// `commit` without notifications. Deliberately not the requirement's full shape: a
    /// convenience with every label would silently stand in for a missing `commit` and
    /// call itself for ever.
    @discardableResult
    public func commit(_ id: String, records: [JSONValue], snapshot: JSONValue, index: IndexEntries = [],
                       outbox: [JSONValue] = [], create: Bool = false,
                       expectedHead: JournalHead? = nil) throws(StoreError) -> JournalHead {
        try commit(id, records: records, snapshot: snapshot, index: index, outbox: outbox,
                   notifications: [], create: create, expectedHead: expectedHead)
    }

    @discardableResult
    public func commit<Snapshot: Encodable & Sendable>(
        _ id: String, records: [JSONValue], encodedSnapshot: Snapshot, index: IndexEntries,
        outbox: [JSONValue], notifications: [JSONValue], create: Bool,
        expectedHead: JournalHead?) throws(StoreError) -> JournalHead {
        let snapshot: JSONValue
        do {
            snapshot = try JSONValue(encoding: encodedSnapshot)
        } catch {
            throw .encoding(what: "the snapshot of \(id)", problem: "\(error)")
        }
        return try commit(id, records: records, snapshot: snapshot, index: index, outbox: outbox,
                          notifications: notifications, create: create, expectedHead: expectedHead)
    }

    public func keys(kind: String) throws(StoreError) -> [String] { try keys(kind: kind, through: nil) }

    public func notifications() throws(StoreError) -> (notifications: [JSONValue], unreadable: [String]) {
        try notifications(delivered: false)
    }

    @discardableResult
    public func saveDefinition(_ name: String, source: String) throws(StoreError) -> String {
        try saveDefinition(name, source: Array(source.utf8))
    }

    @discardableResult
    public func saveCalendarVersion(_ bytes: [UInt8]) throws(StoreError) -> String {
        try saveEnvironmentVersion(.calendar, bytes)
    }

    public func loadCalendarVersion(sha: String) throws(StoreError) -> [UInt8] {
        try loadEnvironmentVersion(.calendar, sha: sha)
    }

    public func verify(_ id: String, knownHead: JournalHead? = nil) throws(StoreError) -> VerifyReport {
        try verify(id, knownHead: knownHead, replay: nil)
    }

    public func repair(_ id: String, rebuild: ([JSONValue]) throws -> JSONValue) throws -> RepairReport {
        try repair(id, rebuild: rebuild, indexEntries: nil)
    }

    @discardableResult
    public func rebuildIndex(entriesFor: ((JSONValue) throws -> IndexEntries)? = nil) throws -> IndexRebuildReport {
        try rebuildIndex(entriesFor: entriesFor, lockTimeout: nil)
    }

    @discardableResult
    public func removeStaleTemporaryFiles() -> Int { removeStaleTemporaryFiles(thorough: false) }
}
