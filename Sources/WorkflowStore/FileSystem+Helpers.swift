#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Compound operations built from the protocol's single calls, so that fault injection
// and the call log see every step.

extension FileSystem {
    /// The whole file, or nil when it does not exist. A symbolic link is refused.
    func readFileIfPresent(_ path: String) throws(StoreError) -> [UInt8]? {
        let file: OpenFile
        do {
            file = try open(path, [.read], mode: 0)
        } catch let error {
            if case .io(_, _, let code) = error, code == ENOENT { return nil }
            throw error
        }
        defer { closeQuietly(file) }
        return try readAll(file)
    }

    /// Makes the names recently created, renamed or removed in `directory` durable.
    func syncDirectory(_ directory: String) throws(StoreError) {
        let file = try open(directory, [.directory], mode: 0)
        defer { closeQuietly(file) }
        try fsync(file)
    }

    /// Creates `path` as a directory unless a real directory is already there.
    /// Returns whether it was created. A link or a file in its place is refused.
    @discardableResult
    func ensureDirectory(_ path: String, mode: UInt32 = 0o755) throws(StoreError) -> Bool {
        do {
            try makeDirectory(path, mode: mode)
            return true
        } catch let error {
            guard case .io(_, _, let code) = error, code == EEXIST else { throw error }
        }
        try requireDirectory(path)
        return false
    }

    /// As `ensureDirectory`, for a directory that usually exists already (an index key):
    /// one `lstat` when it does, instead of a failing `mkdir` and then the `lstat`. A link
    /// or a file in its place is refused all the same.
    @discardableResult
    func ensureExistingDirectory(_ path: String, mode: UInt32 = 0o755) throws(StoreError) -> Bool {
        switch try status(path)?.kind {
        case .directory: return false
        case .symlink: throw .symlink(path: path)
        case nil: return try ensureDirectory(path, mode: mode)
        default: throw .unexpectedFile(path: path, expected: "a directory")
        }
    }

    /// Throws unless `path` is a real directory (not a link to one).
    func requireDirectory(_ path: String) throws(StoreError) {
        switch try status(path)?.kind {
        case .directory: return
        case .symlink: throw .symlink(path: path)
        case nil: throw .io(operation: "open", path: path, errno: ENOENT)
        default: throw .unexpectedFile(path: path, expected: "a directory")
        }
    }

    /// Closes and ignores the result: used on paths where an error is already being
    /// reported or where the data was made durable before.
    func closeQuietly(_ file: OpenFile) {
        try? close(file)
    }

    /// Removes a file if it exists; any error is ignored (clean-up after a failure).
    func unlinkQuietly(_ path: String) {
        try? unlink(path)
    }

    /// Removes a directory tree without following links: links are unlinked, never
    /// entered. Used to discard the old index after a rebuild.
    func removeTree(_ path: String) throws(StoreError) {
        guard let info = try status(path) else { return }
        if info.kind != .directory {
            try unlink(path)
            return
        }
        for name in try list(path) {
            try removeTree(path + "/" + name)
        }
        try removeDirectory(path)
    }
}

/// Splits a path at its last `/` into the directory and the file name.
func splitPath(_ path: String) -> (directory: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let directory = String(path[..<slash])
    return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
}
