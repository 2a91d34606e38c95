import AgencyJSON

/// What `rebuildIndex` did.
public struct IndexRebuildReport: Sendable {
    /// Instances whose markers were written.
    public let instances: Int
    /// Marker files written.
    public let markers: Int
    /// Instances left out, with the reason (a corrupt snapshot, or none yet).
    public let skipped: [String: String]
}

extension FileStore {
    /// Throws the index away and rebuilds it from the snapshots.
    ///
    /// `entriesFor` computes an instance's entries from its snapshot; without it the
    /// snapshot's own `indexed` record is used, which restores exactly what the commits
    /// wrote. (With it, entries it adds that the snapshot's `indexed` lacks are not
    /// removed by the next commit; they are stale, which is harmless.)
    ///
    /// Runs under the store lock, and takes each instance's lock while reading its
    /// snapshot and writing its markers, so a commit running meanwhile is either fully
    /// before or fully after: its markers cannot be lost. The old index is renamed
    /// aside first and deleted last (creating files right after deleting many is slow on
    /// some disks). Queries during the rebuild see a partial index.
    @discardableResult
    public func rebuildIndex(entriesFor: ((JSONValue) throws -> IndexEntries)? = nil,
                             lockTimeout: Double? = nil) throws -> IndexRebuildReport {
        try withStoreLock(timeout: lockTimeout) {
            let fs = fileSystem
            // Leftovers of an interrupted rebuild.
            let leftovers = try fs.list(layout.root).filter { $0.hasPrefix(".index-old-") }
            let old = layout.root + "/.index-old-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
            if try fs.status(layout.indexDirectory) != nil {
                try fs.rename(layout.indexDirectory, to: old)
            }
            try fs.ensureDirectory(layout.indexDirectory)
            try fs.syncDirectory(layout.root)

            var instances = 0
            var markers = 0
            var skipped: [String: String] = [:]
            for id in try instanceIDs() {
                try withInstanceLock(id, timeout: lockTimeout) {
                    let snapshot: StoredSnapshot
                    do {
                        guard let found = try readSnapshot(id) else {
                            skipped[id] = "no snapshot yet (its journal is ahead)"
                            return
                        }
                        snapshot = found
                    } catch let error as StoreError {
                        guard case .corruptSnapshot = error else { throw error }
                        skipped[id] = error.description
                        return
                    }
                    let entries = try entriesFor?(snapshot.value) ?? snapshot.indexed
                    for entry in entries { try entry.validate() }
                    try createMarkers(entries, id: id)
                    instances += 1
                    markers += entries.count
                }
            }
            // The box's recipient markers are derived data too.
            try restoreRecipientMarkers()
            try fs.removeTree(old)
            for leftover in leftovers { try? fs.removeTree(layout.root + "/" + leftover) }
            return IndexRebuildReport(instances: instances, markers: markers, skipped: skipped)
        }
    }
}
