import Foundation
import Logging

/// One client connection on the server's side: the first frame is a `request` or a
/// `ping`; a request runs on the executor with a ``SocketClientIO`` for the client's
/// files, and its end is sent as `done`.
struct SocketConnection {
    let descriptor: Int32
    let executor: ServedExecutor
    let health: @Sendable () -> ServerHealth
    let clientTimeout: Double
    let logger: Logger

    func serve() {
        UnixSocket.setTimeout(descriptor, seconds: clientTimeout)
        guard let uid = UnixSocket.peerUID(descriptor) else {
            logger.warning("a socket peer without credentials was refused")
            return
        }
        let first: WireMessage
        do {
            first = try WireMessage.receive(from: descriptor)
        } catch where error.kind == .invalid {
            // Too large: say so (the client is still there), then drop the connection.
            return refuse(error.message, status: 1)
        } catch {
            logger.info("a client left before sending a request: \(error.message)")
            return
        }
        switch first.type {
        case "ping":
            try? WireMessage(type: "status", health: health()).send(to: descriptor)
        case "request":
            guard let request = first.request else { return refuse("a request without its command") }
            let caller = Caller(channel: .cliSocket, login: OSUser.login(uid: uid), uid: uid)
            let io = SocketClientIO(descriptor: descriptor)
            let response = executor.run(request, caller: caller, io: io)
            do {
                try WireMessage.done(response).send(to: descriptor)
            } catch {
                // The command is done (or refused) in the store either way; the client
                // learns what happened from agency show or agency log.
                logger.info("the client of '\(request.arguments.first ?? "")' left before its answer: \(error)")
            }
        default:
            refuse("unknown message type '\(first.type)'")
        }
    }

    private func refuse(_ message: String, status: Int32 = 64) {
        let hint = status == 64 ? " (is the client the same version as the server?)" : ""
        let text = "agency: error: \(message)\(hint)\n"
        try? WireMessage.done(ServedResponse(status: status, standardError: Array(text.utf8))).send(to: descriptor)
    }
}

/// The client's files and standard input, reached by asking the client over the socket.
///
/// The server never opens a path a client names: the client reads and writes with its
/// own permissions, relative to its own working directory. A client that is gone, slow
/// past the socket timeout, or answers nonsense makes the call throw, and the command
/// fails before it commits anything; later calls fail at once.
final class SocketClientIO: ClientIO, @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var broken: String?

    init(descriptor: Int32) { self.descriptor = descriptor }

    func read(_ path: String) throws(ClientIOError) -> [UInt8]? {
        let answer = try ask(WireMessage(type: "read", path: path), what: path)
        if answer.type == "missing" { return nil }
        return [UInt8](answer.bytes ?? Data())
    }

    func write(_ path: String, _ bytes: [UInt8]) throws(ClientIOError) {
        _ = try ask(WireMessage(type: "write", path: path, bytes: Data(bytes)), what: path)
    }

    func readStandardInput() throws(ClientIOError) -> [UInt8] {
        [UInt8](try ask(WireMessage(type: "stdin"), what: "standard input").bytes ?? Data())
    }

    private func ask(_ question: WireMessage, what: String) throws(ClientIOError) -> WireMessage {
        lock.lock()
        defer { lock.unlock() }
        if let broken { throw ClientIOError(broken) }
        do {
            try question.send(to: descriptor)
        } catch {
            throw fail("the client could not be asked for \(what): \(error)")
        }
        let answer: WireMessage
        do {
            answer = try WireMessage.receive(from: descriptor)
        } catch {
            throw fail("no answer from the client about \(what) (\(error.message)); nothing was changed")
        }
        switch answer.type {
        case "data", "missing", "ok": return answer
        case "failed": throw ClientIOError(answer.message ?? "the client could not do it")
        default: throw fail("the client answered '\(answer.type)' about \(what)")
        }
    }

    private func fail(_ message: String) -> ClientIOError {
        broken = message
        return ClientIOError(message)
    }
}
