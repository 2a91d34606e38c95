/// Why `agency serve` (or a client of it) could not do what it was asked.
///
/// The CLI maps `kind` to its documented exit codes (busy 4, I/O 6, invalid 1), so
/// scripts and systemd can tell "already running" from "the disk said no".
public struct ServeError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Another server owns the store.
        case busy
        /// A file or socket call failed, or the server is not there.
        case io
        /// A bad path or configuration.
        case invalid
        /// The peer broke the protocol.
        case protocolViolation
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
