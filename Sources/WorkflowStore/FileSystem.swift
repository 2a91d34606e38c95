import Foundation

/// The narrow set of file-system calls the store is built from.
///
/// Every durable step of the store (write, fsync, rename, directory fsync, append,
/// truncate, lock) goes through this protocol, so a test can wrap the real file system
/// in `FaultInjectingFileSystem` (the WorkflowStoreTestSupport target, not shipped in the
/// library), fail any single call with the errno a full or dying disk would return, and
/// check that the store leaves its files as they were.
///
/// Contract for implementations:
/// - Paths are absolute or relative POSIX paths; the store only ever passes paths inside
///   its own directory.
/// - `open` never follows a symbolic link in the last path component: a link there is
///   refused with `StoreError.symlink`, because a link inside the store could redirect a
///   durable write to a file outside it.
/// - Every failure is a `StoreError` naming the operation, the path and the errno.
/// - Calls are safe from several threads at once (the store locks per instance, not per
///   call).
public protocol FileSystem: Sendable {
    /// Opens (or creates, with `.create`) a file or, with `.directory`, a directory.
    /// The last path component must not be a symbolic link.
    func open(_ path: String, _ options: OpenOptions, mode: UInt32) throws(StoreError) -> OpenFile

    /// Writes every byte, retrying short writes; a write that makes no progress is an
    /// error. With `.append` the bytes land at the end of the file.
    func write(_ file: OpenFile, _ bytes: [UInt8]) throws(StoreError)

    /// Reads from the current offset to the end of the file.
    func readAll(_ file: OpenFile) throws(StoreError) -> [UInt8]

    /// Reads up to `count` bytes starting at `offset` without moving the file offset
    /// (`pread`); fewer bytes come back only at the end of the file.
    func read(_ file: OpenFile, offset: Int64, count: Int) throws(StoreError) -> [UInt8]

    /// The file's size in bytes (`fstat`).
    func size(_ file: OpenFile) throws(StoreError) -> Int64

    /// How many names the open file has (`fstat`'s `st_nlink`): 0 once it was unlinked.
    /// A lock taken on a lock file that its previous holder removed guards nothing, so
    /// the lock is taken again on the file now at that name (see `withInstanceLock`).
    func linkCount(_ file: OpenFile) throws(StoreError) -> Int

    /// Flushes the file's data and metadata to stable storage. On a directory this makes
    /// the names created, renamed or removed in it durable. A failure is final: the
    /// kernel may already have dropped the dirty pages, so callers must not retry and
    /// pretend the data is safe.
    func fsync(_ file: OpenFile) throws(StoreError)

    /// Cuts the file to `length` bytes (`ftruncate`).
    func truncate(_ file: OpenFile, to length: Int64) throws(StoreError)

    /// Tries once to take an exclusive `flock` on the open file (`LOCK_EX|LOCK_NB`).
    /// Returns false when another open file description holds it. The lock belongs to
    /// this open file and disappears when it is closed or the process dies.
    func tryLock(_ file: OpenFile) throws(StoreError) -> Bool

    /// Closes the descriptor (releasing any `flock` taken through it).
    func close(_ file: OpenFile) throws(StoreError)

    /// Atomically renames `from` over `to` (`rename(2)`); both in the same directory.
    func rename(_ from: String, to: String) throws(StoreError)

    /// Removes a file (`unlink(2)`); a symbolic link is removed, never followed.
    func unlink(_ path: String) throws(StoreError)

    /// Creates one directory (`mkdir(2)`); fails with EEXIST when the name exists.
    func makeDirectory(_ path: String, mode: UInt32) throws(StoreError)

    /// Removes an empty directory (`rmdir(2)`).
    func removeDirectory(_ path: String) throws(StoreError)

    /// The names in a directory, without `.` and `..`, in no particular order. The
    /// directory itself must not be a symbolic link.
    func list(_ path: String) throws(StoreError) -> [String]

    /// What is at `path` without following a final symbolic link (`lstat`), or nil when
    /// nothing is there.
    func status(_ path: String) throws(StoreError) -> FileStatus?
}

/// How to open a file. The POSIX implementation always adds `O_NOFOLLOW` and
/// `O_CLOEXEC`: the store never follows links and never leaks descriptors into children.
public struct OpenOptions: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let read = OpenOptions(rawValue: 1 << 0)
    public static let write = OpenOptions(rawValue: 1 << 1)
    /// Every write goes to the end of the file (`O_APPEND`).
    public static let append = OpenOptions(rawValue: 1 << 2)
    /// Create the file if it is missing (`O_CREAT`).
    public static let create = OpenOptions(rawValue: 1 << 3)
    /// With `.create`: fail with EEXIST if the name exists (`O_EXCL`).
    public static let exclusive = OpenOptions(rawValue: 1 << 4)
    /// Open a directory, read-only, for `fsync` (`O_DIRECTORY`).
    public static let directory = OpenOptions(rawValue: 1 << 5)
}

/// An open descriptor together with the path it was opened from, so that every error
/// and every recorded call can name the file.
public struct OpenFile: Sendable, Hashable {
    public let descriptor: Int32
    public let path: String

    public init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }
}

/// What `lstat` says about a path.
public struct FileStatus: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case regular, directory, symlink, other
    }

    public let kind: Kind
    public let size: Int64
    /// Last modification time.
    public let modified: Date

    public init(kind: Kind, size: Int64, modified: Date) {
        self.kind = kind
        self.size = size
        self.modified = modified
    }
}
