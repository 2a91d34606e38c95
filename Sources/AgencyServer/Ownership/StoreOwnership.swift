import Foundation

/// The one server of a store: an exclusive `flock` on `<store>/serve.lock`, held for the
/// life of `agency serve`.
///
/// flock, not a pid file: the kernel drops it when the process dies however it dies
/// (SIGKILL included), so a crashed server never leaves the store locked, and a second
/// server cannot start beside a live one. The file holds the owner's pid, for messages.
public final class StoreOwnership: @unchecked Sendable {
    public let root: String
    private let descriptor: Int32

    private init(root: String, descriptor: Int32) {
        self.root = root
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The lock file of the store at `root`.
    public static func lockPath(_ root: String) -> String { root + "/serve.lock" }

    /// Takes the store, or refuses with the pid of the server that has it.
    public static func acquire(storeRoot root: String) throws(ServeError) -> StoreOwnership {
        let path = lockPath(root)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ServeError(.io, "cannot open \(path): \(String(cString: strerror(errno))) "
                + "(run agency serve as the account that owns the store)")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = Self.recordedPid(fd)
            close(fd)
            guard code == EWOULDBLOCK else {
                throw ServeError(.io, "cannot lock \(path): \(String(cString: strerror(code)))")
            }
            throw ServeError(.busy, "the store \(root) is already served by "
                + (holder.map { "pid \($0)" } ?? "another agency serve")
                + "; only one server may own a store (check it with: agency serve --check --store \(root); "
                + "stop it with: systemctl stop agency)")
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        _ = fchmod(fd, 0o600)
        return StoreOwnership(root: root, descriptor: fd)
    }

    /// Whether some live process holds the store's serve lock (a probe that takes and
    /// drops it at once; used by messages, never to decide ownership).
    public static func isServed(storeRoot root: String) -> Bool {
        let fd = open(lockPath(root), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            _ = flock(fd, LOCK_UN)
            return false
        }
        return true
    }

    private static func recordedPid(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
