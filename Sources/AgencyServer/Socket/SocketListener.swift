import Foundation

/// The server's Unix-domain stream socket: bound at the store's socket path, mode 0666
/// (who may do what is decided per request from SO_PEERCRED and the people directory,
/// not by the socket's mode), one thread per connection.
final class SocketListener: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    private let lock = NSLock()
    private var stopping = false
    private let connections = DispatchGroup()

    /// Binds `path`. A socket file left there by a server that died is removed first:
    /// the caller holds the store's serve lock, so no live server can own it.
    init(path: String) throws(ServeError) {
        self.path = path
        var address = try UnixSocket.address(path)
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFSOCK else {
                throw ServeError(.invalid, "\(path) exists and is not a socket; move it away "
                    + "or set another served.socket in store.json")
            }
            unlink(path)
        }
        let fd = try UnixSocket.newSocket()
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw ServeError(.io, "cannot bind the socket \(path): \(String(cString: strerror(code)))")
        }
        chmod(path, 0o666)
        guard listen(fd, 128) == 0 else {
            let code = errno
            close(fd)
            unlink(path)
            throw ServeError(.io, "cannot listen on \(path): \(String(cString: strerror(code)))")
        }
        descriptor = fd
    }

    /// Accepts connections until ``stop()``, handing each to `handle` on its own thread.
    /// Polls with a short timeout so that a stop is seen within a quarter second without
    /// relying on close() waking a blocked accept(), which Linux does not promise.
    func acceptLoop(_ handle: @escaping @Sendable (Int32) -> Void) {
        while !isStopping {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 250)
            guard ready > 0 else { continue }
            let client = accept(descriptor, nil, nil)
            guard client >= 0 else { continue }  // EINTR, ECONNABORTED: try again
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            connections.enter()
            let thread = Thread { [connections] in
                handle(client)
                close(client)
                connections.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    var isStopping: Bool { lock.withLock { stopping } }

    /// Stops accepting; connections already accepted run to their end.
    func stop() { lock.withLock { stopping = true } }

    /// Waits for every accepted connection to end, then closes and removes the socket.
    func finish(waitingAtMost seconds: Double) {
        _ = connections.wait(timeout: .now() + seconds)
        close(descriptor)
        unlink(path)
    }
}
