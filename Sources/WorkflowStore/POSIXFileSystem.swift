import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `FileSystem` on the real POSIX calls.
///
/// Calls interrupted by a signal (EINTR) are retried; every other failure becomes
/// `StoreError.io` with the errno, except a symbolic link met by `open` (ELOOP under
/// `O_NOFOLLOW`), which becomes `StoreError.symlink`.
public struct POSIXFileSystem: FileSystem {
    /// Whether `fsync` reaches the disk.
    public let syncs: Bool

    /// With `fsync: false`, `fsync` does nothing: for throwaway stores (`agency test`, the
    /// demo, benchmarks of the in-process cost), where a store lives for one run and
    /// durability against a power cut buys nothing, while an fsync per commit would make
    /// a folder of tests wait on the disk. Everything else (atomic renames, locks, the
    /// journal chain) is the real store code on real files. Never for data that must
    /// survive a crash.
    public init(fsync: Bool = true) {
        syncs = fsync
    }

    public func open(_ path: String, _ options: OpenOptions, mode: UInt32) throws(StoreError) -> OpenFile {
        var flags = O_CLOEXEC | O_NOFOLLOW
        if options.contains(.directory) {
            flags |= O_RDONLY | O_DIRECTORY
        } else if options.contains(.write) {
            flags |= options.contains(.read) ? O_RDWR : O_WRONLY
        } else {
            flags |= O_RDONLY
        }
        if options.contains(.append) { flags |= O_APPEND }
        if options.contains(.create) { flags |= O_CREAT }
        if options.contains(.exclusive) { flags |= O_EXCL }
        while true {
            let descriptor = sysOpen(path, flags, mode_t(mode))
            if descriptor >= 0 { return OpenFile(descriptor: descriptor, path: path) }
            let code = errno
            if code == EINTR { continue }
            if code == ELOOP { throw .symlink(path: path) }
            throw .io(operation: "open", path: path, errno: code)
        }
    }

    public func write(_ file: OpenFile, _ bytes: [UInt8]) throws(StoreError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return sysWrite(file.descriptor, base + written, buffer.count - written)
            }
            if result > 0 {
                written += result
            } else if result < 0 && errno == EINTR {
                continue
            } else {
                // A zero-byte write without an error would loop forever; report it as EIO.
                throw .io(operation: "write", path: file.path, errno: result < 0 ? errno : EIO)
            }
        }
    }

    public func readAll(_ file: OpenFile) throws(StoreError) -> [UInt8] {
        var result: [UInt8] = []
        let hint = (try? size(file)).map { Int($0) } ?? 0
        result.reserveCapacity(hint)
        var chunk = [UInt8](repeating: 0, count: max(4096, min(hint + 1, 1 << 20)))
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return sysRead(file.descriptor, base, buffer.count)
            }
            if count > 0 {
                result.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                return result
            } else if errno != EINTR {
                throw .io(operation: "read", path: file.path, errno: errno)
            }
        }
    }

    public func read(_ file: OpenFile, offset: Int64, count: Int) throws(StoreError) -> [UInt8] {
        guard count > 0 else { return [] }
        var result = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = result.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return pread(file.descriptor, base + filled, count - filled,
                             off_t(offset) + off_t(filled))
            }
            if got > 0 {
                filled += got
            } else if got == 0 {
                break
            } else if errno != EINTR {
                throw .io(operation: "read", path: file.path, errno: errno)
            }
        }
        result.removeLast(count - filled)
        return result
    }

    public func size(_ file: OpenFile) throws(StoreError) -> Int64 {
        var info = stat()
        guard fstat(file.descriptor, &info) == 0 else {
            throw .io(operation: "stat", path: file.path, errno: errno)
        }
        return Int64(info.st_size)
    }

    public func linkCount(_ file: OpenFile) throws(StoreError) -> Int {
        var info = stat()
        guard fstat(file.descriptor, &info) == 0 else {
            throw .io(operation: "stat", path: file.path, errno: errno)
        }
        return Int(info.st_nlink)
    }

    public func fsync(_ file: OpenFile) throws(StoreError) {
        guard syncs else { return }
        // EINTR is retried; any other error is final (see the protocol's note).
        while sysFsync(file.descriptor) != 0 {
            if errno != EINTR { throw .io(operation: "fsync", path: file.path, errno: errno) }
        }
    }

    public func truncate(_ file: OpenFile, to length: Int64) throws(StoreError) {
        while ftruncate(file.descriptor, off_t(length)) != 0 {
            if errno != EINTR { throw .io(operation: "truncate", path: file.path, errno: errno) }
        }
    }

    public func tryLock(_ file: OpenFile) throws(StoreError) -> Bool {
        while flock(file.descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK || code == EAGAIN { return false }
            throw .io(operation: "lock", path: file.path, errno: code)
        }
        return true
    }

    public func close(_ file: OpenFile) throws(StoreError) {
        // Never retry close: on Linux the descriptor is gone even when EINTR is returned.
        if sysClose(file.descriptor) != 0 {
            throw .io(operation: "close", path: file.path, errno: errno)
        }
    }

    public func rename(_ from: String, to: String) throws(StoreError) {
        if sysRename(from, to) != 0 {
            throw .io(operation: "rename", path: "\(from) -> \(to)", errno: errno)
        }
    }

    public func unlink(_ path: String) throws(StoreError) {
        if sysUnlink(path) != 0 {
            throw .io(operation: "remove", path: path, errno: errno)
        }
    }

    public func makeDirectory(_ path: String, mode: UInt32) throws(StoreError) {
        if mkdir(path, mode_t(mode)) != 0 {
            throw .io(operation: "create directory", path: path, errno: errno)
        }
    }

    public func removeDirectory(_ path: String) throws(StoreError) {
        if rmdir(path) != 0 {
            throw .io(operation: "remove directory", path: path, errno: errno)
        }
    }

    public func list(_ path: String) throws(StoreError) -> [String] {
        // open + fdopendir instead of opendir so that O_NOFOLLOW applies to the directory.
        let directory = try open(path, [.directory], mode: 0)
        guard let stream = fdopendir(directory.descriptor) else {
            let code = errno
            try? close(directory)
            throw .io(operation: "list", path: path, errno: code)
        }
        defer { closedir(stream) }  // closes the descriptor too
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw .io(operation: "list", path: path, errno: errno) }
                return names
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    public func status(_ path: String) throws(StoreError) -> FileStatus? {
        var info = stat()
        if lstat(path, &info) != 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw .io(operation: "stat", path: path, errno: code)
        }
        let kind: FileStatus.Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        #if canImport(Darwin)
        let modified = Date(timeIntervalSince1970: Double(info.st_mtimespec.tv_sec)
            + Double(info.st_mtimespec.tv_nsec) / 1e9)
        #else
        let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec)
            + Double(info.st_mtim.tv_nsec) / 1e9)
        #endif
        return FileStatus(kind: kind, size: Int64(info.st_size), modified: modified)
    }
}
