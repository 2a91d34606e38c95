import Foundation
import WorkflowStore

/// The CLI's side of the socket: sends one request, answers the server's questions about
/// the client's files with the client's own permissions, and returns the command's end.
public enum ServedClient {
    /// Connects to the server at `socketPath`; a refused or missing socket is `.io` with
    /// the system's reason, for the caller's "is the server running?" message.
    public static func connect(_ socketPath: String) throws(ServeError) -> Int32 {
        var address = try UnixSocket.address(socketPath)
        let fd = try UnixSocket.newSocket()
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw ServeError(.io, String(cString: strerror(code)))
        }
        return fd
    }

    /// Runs `request` on the server and returns its status and output. `files` answers
    /// the server's questions (the client's files and stdin).
    public static func run(_ request: ServedRequest, socketPath: String,
                           files: any ClientIO = LocalClientFiles()) throws(ServeError) -> ServedResponse {
        let fd = try connect(socketPath)
        defer { close(fd) }
        do {
            try WireMessage(type: "request", request: request).send(to: fd)
        } catch {
            throw ServeError(.io, "the request could not be sent: \(error)")
        }
        while true {
            let message: WireMessage
            do {
                message = try WireMessage.receive(from: fd)
            } catch {
                throw ServeError(.io, "the server closed the connection before the command ended (\(error.message)); "
                    + "it may have stopped: agency show or agency log tell whether the command was done")
            }
            let answer: WireMessage
            switch message.type {
            case "done":
                return ServedResponse(status: message.status ?? 70, standardOutput: [UInt8](message.stdout ?? Data()),
                                      standardError: [UInt8](message.stderr ?? Data()))
            case "read":
                answer = respond { () throws(ClientIOError) in
                    try files.read(message.path ?? "").map { WireMessage(type: "data", bytes: Data($0)) }
                        ?? WireMessage(type: "missing")
                }
            case "write":
                answer = respond { () throws(ClientIOError) in
                    try files.write(message.path ?? "", [UInt8](message.bytes ?? Data()))
                    return WireMessage(type: "ok")
                }
            case "stdin":
                answer = respond { () throws(ClientIOError) in
                    WireMessage(type: "data", bytes: Data(try files.readStandardInput()))
                }
            default:
                throw ServeError(.protocolViolation, "the server sent '\(message.type)', which this agency does not know "
                    + "(are the client and the server the same version?)")
            }
            do {
                try answer.send(to: fd)
            } catch {
                throw ServeError(.io, "the server closed the connection: \(error)")
            }
        }
    }

    private static func respond(_ body: () throws(ClientIOError) -> WireMessage) -> WireMessage {
        do {
            return try body()
        } catch {
            return WireMessage(type: "failed", message: error.message)
        }
    }

    /// Asks the server for its health (`agency serve --check`).
    public static func ping(socketPath: String, timeout: Double = 10) throws(ServeError) -> ServerHealth {
        let fd = try connect(socketPath)
        defer { close(fd) }
        UnixSocket.setTimeout(fd, seconds: timeout)
        do {
            try WireMessage(type: "ping").send(to: fd)
        } catch {
            throw ServeError(.io, "the ping could not be sent: \(error)")
        }
        let answer = try WireMessage.receive(from: fd)
        guard answer.type == "status", let health = answer.health else {
            throw ServeError(.protocolViolation, "the server answered the ping with '\(answer.type)'")
        }
        return health
    }
}

/// The client's own files, for ``ServedClient``: paths relative to the client's working
/// directory, opened with the client's permissions.
public struct LocalClientFiles: ClientIO {
    public init() {}

    public func read(_ path: String) throws(ClientIOError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw ClientIOError("could not read it: \(StoreError.describe(errno: errno))")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw ClientIOError("could not read it: \(StoreError.describe(errno: errno))")
            }
            bytes += chunk[..<count]
            if bytes.count > Frame.maximumBytes - 1024 {
                throw ClientIOError("it is larger than \(Frame.maximumBytes) bytes, the most a served command takes")
            }
        }
    }

    public func write(_ path: String, _ bytes: [UInt8]) throws(ClientIOError) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            let code = (error as NSError).userInfo[NSUnderlyingErrorKey].flatMap { ($0 as? NSError)?.code }
            throw ClientIOError("could not write it: "
                + (code.map { StoreError.describe(errno: Int32($0)) } ?? error.localizedDescription))
        }
    }

    public func readStandardInput() throws(ClientIOError) -> [UInt8] {
        guard let bytes = try read("/dev/stdin") else { return [] }
        return bytes
    }
}
