import Foundation
import WorkflowStore

/// A `FileSystem` that forwards to another one, records every call, and fails the calls
/// a test chooses with the errno it chooses.
///
/// It exists to prove the store's durability claims: a test runs a commit, reads the
/// call log to check that each durable-write step happened and in which order, then
/// reruns it with, say, the 3rd `fsync` failing with ENOSPC and checks that the
/// instance's files are byte-for-byte what they were.
///
/// A failing call does nothing before failing, except a write fault with
/// `partialWrite`, which first writes half of the bytes (what a disk filling up mid-write
/// does) so that clean-up of a half-written record can be tested.
public final class FaultInjectingFileSystem: FileSystem, @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `mutex`.

    /// The calls that can be recorded and failed.
    public enum Operation: String, Sendable, Hashable, CaseIterable {
        case open, write, read, size, linkCount, fsync, truncate, lock, close, rename, unlink
        case makeDirectory, removeDirectory, list, status
    }

    /// One recorded call: the operation and the path(s) it touched. For `rename`,
    /// `path` is the source and `destination` the target.
    public struct Call: Sendable, Hashable, CustomStringConvertible {
        public let operation: Operation
        public let path: String
        public let destination: String?

        public var description: String {
            if let destination { return "\(operation.rawValue) \(path) -> \(destination)" }
            return "\(operation.rawValue) \(path)"
        }
    }

    /// Which matching calls fail.
    public enum Occurrence: Sendable, Hashable {
        /// Only the n-th matching call (1-based), counted from when the fault was added.
        case nth(Int)
        /// Every matching call.
        case every
    }

    /// A rule: calls of `operation` whose path (or rename destination) contains
    /// `pathContains` (any path when nil) fail with `errno`.
    public struct Fault: Sendable, Hashable {
        public var operation: Operation
        public var pathContains: String?
        public var occurrence: Occurrence
        public var errno: Int32
        /// For `.write` only: write the first half of the bytes before failing.
        public var partialWrite: Bool

        public init(_ operation: Operation, pathContains: String? = nil,
                    occurrence: Occurrence = .every, errno: Int32, partialWrite: Bool = false) {
            self.operation = operation
            self.pathContains = pathContains
            self.occurrence = occurrence
            self.errno = errno
            self.partialWrite = partialWrite
        }
    }

    private let base: any FileSystem
    private let mutex = NSLock()
    private var recorded: [Call] = []
    private var faults: [(fault: Fault, seen: Int)] = []

    public init(wrapping base: any FileSystem = POSIXFileSystem()) {
        self.base = base
    }

    /// Adds a fault rule; it starts counting matching calls from now.
    public func inject(_ fault: Fault) {
        mutex.withLock { faults.append((fault, 0)) }
    }

    /// Removes every fault rule.
    public func clearFaults() {
        mutex.withLock { faults.removeAll() }
    }

    /// Every call so far, in order.
    public var calls: [Call] {
        mutex.withLock { recorded }
    }

    /// Forgets the recorded calls.
    public func clearCalls() {
        mutex.withLock { recorded.removeAll() }
    }

    /// Records the call and returns the fault to raise, if any rule fires for it.
    private func check(_ operation: Operation, _ path: String, _ destination: String? = nil) -> Fault? {
        mutex.withLock {
            recorded.append(Call(operation: operation, path: path, destination: destination))
            var fired: Fault?
            for index in faults.indices where faults[index].fault.operation == operation {
                let fault = faults[index].fault
                if let needle = fault.pathContains,
                   !path.contains(needle), !(destination?.contains(needle) ?? false) {
                    continue
                }
                faults[index].seen += 1
                switch fault.occurrence {
                case .every: fired = fired ?? fault
                case .nth(let n) where n == faults[index].seen: fired = fired ?? fault
                case .nth: break
                }
            }
            return fired
        }
    }

    private func fail(_ fault: Fault, _ operation: Operation, _ path: String) -> StoreError {
        .io(operation: operation.rawValue, path: path, errno: fault.errno)
    }

    public func open(_ path: String, _ options: OpenOptions, mode: UInt32) throws(StoreError) -> OpenFile {
        if let fault = check(.open, path) { throw fail(fault, .open, path) }
        return try base.open(path, options, mode: mode)
    }

    public func write(_ file: OpenFile, _ bytes: [UInt8]) throws(StoreError) {
        if let fault = check(.write, file.path) {
            if fault.partialWrite && bytes.count > 1 {
                try base.write(file, Array(bytes[0..<(bytes.count / 2)]))
            }
            throw fail(fault, .write, file.path)
        }
        try base.write(file, bytes)
    }

    public func readAll(_ file: OpenFile) throws(StoreError) -> [UInt8] {
        if let fault = check(.read, file.path) { throw fail(fault, .read, file.path) }
        return try base.readAll(file)
    }

    public func read(_ file: OpenFile, offset: Int64, count: Int) throws(StoreError) -> [UInt8] {
        if let fault = check(.read, file.path) { throw fail(fault, .read, file.path) }
        return try base.read(file, offset: offset, count: count)
    }

    public func size(_ file: OpenFile) throws(StoreError) -> Int64 {
        if let fault = check(.size, file.path) { throw fail(fault, .size, file.path) }
        return try base.size(file)
    }

    public func linkCount(_ file: OpenFile) throws(StoreError) -> Int {
        if let fault = check(.linkCount, file.path) { throw fail(fault, .linkCount, file.path) }
        return try base.linkCount(file)
    }

    public func fsync(_ file: OpenFile) throws(StoreError) {
        if let fault = check(.fsync, file.path) { throw fail(fault, .fsync, file.path) }
        try base.fsync(file)
    }

    public func truncate(_ file: OpenFile, to length: Int64) throws(StoreError) {
        if let fault = check(.truncate, file.path) { throw fail(fault, .truncate, file.path) }
        try base.truncate(file, to: length)
    }

    public func tryLock(_ file: OpenFile) throws(StoreError) -> Bool {
        if let fault = check(.lock, file.path) { throw fail(fault, .lock, file.path) }
        return try base.tryLock(file)
    }

    public func close(_ file: OpenFile) throws(StoreError) {
        if let fault = check(.close, file.path) {
            // The descriptor is released even when close reports an error, as on Linux.
            try? base.close(file)
            throw fail(fault, .close, file.path)
        }
        try base.close(file)
    }

    public func rename(_ from: String, to: String) throws(StoreError) {
        if let fault = check(.rename, from, to) { throw fail(fault, .rename, "\(from) -> \(to)") }
        try base.rename(from, to: to)
    }

    public func unlink(_ path: String) throws(StoreError) {
        if let fault = check(.unlink, path) { throw fail(fault, .unlink, path) }
        try base.unlink(path)
    }

    public func makeDirectory(_ path: String, mode: UInt32) throws(StoreError) {
        if let fault = check(.makeDirectory, path) { throw fail(fault, .makeDirectory, path) }
        try base.makeDirectory(path, mode: mode)
    }

    public func removeDirectory(_ path: String) throws(StoreError) {
        if let fault = check(.removeDirectory, path) { throw fail(fault, .removeDirectory, path) }
        try base.removeDirectory(path)
    }

    public func list(_ path: String) throws(StoreError) -> [String] {
        if let fault = check(.list, path) { throw fail(fault, .list, path) }
        return try base.list(path)
    }

    public func status(_ path: String) throws(StoreError) -> FileStatus? {
        if let fault = check(.status, path) { throw fail(fault, .status, path) }
        return try base.status(path)
    }
}
