import WorkflowStore

/// The real file system without `fsync`, for the throwaway stores of `agency test`.
///
/// A test's store lives for one test and is deleted after it, so durability against a
/// power cut buys nothing there, while an fsync per commit would make a folder of tests
/// wait on the disk. Everything else (atomic renames, locks, the journal chain) is the
/// real store code on real files, so a test exercises exactly what production runs.
struct ThrowawayFileSystem: FileSystem {
    private let base = POSIXFileSystem()

    func open(_ path: String, _ options: OpenOptions, mode: UInt32) throws(StoreError) -> OpenFile {
        try base.open(path, options, mode: mode)
    }
    func write(_ file: OpenFile, _ bytes: [UInt8]) throws(StoreError) { try base.write(file, bytes) }
    func readAll(_ file: OpenFile) throws(StoreError) -> [UInt8] { try base.readAll(file) }
    func read(_ file: OpenFile, offset: Int64, count: Int) throws(StoreError) -> [UInt8] {
        try base.read(file, offset: offset, count: count)
    }
    func size(_ file: OpenFile) throws(StoreError) -> Int64 { try base.size(file) }
    /// Skipped: see the type's comment.
    func fsync(_ file: OpenFile) throws(StoreError) {}
    func truncate(_ file: OpenFile, to length: Int64) throws(StoreError) { try base.truncate(file, to: length) }
    func tryLock(_ file: OpenFile) throws(StoreError) -> Bool { try base.tryLock(file) }
    func close(_ file: OpenFile) throws(StoreError) { try base.close(file) }
    func rename(_ from: String, to: String) throws(StoreError) { try base.rename(from, to: to) }
    func unlink(_ path: String) throws(StoreError) { try base.unlink(path) }
    func makeDirectory(_ path: String, mode: UInt32) throws(StoreError) { try base.makeDirectory(path, mode: mode) }
    func removeDirectory(_ path: String) throws(StoreError) { try base.removeDirectory(path) }
    func list(_ path: String) throws(StoreError) -> [String] { try base.list(path) }
    func status(_ path: String) throws(StoreError) -> FileStatus? { try base.status(path) }
}
