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
    /// The parsed snapshot, decoded into a type without building it as a `JSONValue`.
    var document: JSONDocument
    var bytes: [UInt8]
    var head: JournalHead
    var indexed: IndexEntries

    /// The whole snapshot as a `JSONValue` (built on each call).
    var value: JSONValue { document.value }
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
        let document: JSONDocument
        do {
            document = try JSONDocument.parse(bytes)
        } catch let error {
            let problem = bytes.isEmpty ? "the file is empty" : "not valid JSON (\(error.description))"
            throw .corruptSnapshot(id: id, path: path, problem: problem)
        }
        guard document.isObject else {
            throw .corruptSnapshot(id: id, path: path,
                                   problem: "expected a JSON object, found \(document.typeName)")
        }
        guard let storedID = document.member(SnapshotKeys.id)?.stringValue else {
            throw .corruptSnapshot(id: id, path: path, problem: "no string \"id\"")
        }
        guard storedID == id else {
            throw .corruptSnapshot(id: id, path: path,
                                   problem: "it belongs to instance \"\(storedID)\", not \"\(id)\"")
        }
        guard let headValue = document.member(SnapshotKeys.head), let head = JournalHead(json: headValue) else {
            throw .corruptSnapshot(id: id, path: path, problem:
                "no valid \"head\" (expected {\"seq\": n ≥ 1, \"hash\": \"<64 hex digits>\"})")
        }
        return StoredSnapshot(document: document, bytes: bytes, head: head,
                              indexed: IndexEntries(indexedJSON: document.member(SnapshotKeys.indexed)))
    }
}
