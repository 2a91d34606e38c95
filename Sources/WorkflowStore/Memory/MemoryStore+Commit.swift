import AgencyJSON

extension MemoryStore {
    /// `InstanceStore.commit`, with the checks of `FileStore.commit` in the same order.
    /// Everything is computed before anything changes, and the change is made under one
    /// mutex, so a failure leaves the store as it was and readers never see half an event.
    @discardableResult
    public func commit(_ id: String, records: [JSONValue], snapshot: JSONValue,
                       index entries: IndexEntries = [], outbox messages: [JSONValue] = [],
                       notifications: [JSONValue] = [], create: Bool = false,
                       expectedHead: JournalHead? = nil) throws(StoreError) -> JournalHead {
        try NameRules.checkInstanceID(id)
        guard holdsInstanceLock(id) else { throw .notLocked(id: id) }
        let drafts = try records.enumerated().map { (offset, draft) throws(StoreError) in
            try CommitInput.checkDraft(draft, index: offset, id: id)
        }
        for entry in entries { try entry.validate() }
        // Only the lock holder changes this instance, so what is read here stays true
        // until the change below.
        let current = try locked { () throws(StoreError) in instances[id] }
        if create {
            if current != nil { throw .instanceExists(id: id) }
            if drafts.isEmpty {
                throw .invalidRecord(id: id, index: 0, problem: "creating an instance needs a record")
            }
        } else {
            guard let current else { throw .noSuchInstance(id: id) }
            if let expectedHead, expectedHead != current.head {
                throw .conflict(id: id, expected: expectedHead, found: current.head)
            }
        }

        var updated = current ?? StoredInstance(head: JournalHead(seq: 0, hash: ""), snapshot: [:], indexed: [])
        var head = current?.head
        for draft in drafts {
            let seq = (head?.seq ?? 0) + 1
            let sealed = try JournalHash.seal(draft, seq: seq, prev: head?.hash ?? JournalHash.genesis(for: id))
            // Kept as read back from its bytes, as a file store returns it, so an encoding
            // that does not parse back the same shows in memory too.
            updated.records.append(try Self.readBack(sealed.line, what: "journal record \(seq) of \(id)"))
            updated.lines += sealed.line
            head = JournalHead(seq: seq, hash: sealed.hash)
        }
        guard let head else { throw .noSuchInstance(id: id) }
        let stamped = try CommitInput.stamped(snapshot, id: id, head: head, index: entries)
        // A file store cannot write what does not encode; neither may this one.
        let snapshotBytes = try JournalHash.canonical(stamped, what: "the snapshot of \(id)")
        let sealedOutbox = try messages.enumerated().map { (offset, body) throws(StoreError) in
            let message = OutboxMessage(source: id, seq: head.seq, n: offset + 1, body: body)
            _ = try JournalHash.canonical(message.json, what: "outbox message \(message.key)")
            return message
        }
        var notes: [(key: String, body: JSONValue)] = []
        for (offset, body) in notifications.enumerated() {
            guard case .object(var fields) = body else {
                throw .encoding(what: "notification \(offset + 1) of \(id)",
                                problem: "expected a JSON object, found \(body.typeName)")
            }
            let key = OutboxMessage.notificationKey(source: id, seq: head.seq, outboxCount: messages.count,
                                                    index: offset)
            fields["key"] = .string(key)
            _ = try JournalHash.canonical(.object(fields), what: "notification \(key)")
            notes.append((key, .object(fields)))
        }
        updated.head = head
        updated.snapshot = try Self.readBack(snapshotBytes, what: "the snapshot of \(id)")
        let oldIndex = current?.indexed ?? []
        updated.indexed = entries

        try locked { () throws(StoreError) in
            instances[id] = updated
            reindex(id, from: oldIndex, to: entries)
            for message in sealedOutbox { outbox[message.key] = message }
            for note in notes where pendingNotes[note.key] == nil && deliveredNotes[note.key] == nil {
                pendingNotes[note.key] = note.body
            }
        }
        return head
    }

    /// `bytes` parsed again with the strict parser.
    static func readBack(_ bytes: [UInt8], what: String) throws(StoreError) -> JSONValue {
        do {
            return try JSONValue.parse(bytes)
        } catch let error {
            throw .encoding(what: what, problem: "its bytes do not read back: \(error.description)")
        }
    }
}
