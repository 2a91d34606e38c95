/// Documents the coordinator derives from the journals to avoid recomputing them (the
/// heads a weekly seal covers, month by month): never evidence, written without fsync,
/// safe to lose or delete (the next read recomputes and writes them again). A reader
/// must check a cached document still describes what it derives from.
extension StoreLayout {
    /// `cache/`: derived documents by name.
    public var cacheDirectory: String { root + "/cache" }
    public func cachedDocumentFile(_ name: String) -> String { cacheDirectory + "/" + name }
}

extension FileStore {
    /// The cached document `name`, nil when there is none.
    public func cachedDocument(_ name: String) throws(StoreError) -> [UInt8]? {
        try NameRules.checkIndexKey(name)
        return try fileSystem.readFileIfPresent(layout.cachedDocumentFile(name))
    }

    /// The journal file's size and modification time (nanoseconds): one `lstat`, no read.
    public func journalFingerprint(_ id: String) throws(StoreError) -> String? {
        try NameRules.checkInstanceID(id)
        guard let status = try fileSystem.status(layout.journalFile(id)) else { return nil }
        return "\(status.size)-\(Int64((status.modified.timeIntervalSince1970 * 1e9).rounded()))"
    }

    /// Writes (replaces) the cached document `name` atomically, without fsync.
    public func saveCachedDocument(_ name: String, _ bytes: [UInt8]) throws(StoreError) {
        try NameRules.checkIndexKey(name)
        try fileSystem.ensureDirectory(layout.cacheDirectory)
        var renamed = false
        try writer.replace(layout.cachedDocumentFile(name), with: bytes, renamed: &renamed, sync: false)
    }
}
