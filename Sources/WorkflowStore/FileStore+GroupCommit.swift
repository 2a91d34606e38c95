import AgencyJSON

extension FileStore {
    /// Commits several instances together, each as `commit` would, with the fsyncs shared
    /// (see `InstanceStore.commitGroup` for what it promises). The caller holds every
    /// member's lock. Members that fail their checks (`conflict`, a bad record, a missing
    /// signing key) fail alone, before anything is written; the others are written in
    /// phases, each phase for every member before the next:
    ///
    /// 1. new index markers;
    /// 2. each journal's records appended with one write and no fsync; then one fsync per
    ///    journal, all after all the writes (on ext4 the first commits the file-system
    ///    journal for the others too, which then find little left to write), and one
    ///    fsync of `journal/` if a member created its journal;
    /// 3. outbox messages (durably) and notifications, as `commit` writes them;
    /// 4. each snapshot written to `tmp/` and fsynced, all before any rename;
    /// 5. each renamed into `instances/`, then **one** fsync of `instances/`;
    /// 6. stale markers removed.
    ///
    /// Why a crash loses nothing a caller was told: until every journal's fsync is done no
    /// member has returned, and every snapshot is the old one (the records, if they
    /// survived, are pending and roll forward; if not, the event never happened and its
    /// timer is still due). After step 2 each journal is durable, so any snapshot renamed
    /// in step 5 has its records on disk: a snapshot is never ahead of its journal. Between
    /// 2 and 5 a member is exactly where a single commit is after its journal step.
    ///
    /// A failure in a phase fails every member still in the group (the failing one with
    /// its own step, the others naming it) after undoing each member as `commit` does
    /// (`CommitUndo`): journals cut back, messages and notifications removed, renamed
    /// snapshots restored; each error's `outcome` says what is left. A group whose ids are
    /// not distinct is committed one member at a time.
    public var commitsGroupsTogether: Bool { true }

    public func commitGroup(_ members: [InstanceCommit]) -> [Result<JournalHead, StoreError>] {
        guard Set(members.map(\.id)).count == members.count else { return commitEachInTurn(members) }
        var results = [Result<JournalHead, StoreError>?](repeating: nil, count: members.count)
        var group: [(position: Int, prepared: PreparedCommit)] = []
        for (position, member) in members.enumerated() {
            do throws(StoreError) {
                group.append((position, try prepareCommit(member)))
            } catch {
                results[position] = .failure(error)
            }
        }
        var writing = GroupWrite(store: self, members: group.map(\.prepared))
        do throws(GroupWrite.Failure) {
            try writing.run()
            for (position, prepared) in group { results[position] = .success(prepared.newHead) }
        } catch {
            for (offset, (position, prepared)) in group.enumerated() {
                let step = prepared.id == error.id
                    ? error.step : "committing in a group with \(error.id), whose \(error.step) failed"
                results[position] = .failure(.commitFailed(id: prepared.id, step: step, cause: error.cause,
                                                           outcome: error.outcomes[offset]))
            }
        }
        // Every position was set above: by its check's failure or by the group's outcome.
        return results.map { $0 ?? .failure(.noSuchInstance(id: "")) }
    }
}

/// The phases of one group commit (`FileStore.commitGroup`) and what each member has to
/// take back should a later phase fail.
struct GroupWrite {
    /// A failed phase: the member and step that failed, and each member's outcome after
    /// its undo, in member order.
    struct Failure: Error {
        let id: String
        let step: String
        let cause: StoreError
        let outcomes: [String]
    }

    let store: FileStore
    let members: [PreparedCommit]
    private var undos: [CommitUndo]
    private var snapshotReplaced: [Bool]

    init(store: FileStore, members: [PreparedCommit]) {
        self.store = store
        self.members = members
        undos = members.map { CommitUndo(store: store, id: $0.id, previousSnapshot: $0.current?.bytes) }
        snapshotReplaced = Array(repeating: false, count: members.count)
    }

