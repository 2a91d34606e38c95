import AgencyJSON
import PostgresNIO
import WorkflowStore

extension PostgresStore: InstanceStore {
    /// The URL without its password.
    public var location: String { url.location }

    // MARK: Instances

    /// A commit writes records and snapshot in one transaction, so the snapshot always
    /// reflects the whole journal: `pending` is always empty.
    public func loadInstance(_ id: String) throws(StoreError) -> LoadedInstance? {
        try NameRules.checkInstanceID(id)
        let rows = try sql("SELECT snapshot_text, indexed_text FROM \(unescaped: table("instances")) WHERE id = \(id)",
                            "load instance \(id)")
        guard let row = rows.first else { return nil }
        let (text, indexedText) = try Rows.decode(row, (String.self, String.self), url: url)
        let snapshot = try Rows.json(text, what: "the snapshot of \(id)")
        guard let head = snapshot[SnapshotKeys.head].flatMap(JournalHead.init(json:)) else {
            throw .corruptSnapshot(id: id, path: snapshotName(id), problem: "it has no valid \"head\"")
        }
        let indexed = IndexEntries(indexedJSON: try Rows.json(indexedText, what: "the index entries of \(id)"))
        return ImplementationKit.loadedInstance(id: id, snapshot: snapshot, snapshotHead: head, journalHead: head,
                                                pending: [], indexed: indexed)
    }

    public func instanceExists(_ id: String) throws(StoreError) -> Bool {
        try NameRules.checkInstanceID(id)
        return !(try sql("SELECT 1 FROM \(unescaped: table("instances")) WHERE id = \(id)", "look up \(id)")).isEmpty
    }

    public func instanceIDs() throws(StoreError) -> [String] {
        let rows = try sql("SELECT id FROM \(unescaped: table("instances"))", "list the instances")
        let ids = try rows.map { row throws(StoreError) in try Rows.decode(row, String.self, url: url) }
        return ids.sorted(by: ImplementationKit.byteOrder)
    }

    /// The records with the chain checked from record 1, as a file store reads its file:
    /// a break throws `corruptJournal`.
    public func readJournal(_ id: String) throws(StoreError) -> [JSONValue] {
        try NameRules.checkInstanceID(id)
        let lines = try journalLines(id)
        let scan = ImplementationKit.scan(lines, id: id)
        if let problem = scan.problem {
            throw .corruptJournal(id: id, path: journalName(id), line: problem.line, seq: problem.seq,
                                  problem: problem.message)
        }
        return scan.records
    }

    public func journalHead(_ id: String) throws(StoreError) -> JournalHead? {
        try NameRules.checkInstanceID(id)
        let rows = try sql("SELECT seq, hash FROM \(unescaped: table("journal")) WHERE instance_id = \(id) ORDER BY seq DESC LIMIT 1", "read the journal head of \(id)")
        guard let row = rows.first else { return nil }
        let (seq, hash) = try Rows.decode(row, (Int.self, String.self), url: url)
        return JournalHead(seq: seq, hash: hash)
    }

    /// The journal of `id` as a file store keeps it: every record's line, in seq order.
    func journalLines(_ id: String) throws(StoreError) -> [UInt8] {
        let rows = try sql("SELECT line FROM \(unescaped: table("journal")) WHERE instance_id = \(id) ORDER BY seq",
                            "read the journal of \(id)")
        var bytes: [UInt8] = []
        for row in rows {
            bytes += Array(try Rows.decode(row, String.self, url: url).utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// How messages name the journal of `id`.
    func journalName(_ id: String) -> String { "\(location) journal of \(id)" }
    /// How messages name the snapshot of `id`.
    func snapshotName(_ id: String) -> String { "\(location) snapshot of \(id)" }

    // MARK: Index

    public func ids(kind: String, key: String) throws(StoreError) -> [String] {
        try NameRules.checkIndexKind(kind)
        try NameRules.checkIndexKey(key)
        let rows = try sql("SELECT instance_id FROM \(unescaped: table("index_entries")) WHERE kind = \(kind) AND key = \(key)", "read index \(kind)=\(key)")
        let ids = try rows.map { row throws(StoreError) in try Rows.decode(row, String.self, url: url) }
        return ids.sorted(by: ImplementationKit.byteOrder)
    }

    public func keys(kind: String, through: String? = nil) throws(StoreError) -> [String] {
        try NameRules.checkIndexKind(kind)
        let rows = try sql("SELECT key FROM \(unescaped: table("index_keys")) WHERE kind = \(kind)",
                            "read index \(kind)")
        var keys = try rows.map { row throws(StoreError) in try Rows.decode(row, String.self, url: url) }
        if let through { keys = keys.filter { !ImplementationKit.byteOrder(through, $0) } }
        return keys.sorted(by: ImplementationKit.byteOrder)
    }

    @discardableResult
    public func removeKeyIfEmpty(kind: String, key: String) -> Bool {
        let removed = try? sql("""
            DELETE FROM \(unescaped: table("index_keys")) k WHERE k.kind = \(kind) AND k.key = \(key)
            AND NOT EXISTS (SELECT 1 FROM \(unescaped: table("index_entries")) e WHERE e.kind = k.kind AND e.key = k.key)
            RETURNING 1
            """, "forget index key \(kind)=\(key)")
        return !(removed ?? []).isEmpty
    }

    // MARK: Outbox

    public func pendingMessages() throws(StoreError) -> [OutboxMessage] {
        let rows = try sql("SELECT key, message_text FROM \(unescaped: table("outbox"))", "read the outbox")
        let messages = try rows.map { row throws(StoreError) -> OutboxMessage in
            let (key, text) = try Rows.decode(row, (String.self, String.self), url: url)
            guard let message = ImplementationKit.outboxMessage(json: try Rows.json(text, what: "outbox message \(key)")),
                  message.key == key
            else { throw .integrity(id: key, problem: "outbox message \(key) does not match its key") }
            return message
        }
        return messages.sorted { lhs, rhs in
            if lhs.source != rhs.source { return ImplementationKit.byteOrder(lhs.source, rhs.source) }
            return (lhs.seq, lhs.n) < (rhs.seq, rhs.n)
        }
    }

    public func removeMessage(_ key: String) throws(StoreError) {
        try NameRules.checkIndexKey(key)
        try sql("DELETE FROM \(unescaped: table("outbox")) WHERE key = \(key)", "remove outbox message \(key)")
    }

    // MARK: Maintenance

    /// A database holds no temporary files.
    @discardableResult
    public func removeStaleTemporaryFiles(thorough: Bool = false) -> Int { 0 }
}
