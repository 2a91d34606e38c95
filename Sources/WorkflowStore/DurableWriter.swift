#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file writes: a replaced file is either entirely old or entirely new, and
/// an appended line is on disk before the call returns.
///
/// Replace: write a temporary file in the same directory, or in the store's `tmp/`
/// folder (same file system either way, so the rename cannot cross file systems),
/// fsync it (its data must be on disk before its name is), close, rename it over the
/// target (atomic), then fsync the target's directory (the rename itself is only
/// durable once the directory is). Foundation's `.atomic` write skips that last step,
/// which is why the store does not use it.
///
/// Any failure before the rename removes the temporary file and leaves the target
/// untouched. An fsync failure is never retried: after a failed fsync Linux may have
/// dropped the dirty pages, so a second fsync can "succeed" with the data lost.
public struct DurableWriter: Sendable {
    public let fileSystem: any FileSystem
    /// Where temporary files go; nil for the target's own directory. A store keeps them
    /// all in `tmp/`, so that sweeping those of killed writers lists one small folder,
    /// not folders with an entry per instance.
    public let temporaryDirectory: String?

    public init(fileSystem: any FileSystem, temporaryDirectory: String? = nil) {
        self.fileSystem = fileSystem
        self.temporaryDirectory = temporaryDirectory
    }

    /// Durably replaces (or creates) the file at `path` with `bytes`.
    public func replace(_ path: String, with bytes: [UInt8], mode: UInt32 = 0o644) throws(StoreError) {
        var renamed = false
        try replace(path, with: bytes, mode: mode, renamed: &renamed)
    }

    /// As `replace(_:with:mode:)`; `renamed` tells a caller who gets an error whether the
    /// target had already been replaced (only the directory fsync failed).
    ///
    /// With `sync: false` both fsyncs are skipped: readers still see the old file or the
    /// whole new one, and a process crash cannot lose it, but an OS crash may. For
    /// derived files that can be written again from the journal (notifications).
    func replace(_ path: String, with bytes: [UInt8], mode: UInt32 = 0o644,
                 renamed: inout Bool, sync: Bool = true) throws(StoreError) {
        let fs = fileSystem
        let temporary = try writeTemporary(for: path, bytes, mode: mode, sync: sync)
        do {
            try fs.rename(temporary, to: path)
        } catch let error {
            fs.unlinkQuietly(temporary)
            throw error
        }
        renamed = true
        if sync { try fs.syncDirectory(splitPath(path).directory) }
    }

    /// Appends `bytes` with one `write` on an `O_APPEND` descriptor and fsyncs.
    ///
    /// With `createExclusive` the file must not exist yet (`O_CREAT|O_EXCL`), and the
    /// directory is fsynced after, since a new name is only durable then.
    /// On failure the file is cut back to its previous length (a half-written line would
    /// otherwise become a torn record), and a file this call created is removed.
    /// Returns the length the file had before, for `truncate(_:to:)` should a later
    /// step of the caller's transaction fail.
    @discardableResult
    public func append(_ path: String, _ bytes: [UInt8], createExclusive: Bool = false) throws(StoreError) -> Int64 {
        let fs = fileSystem
        let options: OpenOptions = createExclusive
            ? [.write, .append, .create, .exclusive] : [.write, .append]
        let file = try fs.open(path, options, mode: 0o644)
        var previousSize: Int64 = 0
        do {
            if !createExclusive { previousSize = try fs.size(file) }
            try fs.write(file, bytes)
            try fs.fsync(file)
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
        fs.closeQuietly(file)
        if createExclusive {
            do {
                try fs.syncDirectory(splitPath(path).directory)
            } catch let error {
                fs.unlinkQuietly(path)
                throw error
            }
        }
        return previousSize
    }

    /// Durably cuts the file at `path` back to `length` bytes.
    public func truncate(_ path: String, to length: Int64) throws(StoreError) {
        let fs = fileSystem
        let file = try fs.open(path, [.write], mode: 0)
        defer { fs.closeQuietly(file) }
        try fs.truncate(file, to: length)
        try fs.fsync(file)
    }

    /// Durably creates a new file that must not exist yet.
    public func createNew(_ path: String, with bytes: [UInt8], mode: UInt32 = 0o644) throws(StoreError) {
        try append(path, bytes, createExclusive: true)
    }

    /// `.tmp-<name>-<pid>-<random>`: hidden (listings skip dot files), unique across
    /// processes (pid) and threads (random), and traceable to its target.
    static func temporaryName(for name: String) -> String {
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        return ".tmp-\(name)-\(getpid())-\(random)"
    }
}
