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
        let prepared = try prepareCommit(InstanceCommit(
            id, records: records, snapshot: snapshot, index: index, outbox: outbox,
            notifications: notifications, create: create, expectedHead: expectedHead))
        let oldIndex = prepared.oldIndex

        // (1) New markers first.
        do {
            try createMarkers(index.subtracting(oldIndex), id: id)
        } catch let error {
            throw .commitFailed(id: id, step: "creating index markers", cause: error,
                                outcome: "Nothing was changed.")
        }
        var undo = CommitUndo(store: self, id: id, previousSnapshot: prepared.current?.bytes)
        // Stamped keys (a settled month's seal cache) are touched around the append.
        let stamped = oldIndex.union(index)
        touchStampedKeys(stamped, id: id)

        // (2) The journal: one write, one fsync.
        if !prepared.lines.isEmpty {
            let path = layout.journalFile(id)
            do {
                // Only a creating commit asks whether the journal exists (one lstat less
                // per event).
                var exclusive = false
                if create { exclusive = try fileSystem.status(path) == nil }
                undo.journalSize = try writer.append(path, prepared.lines, createExclusive: exclusive)
                undo.journalCreated = exclusive
            } catch let error {
                throw .commitFailed(id: id, step: "appending to the journal", cause: error,
                                    outcome: "Nothing was changed.")
            }
            touchStampedKeys(stamped, id: id)
        }

        // (3) Outbox messages.
        for message in prepared.messages {
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
        for (offset, body) in prepared.notifications.enumerated() {
            let key = prepared.notificationKey(offset)
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
            try writer.replace(layout.snapshotFile(id), with: prepared.snapshotBytes, renamed: &renamed)
        } catch let error {
            throw .commitFailed(id: id, step: "replacing the snapshot", cause: error,
                                outcome: undo.run(snapshotReplaced: renamed))
        }

        // (5) Stale markers: failures leave harmless stale markers.
        removeMarkers(oldIndex.subtracting(index), id: id)
        prepared.hold?.known = prepared.knownAfter
        return prepared.newHead
    }
}