    mutating func run() throws(Failure) {
        let fs = store.fileSystem
        let layout = store.layout
        let writer = store.writer

        // (1) New markers first, so no due timer can be lost.
        for member in members {
            if let error = Self.perform({ () throws(StoreError) in
                try store.createMarkers(member.index.subtracting(member.oldIndex), id: member.id)
            }) {
                throw failure(member.id, "creating index markers", error)
            }
        }
        // Stamped keys (a settled month's seal cache) are touched around the appends.
        for member in members { store.touchStampedKeys(member.oldIndex.union(member.index), id: member.id) }

        // (2) Every journal written, then every journal fsynced.
        var appends: [(offset: Int, append: DurableWriter.PendingAppend)] = []
        var createdJournal = false
        for (offset, member) in members.enumerated() where !member.lines.isEmpty {
            let path = layout.journalFile(member.id)
            do throws(Failure) {
                if let error = Self.perform({ () throws(StoreError) in
                    let exclusive = member.create ? try fs.status(path) == nil : false
                    let append = try writer.startAppend(path, member.lines, createExclusive: exclusive)
                    appends.append((offset, append))
                    undos[offset].journalSize = append.previousSize
                    undos[offset].journalCreated = exclusive
                    createdJournal = createdJournal || exclusive
                }) {
                    throw failure(member.id, "appending to the journal", error)
                }
            } catch {
                for open in appends { fs.closeQuietly(open.append.file) }
                throw error
            }
        }
        for (index, open) in appends.enumerated() {
            do throws(Failure) {
                if let error = Self.perform({ () throws(StoreError) in
                    try writer.finishAppend(open.append)
                }) {
                    throw failure(members[open.offset].id, "syncing the journal", error)
                }
            } catch {
                for later in appends[(index + 1)...] { fs.closeQuietly(later.append.file) }
                throw error
            }
        }
        if createdJournal {
            if let error = Self.perform({ () throws(StoreError) in
                try fs.syncDirectory(layout.journalDirectory)
            }) {
                throw failure(members[appends[0].offset].id, "syncing the journal folder", error)
            }
        }
        for member in members where !member.lines.isEmpty {
            store.touchStampedKeys(member.oldIndex.union(member.index), id: member.id)
        }

        // (3) Outbox messages and notifications, after the records they belong to.
        for (offset, member) in members.enumerated() {
            for message in member.messages {
                let path = layout.outboxFile(message.key)
                var renamed = false
                do throws(StoreError) {
                    try writer.replace(path, with: message.bytes, renamed: &renamed)
                    undos[offset].outboxFiles.append(path)
                } catch {
                    if renamed { undos[offset].outboxFiles.append(path) }
                    throw failure(member.id, "writing outbox message \(message.key)", error)
                }
            }
            for (index, body) in member.notifications.enumerated() {
                let key = member.notificationKey(index)
                if let error = Self.perform({ () throws(StoreError) in
                    if let written = try store.putNotification(key: key, body: body) {
                        undos[offset].notificationFiles.append(written)
                    }
                }) {
                    throw failure(member.id, "putting notification \(key) in the box", error)
                }
            }
        }

        // (4) Every snapshot written and fsynced in tmp/, before any is renamed.
        var temporaries: [String] = []
        for member in members {
            do throws(Failure) {
                if let error = Self.perform({ () throws(StoreError) in
                    temporaries.append(try writer.writeTemporary(for: layout.snapshotFile(member.id),
                                                                 member.snapshotBytes))
                }) {
                    throw failure(member.id, "writing the snapshot", error)
                }
            } catch {
                for temporary in temporaries { fs.unlinkQuietly(temporary) }
                throw error
            }
        }

        // (5) The renames, then one fsync of instances/ for the group.
        for (offset, member) in members.enumerated() {
            do throws(Failure) {
                if let error = Self.perform({ () throws(StoreError) in
                    try fs.rename(temporaries[offset], to: layout.snapshotFile(member.id))
                    snapshotReplaced[offset] = true
                }) {
                    throw failure(member.id, "replacing the snapshot", error)
                }
            } catch {
                for temporary in temporaries[offset...] { fs.unlinkQuietly(temporary) }
                throw error
            }
        }
        if let first = members.first {
            if let error = Self.perform({ () throws(StoreError) in
                try fs.syncDirectory(layout.instancesDirectory)
            }) {
                throw failure(first.id, "syncing the snapshot folder", error)
            }
        }

        // (6) Stale markers: failures leave harmless stale markers.
        for member in members {
            store.removeMarkers(member.oldIndex.subtracting(member.index), id: member.id)
            member.hold?.known = member.knownAfter
        }
    }

    /// Runs one member's step and returns its error. Static so that the step may change
    /// the undo lists while it runs; the caller undoes the group on an error.
    private static func perform(_ body: () throws(StoreError) -> Void) -> StoreError? {
        do throws(StoreError) {
            try body()
            return nil
        } catch {
            return error
        }
    }

    /// Undoes every member (as far as each got) and describes the failure.
    private func failure(_ id: String, _ step: String, _ cause: StoreError) -> Failure {
        let outcomes = members.indices.map { undos[$0].run(snapshotReplaced: snapshotReplaced[$0]) }
        return Failure(id: id, step: step, cause: cause, outcomes: outcomes)
    }
}
