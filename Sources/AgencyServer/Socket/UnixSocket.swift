import Foundation

/// The small POSIX pieces shared by the listener and the client.
enum UnixSocket {
    /// A `sockaddr_un` for `path`, or an error naming the limit (108 bytes on Linux,
    /// including the terminating NUL): a store deep in a long path needs a shorter one.
    static func address(_ path: String) throws(ServeError) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            throw ServeError(.invalid, "the socket path \(path) is \(bytes.count) bytes; a Unix socket path "
                + "must be shorter than \(capacity) bytes: put the store in a shorter path")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
            raw[bytes.count] = 0
        }
        return address
    }

    static func newSocket() throws(ServeError) -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ServeError(.io, "cannot create a socket: \(String(cString: strerror(errno)))") }
        return fd
    }

    /// Sets receive and send timeouts, so a silent peer fails a call instead of
    /// holding a thread (and, inside a command, the executor) forever.
    static func setTimeout(_ fd: Int32, seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: .init((seconds - seconds.rounded(.down)) * 1e6))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The uid of the process at the other end, from the kernel (never from the peer).
    static func peerUID(_ fd: Int32) -> uid_t? {
        #if os(Linux)
        // struct ucred {pid_t pid; uid_t uid; gid_t gid;}, spelled out because Glibc only
        // declares it under _GNU_SOURCE.
        var credentials: (Int32, UInt32, UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
        let peerCredentials: Int32 = 17  // SO_PEERCRED on Linux
        guard getsockopt(fd, SOL_SOCKET, peerCredentials, &credentials, &length) == 0 else { return nil }
        return credentials.1
        #else
        var uid = uid_t()
        var gid = gid_t()
        guard getpeereid(fd, &uid, &gid) == 0 else { return nil }
        return uid
        #endif
    }
}
