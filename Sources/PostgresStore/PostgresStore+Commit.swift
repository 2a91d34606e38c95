import AgencyJSON
import PostgresNIO
import WorkflowStore

extension PostgresStore {
    /// `InstanceStore.commit` as one transaction on the connection holding `id`'s lock:
    /// the instance's row is locked (`FOR UPDATE`) and its head checked, then the records,
    /// snapshot, index entries, outbox messages and notifications are written and committed
    /// together. Input is checked as `FileStore.commit` checks it, in the same order; any
    /// failure before `COMMIT` rolls everything back.
    @discardableResult
    public func commit(_ id: String, records: [JSONValue], snapshot: JSONValue,
                       index entries: IndexEntries = [], outbox messages: [JSONValue] = [],
                       notifications: [JSONValue] = [], create: Bool = false,
                       expectedHead: JournalHead? = nil) throws(StoreError) -> JournalHead {
        try NameRules.checkInstanceID(id)
        guard let connection = lockConnection(id) else { throw .notLocked(id: id) }
        let drafts = try records.enumerated().map { (offset, draft) throws(StoreError) in
            try ImplementationKit.checkDraft(draft, index: offset, id: id)
        }
        for entry in entries { try entry.validate() }

        let transaction = Transaction(store: self, connection: connection, id: id)
        try transaction.begin()
        do throws(StoreError) {
            let current = try transaction.lockedHead()
            if create {
                if current != nil { throw StoreError.instanceExists(id: id) }
                if drafts.isEmpty {
                    throw StoreError.invalidRecord(id: id, index: 0, problem: "creating an instance needs a record")
                }
            } else {
                guard let current else { throw StoreError.noSuchInstance(id: id) }
                if let expectedHead, expectedHead != current.head {
                    throw StoreError.conflict(id: id, expected: expectedHead, found: current.head)
                }
            }
            let signer = drafts.isEmpty ? nil : try signing?.signer()
            let change = try Change(id: id, drafts: drafts, after: current?.head, snapshot: snapshot,
                                    entries: entries, messages: messages, notifications: notifications,
                                    signer: signer)
            try transaction.write(change, oldIndex: current?.indexed ?? [])
            try transaction.commit()
            return change.head
        } catch {
            transaction.rollback()
            throw error
        }
    }
}

/// Everything one commit writes, computed (sealed, stamped, encoded) before any of it is.
struct Change {
    /// Sealed records: seq, prev, hash, signature (a signed store's last record) and the
    /// canonical line.
    var records: [(seq: Int, prev: String, hash: String, sig: String?, line: String)] = []
    let head: JournalHead
    let snapshotText: String
    let indexedText: String
    let entries: IndexEntries
    var outbox: [(message: OutboxMessage, text: String)] = []
    var notifications: [(key: String, text: String, recipient: String?)] = []

    init(id: String, drafts: [[String: JSONValue]], after current: JournalHead?, snapshot: JSONValue,
         entries: IndexEntries, messages: [JSONValue], notifications: [JSONValue],
         signer: JournalSigner?) throws(StoreError) {
        var head = current
        for (offset, draft) in drafts.enumerated() {
            let seq = (head?.seq ?? 0) + 1
            let prev = head?.hash ?? JournalHash.genesis(for: id)
            var sealed = try ImplementationKit.seal(draft, seq: seq, prev: prev)
            // As a signed file store: the last record of each commit carries the signature.
            if let signer, offset == drafts.count - 1 {
                sealed = try ImplementationKit.signed(sealed, id: id, seq: seq, signer: signer)
            }
            let sig = sealed.record[JournalSignature.key]?.stringValue
            records.append((seq, prev, sealed.hash, sig, String(decoding: sealed.line.dropLast(), as: UTF8.self)))
            head = JournalHead(seq: seq, hash: sealed.hash)
        }
        guard let head else { throw .noSuchInstance(id: id) }
        self.head = head
        let stamped = try ImplementationKit.stamped(snapshot, id: id, head: head, index: entries)
        snapshotText = String(decoding: try ImplementationKit.canonical(stamped, what: "the snapshot of \(id)"),
                              as: UTF8.self)
        indexedText = String(decoding: try ImplementationKit.canonical(entries.indexedJSON,
                                                                       what: "the index entries of \(id)"),
                             as: UTF8.self)
        self.entries = entries
        for (offset, body) in messages.enumerated() {
            let message = ImplementationKit.outboxMessage(source: id, seq: head.seq, n: offset + 1, body: body)
            let bytes = try ImplementationKit.canonical(message.json, what: "outbox message \(message.key)")
            outbox.append((message, String(decoding: bytes, as: UTF8.self)))
        }
        for (offset, body) in notifications.enumerated() {
            guard case .object(var fields) = body else {
                throw .encoding(what: "notification \(offset + 1) of \(id)",
                                problem: "expected a JSON object, found \(body.typeName)")
            }
            let key = OutboxMessage.notificationKey(source: id, seq: head.seq, outboxCount: messages.count,
                                                    index: offset)
            fields["key"] = .string(key)
            let bytes = try ImplementationKit.canonical(.object(fields), what: "notification \(key)")
            self.notifications.append((key, String(decoding: bytes, as: UTF8.self), fields["to"]?.stringValue))
        }
    }

