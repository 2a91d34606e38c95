import Foundation

/// One message of the socket conversation (Docs/serving.md, "The protocol").
///
/// Client → server: `request` (a command) or `ping`; then answers to the server's
/// questions: `data` (file or stdin bytes), `missing` (no such file), `ok` (written),
/// `failed` (the client could not, with `message`).
/// Server → client: `read` {path}, `write` {path, bytes}, `stdin`; finally `done`
/// {status, stdout, stderr} or `status` (the answer to `ping`).
/// One flat type, not an enum with payloads, so the JSON stays obvious to read in a
/// packet dump and to write from another language.
public struct WireMessage: Codable, Sendable {
    public var type: String
    public var request: ServedRequest?
    public var path: String?
    public var bytes: Data?
    public var message: String?
    public var status: Int32?
    public var stdout: Data?
    public var stderr: Data?
    public var health: ServerHealth?

    public init(type: String, request: ServedRequest? = nil, path: String? = nil, bytes: Data? = nil,
                message: String? = nil, status: Int32? = nil, stdout: Data? = nil, stderr: Data? = nil,
                health: ServerHealth? = nil) {
        self.type = type
        self.request = request
        self.path = path
        self.bytes = bytes
        self.message = message
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.health = health
    }

    static func done(_ response: ServedResponse) -> WireMessage {
        WireMessage(type: "done", status: response.status, stdout: Data(response.standardOutput),
                    stderr: Data(response.standardError))
    }

    func encoded() -> [UInt8] {
        // Encoding a struct of strings, numbers and Data cannot fail.
        (try? Array(JSONEncoder().encode(self))) ?? []
    }

    static func decode(_ bytes: [UInt8]) throws(ServeError) -> WireMessage {
        do {
            return try JSONDecoder().decode(WireMessage.self, from: Data(bytes))
        } catch {
            throw ServeError(.protocolViolation, "a message on the socket is not valid: \(error)")
        }
    }

    /// Sends `self` as one frame.
    func send(to fd: Int32) throws(Frame.Failure) { try Frame.write(encoded(), to: fd) }

    /// Receives one frame and decodes it.
    static func receive(from fd: Int32) throws(ServeError) -> WireMessage {
        let bytes: [UInt8]
        do {
            bytes = try Frame.read(from: fd)
        } catch .tooLarge(let count) {
            throw ServeError(.invalid, Frame.Failure.tooLarge(count).description)
        } catch {
            throw ServeError(.io, error.description)
        }
        return try decode(bytes)
    }
}

/// What `ping` answers (`agency serve --check`).
public struct ServerHealth: Codable, Sendable, Equatable {
    public var store: String
    public var pid: Int32
    public var uptimeSeconds: Double
    /// Commands waiting for or running on the executor.
    public var queueDepth: Int
    /// When the tick loop last finished (ISO-8601), nil before the first.
    public var lastTick: String?
    /// The last tick's outcome: "ok" or its error.
    public var lastTickResult: String?

    public init(store: String, pid: Int32, uptimeSeconds: Double, queueDepth: Int, lastTick: String?,
                lastTickResult: String?) {
        self.store = store
        self.pid = pid
        self.uptimeSeconds = uptimeSeconds
        self.queueDepth = queueDepth
        self.lastTick = lastTick
        self.lastTickResult = lastTickResult
    }
}
