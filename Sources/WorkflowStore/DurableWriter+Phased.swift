/// The steps of `append` and `replace` taken apart, for a group commit that does each
/// step for every file before the next step (`FileStore.commitGroup`): the writes first,
/// then the fsyncs, then the renames, then one fsync per directory. Each file is durable
/// only once its caller has done every step; on a failure the caller undoes the group.
extension DurableWriter {
    /// An append in progress: the record lines written, not yet fsynced.
    struct PendingAppend {
        let file: OpenFile
        /// The journal's length before the write, for cutting it back.
        let previousSize: Int64
    }

    /// Appends `bytes` with one `write` on an `O_APPEND` descriptor, without fsync; the
    /// caller fsyncs `file` later (`finishAppend`). With `createExclusive` the file must
    /// not exist yet, and its directory needs an fsync once all appends are done. On
    /// failure nothing is left: the file is cut back, or removed if this call created it.
    func startAppend(_ path: String, _ bytes: [UInt8], createExclusive: Bool) throws(StoreError) -> PendingAppend {
        let fs = fileSystem
        let options: OpenOptions = createExclusive
            ? [.write, .append, .create, .exclusive] : [.write, .append]
        let file = try fs.open(path, options, mode: 0o644)
        var previousSize: Int64 = 0
        do {
            if !createExclusive { previousSize = try fs.size(file) }
            try fs.write(file, bytes)
        } catch let error {
            if createExclusive {
                fs.closeQuietly(file)
                fs.unlinkQuietly(path)
            } else {
                try? fs.truncate(file, to: previousSize)
                try? fs.fsync(file)
                fs.closeQuietly(file)
            }
            throw error
        }
        return PendingAppend(file: file, previousSize: previousSize)
    }

    /// Makes a started append durable and closes its file, failing or not. A failed fsync
    /// is not retried (see the type's comment): the caller cuts the file back.
    func finishAppend(_ append: PendingAppend) throws(StoreError) {
        defer { fileSystem.closeQuietly(append.file) }
        try fileSystem.fsync(append.file)
    }

    /// Writes `bytes` to a new temporary file for `path` and fsyncs it (unless `sync` is
    /// false), without renaming it; returns the temporary file's path, which the caller
    /// renames over `path` (then fsyncs `path`'s directory) or removes: the first half of
    /// `replace`, and the phased group commit's snapshot step. On failure nothing is left.
    func writeTemporary(for path: String, _ bytes: [UInt8], mode: UInt32 = 0o644,
                        sync: Bool = true) throws(StoreError) -> String {
        let fs = fileSystem
        let (directory, name) = splitPath(path)
        switch try fs.status(path)?.kind {
        case .symlink: throw .symlink(path: path)
        case .directory, .other: throw .unexpectedFile(path: path, expected: "a regular file")
        case .regular, nil: break
        }
        let temporary = (temporaryDirectory ?? directory) + "/" + Self.temporaryName(for: name)
        let file = try fs.open(temporary, [.write, .create, .exclusive], mode: mode)
        do {
            try fs.write(file, bytes)
            if sync { try fs.fsync(file) }
        } catch let error {
            fs.closeQuietly(file)
            fs.unlinkQuietly(temporary)
            throw error
        }
        // The data is written (durable, with `sync`); a failing close cannot lose it.
        fs.closeQuietly(file)
        return temporary
    }
}
