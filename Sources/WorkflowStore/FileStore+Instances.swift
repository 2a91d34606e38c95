import AgencyJSON

/// An instance as found on disk by `loadInstance`.
public struct LoadedInstance: Sendable {
    public let id: String
    /// The snapshot as stored, including the store's keys (`id`, `head`, `indexed`),
    /// parsed but not built as a `JSONValue`: decode it into its type with
    /// `JSONDocument.decode` (what the service does), or take `snapshot`.
    /// Nil when the journal exists but no snapshot was ever written: a crash during
    /// the commit that created the instance. `pending` then holds every record.
    public let snapshotDocument: JSONDocument?
    /// The head recorded in the snapshot, nil with no snapshot.
    public let snapshotHead: JournalHead?
    /// The journal's last record. Pass it as `expectedHead` to `commit`.
    public let journalHead: JournalHead
    /// The records after `snapshotHead` (after a crash between appending to the journal
    /// and replacing the snapshot). The engine rolls them forward onto the snapshot and
    /// commits the result with no new records; usually empty.
    public let pending: [JSONValue]
    /// The index entries the snapshot was committed with.
    public let indexed: IndexEntries

    /// `snapshotDocument` as a `JSONValue` (built on each call).
    public var snapshot: JSONValue? { snapshotDocument?.value }

    init(id: String, snapshot: JSONDocument?, snapshotHead: JournalHead?, journalHead: JournalHead,
         pending: [JSONValue], indexed: IndexEntries) {
        self.id = id
        self.snapshotDocument = snapshot
        self.snapshotHead = snapshotHead
        self.journalHead = journalHead
        self.pending = pending
        self.indexed = indexed
    }

    init(id: String, snapshot: JSONValue?, snapshotHead: JournalHead?, journalHead: JournalHead,
         pending: [JSONValue], indexed: IndexEntries) {
        self.init(id: id, snapshot: snapshot.map(JSONDocument.init), snapshotHead: snapshotHead,
                  journalHead: journalHead, pending: pending, indexed: indexed)
    }

    /// Whether the journal is ahead of the snapshot and `pending` must be rolled forward.
    public var isJournalAhead: Bool { !pending.isEmpty }
}

extension FileStore {
    /// Loads instance `id`: nil if it has neither snapshot nor journal records.
    ///
    /// Checks the snapshot against the journal's head (read from the journal's tail, so
    /// the cost does not grow with the journal): equal heads are the normal case; a
    /// journal ahead of the snapshot is a crash between the two writes of a commit, and
    /// the records after the snapshot come back in `pending`; anything else (snapshot
    /// ahead of the journal, or the same seq with another hash) is an integrity error.
    /// A snapshot that is not valid throws `corruptSnapshot`; a torn journal tail throws
    /// `tornJournal`. Neither file is ever changed here.
    ///
    /// Safe without the lock for read-only use; `pending` is only meaningful under the
    /// instance lock (otherwise it may be a commit in progress).
    public func loadInstance(_ id: String) throws(StoreError) -> LoadedInstance? {
        try NameRules.checkInstanceID(id)
        let snapshot = try readSnapshot(id)
        let head = try journalHead(id)
        lockHold(id)?.known = KnownState(snapshot: snapshot.map(KnownSnapshot.init), head: head)
        guard let head else {
            guard let snapshot else { return nil }
            throw .integrity(id: id, problem: "the snapshot is at \(snapshot.head) but the "
                + "journal \(layout.journalFile(id)) is missing or empty: the journal was deleted")
        }
        guard let snapshot else {
            let records = try readJournal(id)
            return LoadedInstance(id: id, snapshot: JSONDocument?.none, snapshotHead: nil, journalHead: head,
                                  pending: records, indexed: [])
        }
        if snapshot.head == head {
            return LoadedInstance(id: id, snapshot: snapshot.document, snapshotHead: snapshot.head,
                                  journalHead: head, pending: [], indexed: snapshot.indexed)
        }
        if snapshot.head.seq >= head.seq {
            throw .integrity(id: id, problem: Self.headDisagreement(snapshot: snapshot.head, journal: head))
        }
        let records = try readJournal(id)
        let base = snapshot.head.seq
        guard records[base - 1]["hash"]?.stringValue == snapshot.head.hash else {
            throw .integrity(id: id, problem: "the snapshot is at \(snapshot.head) but the "
                + "journal's record \(base) has another hash: the snapshot does not belong to "
                + "this journal")
        }
        return LoadedInstance(id: id, snapshot: snapshot.document, snapshotHead: snapshot.head,
                              journalHead: head, pending: Array(records[base...]),
                              indexed: snapshot.indexed)
    }

    /// Whether instance `id` exists (has a snapshot or journal records).
    public func instanceExists(_ id: String) throws(StoreError) -> Bool {
        try NameRules.checkInstanceID(id)
        if try fileSystem.status(layout.snapshotFile(id)) != nil { return true }
        return (try fileSystem.status(layout.journalFile(id))?.size ?? 0) > 0
    }

    /// Every instance id in the store, sorted: those with a snapshot, plus those whose
    /// journal has records but whose snapshot was never written (see `LoadedInstance`).
    /// Reads directory listings only.
    public func instanceIDs() throws(StoreError) -> [String] {
        var ids = Set(try listIfPresent(layout.instancesDirectory).compactMap {
            Self.stripSuffix($0, ".json")
        })
        for name in try listIfPresent(layout.journalDirectory) {
            guard let id = Self.stripSuffix(name, ".jsonl"), !ids.contains(id) else { continue }
            if (try fileSystem.status(layout.journalFile(id))?.size ?? 0) > 0 { ids.insert(id) }
        }
        return ids.sorted(by: byteOrder)
    }

    /// `name` without `suffix` if what remains is a valid instance id (this skips
    /// temporary files, torn-line files and anything a person dropped there).
    static func stripSuffix(_ name: String, _ suffix: String) -> String? {
        guard name.hasSuffix(suffix) else { return nil }
        let id = String(name.dropLast(suffix.count))
        return (try? NameRules.checkInstanceID(id)) == nil ? nil : id
    }

    static func headDisagreement(snapshot: JournalHead, journal: JournalHead) -> String {
        if snapshot.seq == journal.seq {
            return "the snapshot is at \(snapshot) but the journal's last record has hash "
                + "\(journal.hash.prefix(12))…: the last record was replaced"
        }
        return "the snapshot is at \(snapshot) but the journal ends at seq \(journal.seq): "
            + "the journal lost records (truncated?)"
    }
}
