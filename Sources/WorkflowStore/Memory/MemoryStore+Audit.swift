import AgencyJSON

extension MemoryStore {
    /// `InstanceStore.verify`: the same checks as the file store's, over the journal
    /// lines this store keeps (so a record changed in memory is caught exactly as an
    /// edited file would be).
    public func verify(_ id: String, knownHead: JournalHead? = nil,
                       replay: (([JSONValue]) throws -> JSONValue?)? = nil) throws(StoreError) -> VerifyReport {
        try NameRules.checkInstanceID(id)
        guard let stored = try locked({ () throws(StoreError) in instances[id] }) else {
            throw .noSuchInstance(id: id)
        }
        return try InstanceAudit.report(
            id: id, scan: JournalScan(bytes: stored.lines, id: id),
            snapshot: (stored.snapshot, stored.head), snapshotProblem: nil,
            journalName: "\(location)/journal/\(id)", knownHead: knownHead, replay: replay)
    }

    /// Nothing a crash leaves can be found in memory, so there is nothing to repair: the
    /// report has no actions. An unknown id throws `noSuchInstance`.
    public func repair(_ id: String, rebuild: ([JSONValue]) throws -> JSONValue,
                       indexEntries: ((JSONValue) throws -> IndexEntries)? = nil) throws -> RepairReport {
        try withInstanceLock(id) {
            guard let head = try journalHead(id) else { throw StoreError.noSuchInstance(id: id) }
            return RepairReport(id: id, actions: [], head: head)
        }
    }

    /// `InstanceStore.rebuildIndex`: under the store lock, each instance under its own.
    @discardableResult
    public func rebuildIndex(entriesFor: ((JSONValue) throws -> IndexEntries)? = nil,
                             lockTimeout: Double? = nil) throws -> IndexRebuildReport {
        try withStoreLock(timeout: lockTimeout) {
            try locked { () throws(StoreError) in index = [:] }
            var instances = 0
            var markers = 0
            for id in try instanceIDs() {
                try withInstanceLock(id, timeout: lockTimeout) {
                    guard let stored = try locked({ () throws(StoreError) in self.instances[id] }) else { return }
                    let entries = try entriesFor?(stored.snapshot) ?? stored.indexed
                    for entry in entries { try entry.validate() }
                    try locked { () throws(StoreError) in
                        reindex(id, from: [], to: entries)
                        self.instances[id]?.indexed = entries
                    }
                    instances += 1
                    markers += entries.count
                }
            }
            return IndexRebuildReport(instances: instances, markers: markers, skipped: [:])
        }
    }
}

extension MemoryStore {
    @discardableResult
    public func appendStoreRecord(_ draft: JSONValue) throws -> JournalHead {
        let members = try CommitInput.checkDraft(draft, index: 0, id: StoreJournal.id)
        return try withStoreLock {
            try locked { () throws(StoreError) in
                let seq = storeRecords.count + 1
                let prev = storeRecords.last?["hash"]?.stringValue ?? JournalHash.genesis(for: StoreJournal.id)
                let sealed = try JournalHash.seal(members, seq: seq, prev: prev)
                storeRecords.append(sealed.record)
                storeLines += sealed.line
                return JournalHead(seq: seq, hash: sealed.hash)
            }
        }
    }

    public func readStoreJournal() throws(StoreError) -> [JSONValue] {
        try locked { () throws(StoreError) in storeRecords }
    }

    public func verifyStoreJournal(knownHead: JournalHead?) throws(StoreError) -> VerifyReport {
        let lines = try locked { () throws(StoreError) in storeLines }
        return try InstanceAudit.report(id: StoreJournal.id, scan: JournalScan(bytes: lines, id: StoreJournal.id),
                                        snapshot: nil, snapshotProblem: nil,
                                        journalName: "\(location)/environment/journal", knownHead: knownHead,
                                        replay: nil, hasSnapshot: false)
    }
}
