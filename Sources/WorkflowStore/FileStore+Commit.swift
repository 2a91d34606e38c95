import AgencyJSON

extension FileStore {
    /// Records an event: appends `records` to instance `id`'s journal and replaces its
    /// snapshot, its index markers and its outbox messages, durably and in that order.
    /// The caller must hold the instance lock (`withInstanceLock`).
    ///
    /// - `records`: drafts, JSON objects with `at` (ISO-8601 with offset), `actor`,
    ///   `kind` (strings), `details` (object) and any further keys, but without `seq`,
    ///   `prev` and `hash`, which the store assigns. May be empty to write a snapshot
    ///   alone (after rolling `pending` records forward).
    /// - `snapshot`: the new snapshot, an object. The store sets `id`, `head` and
    ///   `indexed` (see `SnapshotKeys`); an `id` naming another instance is refused.
    /// - `index`: the instance's complete set of index entries after this event.
    /// - `outbox`: messages to other instances, each stored as `outbox/<key>.json` with
    ///   key `<id>-<head seq>-<n>` (n from 1, in array order).
    /// - `notifications`: objects put in the notification box (`putNotification`), keys
    ///   numbered on after the outbox's (n from outbox.count + 1).
    /// - `create`: the event creates the instance, which must not exist yet.
    /// - `expectedHead`: the `journalHead` the caller loaded; a different head throws
    ///   `conflict`. Required when the journal is ahead of the snapshot, so that records
    ///   cannot be appended on top of pending ones that were never rolled forward.
    ///
    /// Order: (1) create the new index markers, (2) append every record in one write and
    /// fsync, (3) write the outbox messages durably and the notifications (fsynced only
    /// with `Options.syncNotifications`), (4) durably replace the snapshot, (5) remove
    /// stale markers. Markers come first so a crash can never lose a due timer
    /// (a stale marker is harmless: readers check the snapshot); the journal comes before
    /// the snapshot so a crash leaves the journal ahead, which `loadInstance` detects and
    /// the engine rolls forward; outbox messages and notifications come after the journal
    /// so none exists for an event that was never recorded (its key would otherwise be
    /// taken when the seq is used again).
    ///
    /// A failure at any step throws `commitFailed` after undoing what was done (journal
    /// cut back, outbox files and notifications removed, previous snapshot restored), so a reported
    /// failure normally means nothing changed; the error's `outcome` says otherwise.
    /// Returns the new head.
    @discardableResult
    public func commit(_ id: String, records: [JSONValue], snapshot: JSONValue,
                       index: IndexEntries = [], outbox: [JSONValue] = [],
                       notifications: [JSONValue] = [], create: Bool = false,
                       expectedHead: JournalHead? = nil) throws(StoreError) -> JournalHead {
        try commit(id, records: records, snapshot: .json(snapshot), index: index, outbox: outbox,
                   notifications: notifications, create: create, expectedHead: expectedHead)
    }

    /// `commit` with the snapshot given as a value that encodes as a JSON object (the
    /// engine's `Instance`): encoded straight to its on-disk bytes with the store's keys
    /// set, never built as a `JSONValue` (`SnapshotSource`). The same bytes, checks and
    /// steps as `commit(_:records:snapshot:…)`.
    @discardableResult
    public func commit<Snapshot: Encodable & Sendable>(
        _ id: String, records: [JSONValue], encodedSnapshot: Snapshot, index: IndexEntries,
        outbox: [JSONValue], notifications: [JSONValue], create: Bool,
        expectedHead: JournalHead?) throws(StoreError) -> JournalHead {
        try commit(id, records: records, snapshot: .encodable(encodedSnapshot), index: index, outbox: outbox,
                   notifications: notifications, create: create, expectedHead: expectedHead)
    }

