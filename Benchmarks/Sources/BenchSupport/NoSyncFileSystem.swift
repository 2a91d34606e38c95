import Foundation
import WorkflowStore

/// The real file system with `fsync` turned into a no-op.
///
/// It isolates what the engine, the hooks and the store's encoding cost from what the
/// disk costs: "one event applied in process, without fsync" in DESIGN.md. Every other
/// call (open, write, rename, lock, list) still goes to the kernel, so the figure keeps
/// the system calls a real event makes. Never use it for data that must survive a crash.
public struct NoSyncFileSystem: FileSystem {
    private let base = POSIXFileSystem(fsync: false)
    private let counter: OpenCounter?

    /// With `counting`, the read-only opens it looks for are counted.
    public init(counting: OpenCounter? = nil) {
        counter = counting
    }

    public func open(_ path: String, _ options: OpenOptions, mode: UInt32) throws(StoreError) -> OpenFile {
        if options == [.read] { counter?.noteRead(path) }
        return try base.open(path, options, mode: mode)
    }

    public func write(_ file: OpenFile, _ bytes: [UInt8]) throws(StoreError) {
        try base.write(file, bytes)
    }

    public func readAll(_ file: OpenFile) throws(StoreError) -> [UInt8] {
        try base.readAll(file)
    }

    public func read(_ file: OpenFile, offset: Int64, count: Int) throws(StoreError) -> [UInt8] {
        try base.read(file, offset: offset, count: count)
    }

    public func size(_ file: OpenFile) throws(StoreError) -> Int64 {
        try base.size(file)
    }

    public func linkCount(_ file: OpenFile) throws(StoreError) -> Int {
        try base.linkCount(file)
    }

    /// Skipped (the base does not sync): the point of this file system.
    public func fsync(_ file: OpenFile) throws(StoreError) {
        try base.fsync(file)
    }

    public func truncate(_ file: OpenFile, to length: Int64) throws(StoreError) {
        try base.truncate(file, to: length)
    }

    public func tryLock(_ file: OpenFile) throws(StoreError) -> Bool {
        try base.tryLock(file)
    }

    public func close(_ file: OpenFile) throws(StoreError) {
        try base.close(file)
    }

    public func rename(_ from: String, to: String) throws(StoreError) {
        try base.rename(from, to: to)
    }

    public func unlink(_ path: String) throws(StoreError) {
        try base.unlink(path)
    }

    public func makeDirectory(_ path: String, mode: UInt32) throws(StoreError) {
        try base.makeDirectory(path, mode: mode)
    }

    public func removeDirectory(_ path: String) throws(StoreError) {
        try base.removeDirectory(path)
    }

    public func list(_ path: String) throws(StoreError) -> [String] {
        try base.list(path)
    }

    public func status(_ path: String) throws(StoreError) -> FileStatus? {
        try base.status(path)
    }
}

/// Counts read-only opens of files whose path contains `pathContains` and ends with
/// `suffix`. The service reads a definition's stored source (`<store>/definitions/<name>/
/// <sha>.lua`) exactly when it compiles that definition, to save it or to load it, so
/// `OpenCounter.compilations` counts compilations from outside the service.
public final class OpenCounter: @unchecked Sendable {
    public let pathContains: String
    public let suffix: String
    private let lock = NSLock()
    private var opens = 0

    public init(pathContains: String, suffix: String) {
        self.pathContains = pathContains
        self.suffix = suffix
    }

    public static var compilations: OpenCounter { OpenCounter(pathContains: "/definitions/", suffix: ".lua") }

    public var count: Int { lock.withLock { opens } }

    func noteRead(_ path: String) {
        guard path.hasSuffix(suffix), path.contains(pathContains) else { return }
        lock.withLock { opens += 1 }
    }
}
