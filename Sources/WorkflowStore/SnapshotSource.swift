import AgencyJSON

/// The snapshot a commit writes, as its caller gives it: a `JSONValue` object, or any
/// value that encodes as one (the engine's `Instance`), which is written straight to
/// bytes without building dictionaries first (`JSONValue.prettyBytes(encoding:…)`).
/// Either way the bytes are the same: pretty JSON, keys sorted, with the store's keys
/// (`SnapshotKeys`) set.
public enum SnapshotSource: Sendable {
    case json(JSONValue)
    case encodable(any Encodable & Sendable)

    /// The on-disk bytes with `id`, `head` and `indexed` set. An `id` naming another
    /// instance, or a value that is not an object, is refused (`invalidSnapshot`); a value
    /// JSON cannot hold throws `encoding`.
    func bytes(id: String, head: JournalHead, index: IndexEntries) throws(StoreError) -> [UInt8] {
        let what = "the snapshot of \(id)"
        switch self {
        case .json(let snapshot):
            let value = try CommitInput.stamped(snapshot, id: id, head: head, index: index)
            return try FileStore.encodePretty(value, what: what)
        case .encodable(let value):
            let stamps: [String: JSONValue] = [
                SnapshotKeys.id: .string(id), SnapshotKeys.head: head.json, SnapshotKeys.indexed: index.indexedJSON,
            ]
            let encoded: (bytes: [UInt8], replaced: [String: JSONValue])
            do {
                encoded = try Self.prettyBytes(value, stamps: stamps)
            } catch let error as JSONEncodingError {
                throw .encoding(what: what, problem: error.description)
            } catch EncodingError.invalidValue(_, let context) where context.codingPath.isEmpty {
                throw .invalidSnapshot(id: id, problem: "expected a value that encodes as a JSON object")
            } catch {
                throw .encoding(what: what, problem: "\(error)")
            }
            if let given = encoded.replaced[SnapshotKeys.id], given != .string(id) {
                throw .invalidSnapshot(id: id, problem: "its \"id\" is \(given), not \"\(id)\"")
            }
            return encoded.bytes
        }
    }

    /// Opens the existential so the encoder sees the concrete type.
    private static func prettyBytes<T: Encodable>(_ value: T, stamps: [String: JSONValue]) throws
        -> (bytes: [UInt8], replaced: [String: JSONValue]) {
        try JSONValue.prettyBytes(encoding: value, settingMembers: stamps)
    }
}
