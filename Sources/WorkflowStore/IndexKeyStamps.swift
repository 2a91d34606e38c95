import Foundation

// Stamps of index keys: one `lstat` that tells a cache of what the instances under a key
// say (the weekly seal's heads of a settled month) whether any of them changed since.
//
// A key's stamp is its folder's modification time and size. The folder changes when a
// marker is added or removed; for the kinds in `IndexEntry.stampedKinds` a commit also
// touches the folders of the instance's keys of that kind (old and new), once before its
// journal append and once after, so that a journal that grew under a key changes the
// key's stamp even when no marker came or went.
//
// Why both touches, and the settling age: a reader takes the stamp, then reads journals,
// then saves what it derived with the stamp. The touch after the append moves the
// folder's time past any stamp taken before the append (a reader that stamped later read
// the appended journal). The touch before it invalidates what was saved earlier even if
// the writer dies before the second touch. A folder's time has the kernel's coarse
// granularity, so a change in the same tick as the stamp could keep the same time: a
// stamp younger than `Options.keyStampSettling` is not given (the reader derives afresh
// and saves nothing). What remains: a writer that touched, then waited longer than the
// settling age before appending, while a reader stamped and saved, and then died before
// its second touch. A cache built on a stamp is derived data, never evidence, and
// `agency verify --seal` never reads it.

extension IndexEntry {
    /// The kinds whose key folders a commit touches (`FileStore.indexKeyStamp`): `closed`,
    /// the month an instance ended in, whose settled months the weekly seal caches.
    public static let stampedKinds: Set<String> = ["closed"]
}

extension FileStore {
    /// The stamp of key `kind` = `key`: a text that changes whenever an instance indexed
    /// under it commits or its markers change (see above); nil when the key has no folder,
    /// or it changed less than `options.keyStampSettling` seconds ago (too recent to stand
    /// for what is under it). Only `IndexEntry.stampedKinds` have stamps.
    public func indexKeyStamp(kind: String, key: String) throws(StoreError) -> String? {
        try NameRules.checkIndexKind(kind)
        try NameRules.checkIndexKey(key)
        guard IndexEntry.stampedKinds.contains(kind),
              let status = try fileSystem.status(layout.indexKeyDirectory(kind, key)), status.kind == .directory
        else { return nil }
        // Compared with the wall clock, which sets the folder's time (not `options.clock`).
        let age = Date().timeIntervalSince(status.modified)
        guard age >= options.keyStampSettling else { return nil }
        return "\(Int64((status.modified.timeIntervalSince1970 * 1e9).rounded()))-\(status.size)"
    }

    /// Touches the folders of `entries`' stamped kinds, by making and removing an entry in
    /// each (`.touch-<id>`, which listings skip). Failures are ignored: a missing folder
    /// has no stamp, and a touch that failed leaves at worst a cache that the commit's
    /// other touch or marker change invalidates.
    func touchStampedKeys(_ entries: IndexEntries, id: String) {
        for entry in entries where IndexEntry.stampedKinds.contains(entry.kind) {
            let path = layout.indexKeyDirectory(entry.kind, entry.key) + "/.touch-" + id
            guard let file = try? fileSystem.open(path, [.write, .create], mode: 0o644) else { continue }
            fileSystem.closeQuietly(file)
            fileSystem.unlinkQuietly(path)
        }
    }
}
