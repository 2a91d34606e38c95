import AgencyJSON

/// The keys the store owns in every snapshot. Whatever a caller puts there is replaced.
public enum SnapshotKeys {
    /// The instance id, equal to the file name.
    public static let id = "id"
    /// `{"seq": n, "hash": "<hex>"}`: the journal record this snapshot reflects.
    public static let head = "head"
    /// `{"<kind>": ["<key>", …]}`: the index markers written for this snapshot, so the
    /// next commit knows which ones to remove.
    public static let indexed = "indexed"

    /// The keys `commit` sets; `verify` ignores them when comparing a replayed snapshot.
    public static let storeOwned: Set<String> = [head, indexed]
}

/// A snapshot as read from disk, with the store's keys decoded.
struct StoredSnapshot {
    var value: JSONValue
    var bytes: [UInt8]
    var head: JournalHead
    var indexed: IndexEntries
}

extension FileStore {
    /// Reads instance `id`'s snapshot; nil when there is no file. A file that is not a
    /// snapshot of this instance throws `corruptSnapshot` and is left as it is.
    /// As `readSnapshot`, but a corrupt snapshot comes back as its problem instead of an
    /// error, for verify and repair, which report or mend it.
    func readSnapshotOrProblem(_ id: String) throws(StoreError) -> (snapshot: StoredSnapshot?, problem: String?) {
        do {
            return (try readSnapshot(id), nil)
        } catch let error {
            guard case .corruptSnapshot(_, _, let problem) = error else { throw error }
            return (nil, problem)
        }
    }

    func readSnapshot(_ id: String) throws(StoreError) -> StoredSnapshot? {
        let path = layout.snapshotFile(id)
        guard let bytes = try fileSystem.readFileIfPresent(path) else { return nil }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch let error {
            let problem = bytes.isEmpty ? "the file is empty" : "not valid JSON (\(error.description))"
            throw .corruptSnapshot(id: id, path: path, problem: problem)
        }
        guard case .object(let members) = value else {
            throw .corruptSnapshot(id: id, path: path,
                                   problem: "expected a JSON object, found \(value.typeName)")
        }
        guard let storedID = members[SnapshotKeys.id]?.stringValue else {
            throw .corruptSnapshot(id: id, path: path, problem: "no string \"id\"")
        }
        guard storedID == id else {
            throw .corruptSnapshot(id: id, path: path,
                                   problem: "it belongs to instance \"\(storedID)\", not \"\(id)\"")
        }
        guard let headValue = members[SnapshotKeys.head], let head = JournalHead(json: headValue) else {
            throw .corruptSnapshot(id: id, path: path, problem:
                "no valid \"head\" (expected {\"seq\": n ≥ 1, \"hash\": \"<64 hex digits>\"})")
        }
        return StoredSnapshot(value: value, bytes: bytes, head: head,
                              indexed: IndexEntries(indexedJSON: members[SnapshotKeys.indexed]))
    }
}