    /// The snapshot text for the jsonb column, nil when jsonb cannot hold it (a `\u0000` in
    /// a string): the exact text is kept either way, the jsonb copy only serves queries.
    var snapshotForJSONB: String? {
        snapshotText.contains("\\u0000") ? nil : snapshotText
    }
}

/// One commit's transaction on the connection that holds the instance's lock.
struct Transaction {
    let store: PostgresStore
    let connection: PostgresConnection
    let id: String

    private func run(_ query: PostgresQuery, _ step: String) throws(StoreError) -> [PostgresRow] {
        do {
            return try store.connections.run(query, on: connection, operation: "commit instance \(id) (\(step))")
        } catch {
            throw .commitFailed(id: id, step: step, cause: error,
                                outcome: "nothing changed: the transaction was rolled back")
        }
    }

    func begin() throws(StoreError) { _ = try run("BEGIN", "begin") }

    /// The instance's head and index entries, its row locked until the transaction ends;
    /// nil when it does not exist yet (the advisory lock keeps others from creating it).
    func lockedHead() throws(StoreError) -> (head: JournalHead, indexed: IndexEntries)? {
        let rows = try run("SELECT head_seq, head_hash, indexed_text FROM \(unescaped: store.table("instances")) WHERE id = \(id) FOR UPDATE", "lock the row")
        guard let row = rows.first else { return nil }
        let (seq, hash, indexedText) = try Rows.decode(row, (Int.self, String.self, String.self), url: store.url)
        let indexed = IndexEntries(indexedJSON: try Rows.json(indexedText, what: "the index entries of \(id)"))
        return (JournalHead(seq: seq, hash: hash), indexed)
    }

    func write(_ change: Change, oldIndex: IndexEntries) throws(StoreError) {
        for record in change.records {
            _ = try run("INSERT INTO \(unescaped: store.table("journal")) (instance_id, seq, prev, hash, sig, line) VALUES (\(id), \(record.seq), \(record.prev), \(record.hash), \(record.sig), \(record.line))",
                        "append record \(record.seq)")
        }
        _ = try run("""
            INSERT INTO \(unescaped: store.table("instances"))
                (id, head_seq, head_hash, snapshot_text, snapshot, indexed_text)
            VALUES (\(id), \(change.head.seq), \(change.head.hash), \(change.snapshotText),
                    \(change.snapshotForJSONB)::jsonb, \(change.indexedText))
            ON CONFLICT (id) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash,
                snapshot_text = excluded.snapshot_text, snapshot = excluded.snapshot,
                indexed_text = excluded.indexed_text
            """, "replace the snapshot")
        for entry in oldIndex.subtracting(change.entries) {
            _ = try run("DELETE FROM \(unescaped: store.table("index_entries")) WHERE kind = \(entry.kind) AND key = \(entry.key) AND instance_id = \(id)", "remove index entry \(entry)")
        }
        for entry in change.entries.subtracting(oldIndex) {
            _ = try run("INSERT INTO \(unescaped: store.table("index_keys")) (kind, key) VALUES (\(entry.kind), \(entry.key)) ON CONFLICT DO NOTHING", "add index key \(entry)")
            _ = try run("INSERT INTO \(unescaped: store.table("index_entries")) (kind, key, instance_id) VALUES (\(entry.kind), \(entry.key), \(id)) ON CONFLICT DO NOTHING",
                        "add index entry \(entry)")
        }
        for (message, text) in change.outbox {
            _ = try run("""
                INSERT INTO \(unescaped: store.table("outbox")) (key, source, seq, n, message_text)
                VALUES (\(message.key), \(message.source), \(message.seq), \(message.n), \(text))
                ON CONFLICT (key) DO UPDATE SET message_text = excluded.message_text
                """, "write outbox message \(message.key)")
        }
        for (key, text, recipient) in change.notifications {
            _ = try run("INSERT INTO \(unescaped: store.table("notifications")) (key, body_text, recipient) VALUES (\(key), \(text), \(recipient)) ON CONFLICT DO NOTHING", "put notification \(key)")
        }
    }

    /// `COMMIT`. A connection lost while it runs leaves the outcome unknown: the error says so.
    func commit() throws(StoreError) {
        do {
            _ = try store.connections.run("COMMIT", on: connection, operation: "commit instance \(id)")
        } catch {
            throw .commitFailed(id: id, step: "COMMIT", cause: error, outcome: "unknown: the server may or may not "
                + "have committed before the connection failed; load the instance to see its head")
        }
    }

    /// Ends the transaction without changes; on a broken connection the server has ended it.
    func rollback() {
        _ = try? store.connections.run("ROLLBACK", on: connection, operation: "roll back instance \(id)")
    }
}
