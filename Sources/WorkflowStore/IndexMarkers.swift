import AgencyJSON

// Index markers are derived data: empty files whose path says "instance <id> has
// <kind> = <key>". They let tick find what is due and inbox find a person's items by
// listing one directory, without reading thousands of snapshots. They may be stale
// (a crash between creating a new marker and removing an old one leaves both); readers
// must confirm with the snapshot, which is the truth. `rebuildIndex` recreates them all.

extension FileStore {
    /// The instance ids with a marker for `kind` = `key`, sorted. No snapshot is read.
    public func ids(kind: String, key: String) throws(StoreError) -> [String] {
        try NameRules.checkIndexKind(kind)
        try NameRules.checkIndexKey(key)
        return try listIfPresent(layout.indexKeyDirectory(kind, key))
            .filter { !$0.hasPrefix(".") }
            .sorted(by: byteOrder)
    }

    /// The keys of `kind` that have (or recently had) markers, sorted by their UTF-8
    /// bytes; with `through`, only keys up to and including it. For "due" keys, which are
    /// compact UTC times, `keys(kind: "due", through: IndexEntry.dueKey(now))` is
    /// everything due by `now`.
    public func keys(kind: String, through: String? = nil) throws(StoreError) -> [String] {
        try NameRules.checkIndexKind(kind)
        var keys = try listIfPresent(layout.indexKindDirectory(kind)).filter { !$0.hasPrefix(".") }
        if let through { keys = keys.filter { !byteOrder(through, $0) } }
        return keys.sorted(by: byteOrder)
    }

    /// The kinds present in the index, sorted.
    public func indexKinds() throws(StoreError) -> [String] {
        try listIfPresent(layout.indexDirectory).filter { !$0.hasPrefix(".") }.sorted(by: byteOrder)
    }

    /// Every (entry, id) marker in the index, for checks and tests.
    public func allMarkers() throws(StoreError) -> Set<IndexMarker> {
        var markers: Set<IndexMarker> = []
        for kind in try indexKinds() {
            for key in try keys(kind: kind) {
                for id in try ids(kind: kind, key: key) {
                    markers.insert(IndexMarker(entry: IndexEntry(kind, key), id: id))
                }
            }
        }
        return markers
    }

    /// Creates the marker files for `entries` of instance `id` (existing ones are kept).
    func createMarkers(_ entries: IndexEntries, id: String) throws(StoreError) {
        let fs = fileSystem
        for entry in entries.sorted() {
            let kindDirectory = layout.indexKindDirectory(entry.kind)
            let keyDirectory = layout.indexKeyDirectory(entry.kind, entry.key)
            let marker = layout.indexMarker(entry, id: id)
            // A concurrent commit of another instance may remove the key directory
            // between our mkdir and open when its last marker goes; try again then.
            var attempt = 0
            while true {
                attempt += 1
                let newKind = try fs.ensureExistingDirectory(kindDirectory)
                let newKey = try fs.ensureExistingDirectory(keyDirectory)
                do {
                    let file = try fs.open(marker, [.write, .create], mode: 0o644)
                    fs.closeQuietly(file)
                } catch let error {
                    if error.isNotFound && attempt < 5 { continue }
                    throw error
                }
                if options.syncIndexMarkers {
                    if newKind { try fs.syncDirectory(layout.indexDirectory) }
                    if newKey { try fs.syncDirectory(kindDirectory) }
                    try fs.syncDirectory(keyDirectory)
                }
                break
            }
        }
    }

    /// Removes the marker files for `entries` of instance `id`. Failures are ignored: a
    /// marker left behind is only stale, never wrong, because readers check the snapshot.
    ///
    /// Key directories stay, even when emptied: removing one on every commit and making
    /// it again on the next (a person's inbox going from one item to none and back) cost
    /// a directory block freed and allocated each time, with a discard on some disks.
    /// Kinds with bounded keys (people, statuses) keep a directory per key; the owner of
    /// a kind with unbounded keys prunes it (tick removes emptied due times it has passed,
    /// with `removeKeyIfEmpty`).
    func removeMarkers(_ entries: IndexEntries, id: String) {
        for entry in entries {
            fileSystem.unlinkQuietly(layout.indexMarker(entry, id: id))
        }
    }

    /// Removes the directory of `kind` = `key` if it holds no marker; returns whether it
    /// did. Safe while commits run: a commit adding a marker at that moment either makes
    /// the removal fail (the directory is not empty) or finds the directory gone and
    /// makes it again.
    @discardableResult
    public func removeKeyIfEmpty(kind: String, key: String) -> Bool {
        guard (try? NameRules.checkIndexKind(kind)) != nil, (try? NameRules.checkIndexKey(key)) != nil
        else { return false }
        return (try? fileSystem.removeDirectory(layout.indexKeyDirectory(kind, key))) != nil
    }

    func listIfPresent(_ path: String) throws(StoreError) -> [String] {
        do {
            return try fileSystem.list(path)
        } catch let error {
            if error.isNotFound { return [] }
            throw error
        }
    }
}

/// One marker file: `index/<entry.kind>/<entry.key>/<id>`.
public struct IndexMarker: Sendable, Hashable, CustomStringConvertible {
    public let entry: IndexEntry
    public let id: String

    public init(entry: IndexEntry, id: String) {
        self.entry = entry
        self.id = id
    }

    public var description: String { "\(entry) \(id)" }
}