    private func commit(_ id: String, records: [JSONValue], snapshot: SnapshotSource,
                        index: IndexEntries, outbox: [JSONValue], notifications: [JSONValue],
                        create: Bool, expectedHead: JournalHead?) throws(StoreError) -> JournalHead {
        try NameRules.checkInstanceID(id)
        try requireLock(id)
        let drafts = try records.enumerated().map { (offset, draft) throws(StoreError) in
            try CommitInput.checkDraft(draft, index: offset, id: id)
        }
        for entry in index { try entry.validate() }

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
        if create {
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
            if let expectedHead, expectedHead != head {
                throw .conflict(id: id, expected: expectedHead, found: head)
            }
            // Journal ahead of the snapshot (or no snapshot yet): only a caller that has
            // seen the pending records, and says so with expectedHead, may commit.
            if expectedHead == nil, current?.head != head {
                throw .conflict(id: id, expected: current?.head, found: head)
            }
        }

        // Everything is encoded before the first write, so a value that cannot be encoded
        // fails the commit before it touches the disk.
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
        let snapshotBytes = try snapshot.bytes(id: id, head: newHead, index: index)
        let messages = try outbox.enumerated().map { (offset, body) throws(StoreError) in
            try OutboxMessage.encode(source: id, seq: newHead.seq, n: offset + 1, body: body)
        }
        for (offset, body) in notifications.enumerated() where body.objectValue == nil {
            throw .encoding(what: "notification \(offset + 1) of \(id)",
                            problem: "expected a JSON object, found \(body.typeName)")
        }

        // (1) New markers first.
        let oldIndex = current?.indexed ?? []
        do {
            try createMarkers(index.subtracting(oldIndex), id: id)
        } catch let error {
            throw .commitFailed(id: id, step: "creating index markers", cause: error,
                                outcome: "Nothing was changed.")
        }
        var undo = CommitUndo(store: self, id: id, previousSnapshot: current?.bytes)

        // (2) The journal: one write, one fsync.
        if !lines.isEmpty {
            let path = layout.journalFile(id)
            do {
                // Only a creating commit asks whether the journal exists (one lstat less
                // per event).
                var exclusive = false
                if create { exclusive = try fileSystem.status(path) == nil }
                undo.journalSize = try writer.append(path, lines, createExclusive: exclusive)
                undo.journalCreated = exclusive
            } catch let error {
                throw .commitFailed(id: id, step: "appending to the journal", cause: error,
                                    outcome: "Nothing was changed.")
            }
        }

        // (3) Outbox messages.
        for message in messages {
            var renamed = false
            do {
                try writer.replace(layout.outboxFile(message.key), with: message.bytes, renamed: &renamed)
                undo.outboxFiles.append(layout.outboxFile(message.key))
            } catch let error {
                if renamed { undo.outboxFiles.append(layout.outboxFile(message.key)) }
                throw .commitFailed(id: id, step: "writing outbox message \(message.key)",
                                    cause: error, outcome: undo.run(snapshotReplaced: false))
            }
        }

        // (3b) Notifications, under the keys that follow the outbox's.
        for (offset, body) in notifications.enumerated() {
            let key = OutboxMessage.notificationKey(source: id, seq: newHead.seq, outboxCount: outbox.count,
                                                    index: offset)
            do {
                if let written = try putNotification(key: key, body: body) {
                    undo.notificationFiles.append(written)
                }
            } catch let error {
                throw .commitFailed(id: id, step: "putting notification \(key) in the box",
                                    cause: error, outcome: undo.run(snapshotReplaced: false))
            }
        }

        // (4) The snapshot.
        var renamed = false
        do {
            try writer.replace(layout.snapshotFile(id), with: snapshotBytes, renamed: &renamed)
        } catch let error {
            throw .commitFailed(id: id, step: "replacing the snapshot", cause: error,
                                outcome: undo.run(snapshotReplaced: renamed))
        }

        // (5) Stale markers: failures leave harmless stale markers.
        removeMarkers(oldIndex.subtracting(index), id: id)
        hold?.known = KnownState(
            snapshot: KnownSnapshot(bytes: snapshotBytes, head: newHead, indexed: index),
            head: newHead)
        return newHead
    }
}

/// What a failed commit has to take back, in reverse order of doing it.
struct CommitUndo {
    let store: FileStore
    let id: String
    /// The snapshot's bytes before the commit; nil if there was none.
    let previousSnapshot: [UInt8]?
    /// The journal's length before the append; nil if nothing was appended.
    var journalSize: Int64?
    var journalCreated = false
    var outboxFiles: [String] = []
    var notificationFiles: [String] = []

    init(store: FileStore, id: String, previousSnapshot: [UInt8]?) {
        self.store = store
        self.id = id
        self.previousSnapshot = previousSnapshot
    }

    /// Undoes what was done and says in what state the instance is. Each step runs only
    /// if the one before succeeded, so the files never end in a state no crash could
    /// produce (e.g. a new snapshot over a journal cut back).
    func run(snapshotReplaced: Bool) -> String {
        let fs = store.fileSystem
        let layout = store.layout
        if snapshotReplaced {
            do {
                if let previousSnapshot {
                    try store.writer.replace(layout.snapshotFile(id), with: previousSnapshot)
                } else {
                    try fs.unlink(layout.snapshotFile(id))
                    try fs.syncDirectory(layout.instancesDirectory)
                }
            } catch {
                return "The new snapshot may already be in place and could not be taken back "
                    + "(\(error)); run `agency verify \(id)`."
            }
        }
        // Messages and notifications go before the records they belong to: were they
        // left while the journal is cut back, the next commit would reuse the seq and
        // find its keys taken by an event that never happened. Left with the records
        // still in the journal, they are what a crash before the snapshot leaves, and the
        // roll-forward writes the same ones again.
        let ahead = "The new records stay in the journal ahead of the snapshot"
        let rollsForward = "the next command on \(id) rolls them forward."
        do {
            for file in notificationFiles + outboxFiles {
                do {
                    try fs.unlink(file)
                } catch let error {
                    if !error.isNotFound { throw error }
                }
            }
            if !outboxFiles.isEmpty { try fs.syncDirectory(layout.outboxDirectory) }
        } catch {
            return "\(ahead), with their messages and notifications (\(error)); \(rollsForward)"
        }
        if let journalSize {
            do {
                if journalCreated {
                    try fs.unlink(layout.journalFile(id))
                    try fs.syncDirectory(layout.journalDirectory)
                } else {
                    try store.writer.truncate(layout.journalFile(id), to: journalSize)
                }
            } catch {
                return "\(ahead) (\(error)); \(rollsForward)"
            }
        }
        return "Nothing was changed."
    }
}
