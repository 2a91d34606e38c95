import AgencyFormats
import AgencyJSON
import Foundation

/// An `InstanceStore` in one process's memory: what the engine and service tests run on,
/// and what a server may use for a store it does not need to keep.
///
/// It keeps the same data with the same checks as `FileStore` (ids and names, record
/// drafts, chained and sealed records, stamped snapshots, index entries, outbox and
/// notification keys, content-addressed definitions and calendars) and the same lock
/// semantics between threads, so the conformance suite holds for both. What it cannot
/// lose it never has to repair: a commit changes everything at once under one mutex, so
/// there are never `pending` records, torn lines or corrupt snapshots. Its contents end
/// with the process.
public final class MemoryStore: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `mutex` (the lock tables by `locks`).
    public let config: StoreConfig
    /// A name for messages (`location` is `memory:<name>`).
    public let name: String
    let clock: @Sendable () -> Date
    let mutex = NSLock()
    var instances: [String: StoredInstance] = [:]
    /// kind → key → ids.
    var index: [String: [String: Set<String>]] = [:]
    var outbox: [String: OutboxMessage] = [:]
    var pendingNotes: [String: JSONValue] = [:]
    var deliveredNotes: [String: JSONValue] = [:]
    var definitions: [String: [String: (source: [UInt8], savedAt: Date)]] = [:]
    var environments: [EnvironmentKind: [String: [UInt8]]] = [:]
    var swept: String?
    var recordedIndexFormat: Int?
    var cached: [String: [UInt8]] = [:]
    var simulationTime: String?
    var savedSchedules: [String: JSONValue] = [:]
    /// The store journal's sealed records and their lines.
    var storeRecords: [JSONValue] = []
    var storeLines: [UInt8] = []
    let locks = LockTable()

    /// One instance: its sealed records, the journal lines they encode to (for `verify`,
    /// which checks the same bytes a file store would), and its current snapshot.
    struct StoredInstance {
        var records: [JSONValue] = []
        var lines: [UInt8] = []
        var head: JournalHead
        var snapshot: JSONValue
        var indexed: IndexEntries
    }

    /// A new, empty store. `config` is checked as `FileStore.create` checks store.json.
    public init(config: StoreConfig = StoreConfig(), name: String = "tests",
                clock: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        var config = config
        try config.validate(path: "memory:\(name)")
        if config.created == nil { config.created = ISOTime.string(clock(), in: config.timeZone) }
        self.config = config
        self.name = name
        self.clock = clock
    }

    func locked<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }
}

extension MemoryStore: InstanceStore {
    public var location: String { "memory:\(name)" }

    // MARK: Instances

    public func loadInstance(_ id: String) throws(StoreError) -> LoadedInstance? {
        try NameRules.checkInstanceID(id)
        guard let stored = try locked({ () throws(StoreError) in instances[id] }) else { return nil }
        return LoadedInstance(id: id, snapshot: stored.snapshot, snapshotHead: stored.head,
                              journalHead: stored.head, pending: [], indexed: stored.indexed)
    }

    public func instanceExists(_ id: String) throws(StoreError) -> Bool {
        try NameRules.checkInstanceID(id)
        return try locked { () throws(StoreError) in instances[id] != nil }
    }

    public func instanceIDs() throws(StoreError) -> [String] {
        try locked { () throws(StoreError) in instances.keys.sorted(by: byteOrder) }
    }

    public func readJournal(_ id: String) throws(StoreError) -> [JSONValue] {
        try NameRules.checkInstanceID(id)
        return try locked { () throws(StoreError) in instances[id]?.records ?? [] }
    }

    public func journalHead(_ id: String) throws(StoreError) -> JournalHead? {
        try NameRules.checkInstanceID(id)
        return try locked { () throws(StoreError) in instances[id]?.head }
    }

    // MARK: Index

    public func ids(kind: String, key: String) throws(StoreError) -> [String] {
        try NameRules.checkIndexKind(kind)
        try NameRules.checkIndexKey(key)
        return try locked { () throws(StoreError) in (index[kind]?[key] ?? []).sorted(by: byteOrder) }
    }

    public func keys(kind: String, through: String? = nil) throws(StoreError) -> [String] {
        try NameRules.checkIndexKind(kind)
        var keys = try locked { () throws(StoreError) in Array((index[kind] ?? [:]).keys) }
        if let through { keys = keys.filter { !byteOrder(through, $0) } }
        return keys.sorted(by: byteOrder)
    }

    @discardableResult
    public func removeKeyIfEmpty(kind: String, key: String) -> Bool {
        mutex.lock()
        defer { mutex.unlock() }
        guard let ids = index[kind]?[key], ids.isEmpty else { return false }
        index[kind]?[key] = nil
        return true
    }

    /// Every (entry, id) in the index, for checks and tests.
    public func allMarkers() throws(StoreError) -> Set<IndexMarker> {
        try locked { () throws(StoreError) in
            var markers: Set<IndexMarker> = []
            for (kind, keys) in index {
                for (key, ids) in keys {
                    for id in ids { markers.insert(IndexMarker(entry: IndexEntry(kind, key), id: id)) }
                }
            }
            return markers
        }
    }

    /// Adds and removes `id`'s entries; the caller holds `mutex`. Emptied keys stay until
    /// `removeKeyIfEmpty`, as a file store's key directories do.
    func reindex(_ id: String, from old: IndexEntries, to new: IndexEntries) {
        for entry in old.subtracting(new) { index[entry.kind]?[entry.key]?.remove(id) }
        for entry in new.subtracting(old) { index[entry.kind, default: [:]][entry.key, default: []].insert(id) }
    }

    // MARK: Outbox

    public func pendingMessages() throws(StoreError) -> [OutboxMessage] {
        try locked { () throws(StoreError) in Array(outbox.values) }.sorted { lhs, rhs in
            if lhs.source != rhs.source { return byteOrder(lhs.source, rhs.source) }
            return (lhs.seq, lhs.n) < (rhs.seq, rhs.n)
        }
    }

    public func removeMessage(_ key: String) throws(StoreError) {
        try NameRules.checkIndexKey(key)
        try locked { () throws(StoreError) in outbox[key] = nil }
    }

    // MARK: Maintenance

    /// Memory holds no temporary files.
    @discardableResult
    public func removeStaleTemporaryFiles(thorough: Bool = false) -> Int { 0 }
}
