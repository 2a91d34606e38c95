import AgencyJSON
import PostgresNIO
import WorkflowStore

extension PostgresStore {
    /// `InstanceStore.verify`: the file store's checks over the same journal lines, read
    /// back from the `journal` table in seq order, and the stored snapshot text.
    public func verify(_ id: String, knownHead: JournalHead? = nil,
                       replay: (([JSONValue]) throws -> JSONValue?)? = nil) throws(StoreError) -> VerifyReport {
        try NameRules.checkInstanceID(id)
        let lines = try journalLines(id)
        let rows = try sql("SELECT snapshot_text FROM \(unescaped: table("instances")) WHERE id = \(id)",
                           "read the snapshot of \(id)")
        if lines.isEmpty && rows.isEmpty { throw .noSuchInstance(id: id) }
        var snapshot: (value: JSONValue, head: JournalHead)?
        var snapshotProblem: String?
        if let row = rows.first {
            let text = try Rows.decode(row, String.self, url: url)
            if let value = try? Rows.json(text, what: "the snapshot of \(id)"),
               let head = value[SnapshotKeys.head].flatMap(JournalHead.init(json:)) {
                snapshot = (value, head)
            } else {
                snapshotProblem = "the snapshot text of \(id) is not a JSON object with a valid \"head\""
            }
        }
        return try ImplementationKit.audit(id: id, lines: lines, snapshot: snapshot, snapshotProblem: snapshotProblem,
                                           journalName: journalName(id), knownHead: knownHead, replay: replay,
                                           publicKey: signing?.publicKey)
    }

    /// A commit is one transaction, so there is no crash damage to repair: the report has
    /// no actions. An unknown id throws `noSuchInstance`.
    public func repair(_ id: String, rebuild: ([JSONValue]) throws -> JSONValue,
                       indexEntries: ((JSONValue) throws -> IndexEntries)? = nil) throws -> RepairReport {
        try withInstanceLock(id) {
            guard let head = try journalHead(id) else { throw StoreError.noSuchInstance(id: id) }
            return ImplementationKit.repairReport(id: id, head: head)
        }
    }

    /// `InstanceStore.rebuildIndex`: under the store lock, each instance under its own, its
    /// entries replaced in one transaction.
    @discardableResult
    public func rebuildIndex(entriesFor: ((JSONValue) throws -> IndexEntries)? = nil,
                             lockTimeout: Double? = nil) throws -> IndexRebuildReport {
        try withStoreLock(timeout: lockTimeout) {
            var instances = 0
            var markers = 0
            for id in try instanceIDs() {
                try withInstanceLock(id, timeout: lockTimeout) {
                    guard let loaded = try loadInstance(id), let snapshot = loaded.snapshot else { return }
                    let entries = try entriesFor?(snapshot) ?? loaded.indexed
                    for entry in entries { try entry.validate() }
                    try replaceIndex(id, with: entries)
                    instances += 1
                    markers += entries.count
                }
            }
            return ImplementationKit.rebuildReport(instances: instances, markers: markers)
        }
    }

    /// Replaces `id`'s index entries (and its recorded `indexed`) in one transaction on the
    /// connection holding its lock.
    private func replaceIndex(_ id: String, with entries: IndexEntries) throws(StoreError) {
        guard let connection = lockConnection(id) else { throw .notLocked(id: id) }
        let indexedText = String(decoding: try ImplementationKit.canonical(entries.indexedJSON,
                                                                           what: "the index entries of \(id)"),
                                 as: UTF8.self)
        let operation = "rebuild the index of \(id)"
        try connections.run("BEGIN", on: connection, operation: operation)
        do {
            try connections.run("DELETE FROM \(unescaped: table("index_entries")) WHERE instance_id = \(id)",
                                on: connection, operation: operation)
            for entry in entries {
                try connections.run("INSERT INTO \(unescaped: table("index_keys")) (kind, key) VALUES (\(entry.kind), \(entry.key)) ON CONFLICT DO NOTHING",
                                    on: connection, operation: operation)
                try connections.run("INSERT INTO \(unescaped: table("index_entries")) (kind, key, instance_id) VALUES (\(entry.kind), \(entry.key), \(id))",
                                    on: connection, operation: operation)
            }
            try connections.run("UPDATE \(unescaped: table("instances")) SET indexed_text = \(indexedText) WHERE id = \(id)", on: connection, operation: operation)
            try connections.run("COMMIT", on: connection, operation: operation)
        } catch {
            _ = try? connections.run("ROLLBACK", on: connection, operation: operation)
            throw error
        }
    }

    // MARK: The store journal

    @discardableResult
    public func appendStoreRecord(_ draft: JSONValue) throws -> JournalHead {
        let members = try ImplementationKit.checkDraft(draft, index: 0, id: StoreJournal.id)
        return try withStoreLock {
            let last = try sql("SELECT seq, hash FROM \(unescaped: table("store_journal")) ORDER BY seq DESC LIMIT 1",
                               "read the store journal's head")
            let head = try last.first.map { row throws(StoreError) in
                let (seq, hash) = try Rows.decode(row, (Int.self, String.self), url: url)
                return JournalHead(seq: seq, hash: hash)
            }
            let seq = (head?.seq ?? 0) + 1
            let prev = head?.hash ?? JournalHash.genesis(for: StoreJournal.id)
            let sealed = try ImplementationKit.seal(members, seq: seq, prev: prev)
            let line = String(decoding: sealed.line.dropLast(), as: UTF8.self)
            try sql("INSERT INTO \(unescaped: table("store_journal")) (seq, prev, hash, line) VALUES (\(seq), \(prev), \(sealed.hash), \(line))", "append to the store journal")
            return JournalHead(seq: seq, hash: sealed.hash)
        }
    }

    public func readStoreJournal() throws(StoreError) -> [JSONValue] {
        let scan = ImplementationKit.scan(try storeJournalLines(), id: StoreJournal.id)
        if let problem = scan.problem {
            throw .corruptJournal(id: StoreJournal.id, path: "\(location) store journal", line: problem.line,
                                  seq: problem.seq, problem: problem.message)
        }
        return scan.records
    }

    public func verifyStoreJournal(knownHead: JournalHead?) throws(StoreError) -> VerifyReport {
        try ImplementationKit.audit(id: StoreJournal.id, lines: try storeJournalLines(), snapshot: nil,
                                    snapshotProblem: nil, journalName: "\(location) store journal",
                                    knownHead: knownHead, replay: nil, hasSnapshot: false)
    }

    private func storeJournalLines() throws(StoreError) -> [UInt8] {
        let rows = try sql("SELECT line FROM \(unescaped: table("store_journal")) ORDER BY seq",
                           "read the store journal")
        var bytes: [UInt8] = []
        for row in rows {
            bytes += Array(try Rows.decode(row, String.self, url: url).utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}
