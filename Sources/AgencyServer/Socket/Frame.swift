import Foundation

/// Length-prefixed frames on a stream socket: a 4-byte big-endian length, then that many
/// bytes of JSON. A length above ``maximumBytes`` is refused before anything is read, so a
/// broken or hostile peer cannot make the other side allocate gigabytes.
public enum Frame {
    /// 64 MiB: far above any command's input (documents are capped at 1 MiB, reports are
    /// a few MiB) and far below what would hurt the server.
    public static let maximumBytes = 64 << 20

    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// The peer closed the connection (before or inside a frame).
        case closed
        /// The peer sent nothing within the socket's timeout.
        case timedOut
        /// A frame longer than ``maximumBytes``.
        case tooLarge(Int)
        /// A socket call failed.
        case io(Int32)

        public var description: String {
            switch self {
            case .closed: return "the other side closed the connection"
            case .timedOut: return "the other side did not answer in time"
            case .tooLarge(let count):
                return "a message of \(count) bytes is larger than the limit of \(Frame.maximumBytes) bytes (64 MiB)"
            case .io(let code): return String(cString: strerror(code))
            }
        }
    }

    public static func write(_ payload: [UInt8], to fd: Int32) throws(Failure) {
        guard payload.count <= maximumBytes else { throw .tooLarge(payload.count) }
        let length = UInt32(payload.count)
        let header: [UInt8] = [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
                               UInt8(length & 0xFF)]
        try writeAll(header + payload, to: fd)
    }

    public static func read(from fd: Int32) throws(Failure) -> [UInt8] {
        let header = try readExactly(4, from: fd)
        let length = header.reduce(0) { $0 << 8 | Int($1) }
        guard length <= maximumBytes else { throw .tooLarge(length) }
        return try readExactly(length, from: fd)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) throws(Failure) {
        var written = 0
        while written < bytes.count {
            // MSG_NOSIGNAL: a peer that is gone is an error here, never a SIGPIPE that
            // would end the server.
            let result = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return send(fd, base + written, buffer.count - written, Int32(MSG_NOSIGNAL))
            }
            if result > 0 {
                written += result
            } else if result < 0 && errno == EINTR {
                continue
            } else if result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                throw .timedOut
            } else if result < 0 && (errno == EPIPE || errno == ECONNRESET) {
                throw .closed
            } else {
                throw .io(result < 0 ? errno : EIO)
            }
        }
    }

    private static func readExactly(_ count: Int, from fd: Int32) throws(Failure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return recv(fd, base + filled, count - filled, 0)
            }
            if result > 0 {
                filled += result
            } else if result == 0 {
                throw .closed
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                throw .timedOut
            } else if errno == ECONNRESET {
                throw .closed
            } else {
                throw .io(errno)
            }
        }
        return bytes
    }
}
