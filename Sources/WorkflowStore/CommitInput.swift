import AgencyJSON

/// The checks and stamps of `commit`'s input that every `InstanceStore` applies alike.
enum CommitInput {
    /// The snapshot with the store's keys set (`SnapshotKeys`); an `id` naming another
    /// instance, or a snapshot that is not an object, is refused.
    static func stamped(_ snapshot: JSONValue, id: String, head: JournalHead,
                        index: IndexEntries) throws(StoreError) -> JSONValue {
        guard case .object(var members) = snapshot else {
            throw .invalidSnapshot(id: id, problem: "expected a JSON object, found \(snapshot.typeName)")
        }
        if let given = members[SnapshotKeys.id], given != .string(id) {
            throw .invalidSnapshot(id: id, problem: "its \"id\" is \(given), not \"\(id)\"")
        }
        members[SnapshotKeys.id] = .string(id)
        members[SnapshotKeys.head] = head.json
        members[SnapshotKeys.indexed] = index.indexedJSON
        return .object(members)
    }

    /// Checks a record draft and returns its members.
    static func checkDraft(_ draft: JSONValue, index: Int, id: String) throws(StoreError) -> [String: JSONValue] {
        guard case .object(let members) = draft else {
            throw .invalidRecord(id: id, index: index, problem: "expected a JSON object, found \(draft.typeName)")
        }
        for reserved in ["seq", "prev", "hash", JournalSignature.key] where members[reserved] != nil {
            throw .invalidRecord(id: id, index: index,
                                 problem: "\"\(reserved)\" is assigned by the store; leave it out")
        }
        for key in ["at", "actor", "kind"] where (members[key]?.stringValue ?? "").isEmpty {
            throw .invalidRecord(id: id, index: index, problem: "\"\(key)\" must be a non-empty string")
        }
        guard members["details"]?.objectValue != nil else {
            throw .invalidRecord(id: id, index: index, problem: "\"details\" must be an object")
        }
        return members
    }
}
