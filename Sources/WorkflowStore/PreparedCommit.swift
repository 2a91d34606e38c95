import AgencyJSON

/// A commit checked and encoded, before its first write: what `commit` and
/// `commitGroup` write, so that a value that cannot be encoded, a conflict or a missing
/// signing key fails the commit before it touches the disk.
struct PreparedCommit {
    let id: String
    /// This task's hold of the instance lock, told the new state after the commit.
    let hold: LockHold?
    /// The snapshot before the commit (bytes, head, index entries), nil when none.
    let current: KnownSnapshot?
    let create: Bool
    /// The sealed records, one line each, in one buffer for one write.
    let lines: [UInt8]
    let newHead: JournalHead
    let snapshotBytes: [UInt8]
    let index: IndexEntries
    let messages: [(key: String, bytes: [UInt8])]
    let notifications: [JSONValue]
    let outboxCount: Int

    /// The index entries the snapshot listed before the commit.
    var oldIndex: IndexEntries { current?.indexed ?? [] }

    /// The key of notification `offset`, numbered on after the outbox's.
    func notificationKey(_ offset: Int) -> String {
        OutboxMessage.notificationKey(source: id, seq: newHead.seq, outboxCount: outboxCount, index: offset)
    }

    /// What this lock hold knows once the commit succeeded.
    var knownAfter: KnownState {
        KnownState(snapshot: KnownSnapshot(bytes: snapshotBytes, head: newHead, indexed: index), head: newHead)
    }
}

extension FileStore {
    /// Checks `member` against the instance as it stands (lock held, `expectedHead`,
    /// `create`) and encodes everything it writes. Writes nothing.
    func prepareCommit(_ member: InstanceCommit) throws(StoreError) -> PreparedCommit {
        let id = member.id
        try NameRules.checkInstanceID(id)
        try requireLock(id)
        let drafts = try member.records.enumerated().map { (offset, draft) throws(StoreError) in
            try CommitInput.checkDraft(draft, index: offset, id: id)
        }
        for entry in member.index { try entry.validate() }

        // Where the instance stands now: as this lock hold last read or wrote it, or
        // from the files.
        let hold = lockHold(id)
        let known = hold?.known
        hold?.known = nil  // until this commit has succeeded
        let current: KnownSnapshot?
        let head: JournalHead?
        if let known {
            current = known.snapshot
            head = known.head
        } else {
            current = try readSnapshot(id).map(KnownSnapshot.init)
            head = try journalHead(id)
        }
        if member.create {
            if current != nil || head != nil { throw .instanceExists(id: id) }
            if drafts.isEmpty {
                throw .invalidRecord(id: id, index: 0, problem: "creating an instance needs a record")
            }
        } else {
            guard let head else {
                if let current {
                    throw .integrity(id: id, problem: "the snapshot is at \(current.head) but "
                        + "the journal is missing or empty: the journal was deleted")
                }
                throw .noSuchInstance(id: id)
            }
            if let expectedHead = member.expectedHead, expectedHead != head {
                throw .conflict(id: id, expected: expectedHead, found: head)
            }
            // Journal ahead of the snapshot (or no snapshot yet): only a caller that has
            // seen the pending records, and says so with expectedHead, may commit.
            if member.expectedHead == nil, current?.head != head {
                throw .conflict(id: id, expected: current?.head, found: head)
            }
        }

        // A signed store signs the commit's last record (the chain binds the others to it);
        // the key is read here, before the first write, so a missing key changes nothing.
        let signer = drafts.isEmpty ? nil : try journalSigner()
        var lines: [UInt8] = []
        var newHead = head
        for (offset, draft) in drafts.enumerated() {
            let seq = (newHead?.seq ?? 0) + 1
            var sealed = try JournalHash.seal(draft, seq: seq,
                                              prev: newHead?.hash ?? JournalHash.genesis(for: id))
            if let signer, offset == drafts.count - 1 {
                sealed = try JournalHash.signed(sealed, id: id, seq: seq, signer: signer)
            }
            lines += sealed.line
            newHead = JournalHead(seq: seq, hash: sealed.hash)
        }
        guard let newHead else { throw .noSuchInstance(id: id) }
        let snapshotBytes = try member.snapshot.bytes(id: id, head: newHead, index: member.index)
        let messages = try member.outbox.enumerated().map { (offset, body) throws(StoreError) in
            try OutboxMessage.encode(source: id, seq: newHead.seq, n: offset + 1, body: body)
        }
        for (offset, body) in member.notifications.enumerated() where body.objectValue == nil {
            throw .encoding(what: "notification \(offset + 1) of \(id)",
                            problem: "expected a JSON object, found \(body.typeName)")
        }
        return PreparedCommit(id: id, hold: hold, current: current, create: member.create, lines: lines,
                              newHead: newHead, snapshotBytes: snapshotBytes, index: member.index,
                              messages: messages, notifications: member.notifications,
                              outboxCount: member.outbox.count)
    }
}
