/// The client's side of a served command: its files and its standard input.
///
/// Calls go back to the client, which reads or writes with its own permissions and
/// answers; a client that is gone or too slow makes the call throw ``ClientIOError``.
/// HTTP callers have no files: their `ClientIO` refuses every call.
public protocol ClientIO: Sendable {
    /// The bytes of the client's file at `path` (relative to the client's working
    /// directory), or nil when there is no such file.
    func read(_ path: String) throws(ClientIOError) -> [UInt8]?
    /// Writes `bytes` to the client's file at `path`, replacing it.
    func write(_ path: String, _ bytes: [UInt8]) throws(ClientIOError)
    /// Everything on the client's standard input.
    func readStandardInput() throws(ClientIOError) -> [UInt8]
}

/// Why a call to the client failed.
public struct ClientIOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for the user ("permission denied", "the client disconnected").
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The `ClientIO` of a caller without files (HTTP): every call is refused.
public struct NoClientFiles: ClientIO {
    public init() {}
    public func read(_ path: String) throws(ClientIOError) -> [UInt8]? {
        throw ClientIOError("\(path): files cannot be read over HTTP; send the content in the request")
    }
    public func write(_ path: String, _ bytes: [UInt8]) throws(ClientIOError) {
        throw ClientIOError("\(path): files cannot be written over HTTP; the response carries the output")
    }
    public func readStandardInput() throws(ClientIOError) -> [UInt8] {
        throw ClientIOError("standard input cannot be read over HTTP; send the content in the request")
    }
}
