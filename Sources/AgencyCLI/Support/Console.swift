import Foundation
import WorkflowStore

/// Writes to standard output and error. Colour only on a terminal and never with NO_COLOR.
///
/// Every byte agency prints goes through `write`, which never crashes: a write that fails
/// (a full disk behind a redirection, a closed pipe) ends the process with exit code 6
/// and a message on standard error naming standard output and the reason.
enum Console {
    /// A line (or lines) of text. C0 control characters in it are shown, not written,
    /// except line breaks, tabs and colour codes (`TerminalText.guarded`): a net under the
    /// rendering code, which shows user text with `TerminalText.visible` first.
    static func out(_ text: String) {
        write(Array((TerminalText.guarded(text) + "\n").utf8), to: STDOUT_FILENO)
    }

    /// A message on standard error, guarded like `out`.
    static func error(_ text: String) {
        write(Array((TerminalText.guarded(text) + "\n").utf8), to: STDERR_FILENO)
    }

    /// Bytes for standard output exactly as given: CSV, reports, diagrams.
    static func raw(_ bytes: [UInt8]) {
        write(bytes, to: STDOUT_FILENO)
    }

    static var useColor: Bool {
        if let served = ServedRequestContext.current { return served.output.color }
        return ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) != 0
    }

    /// The width of the terminal the output goes to, in columns, or nil when it goes to a
    /// file or a pipe (then nothing is cut). `COLUMNS` wins, as in other tools; in served
    /// mode the client measured its own terminal and sent it as `COLUMNS`.
    static var terminalWidth: Int? {
        if let text = ServedRequestContext.environment("COLUMNS"), let columns = Int(text), columns >= 20 {
            return columns
        }
        if ServedRequestContext.current != nil { return nil }
        return measuredTerminalWidth()
    }

    /// The width of the terminal on standard output (TIOCGWINSZ), or nil.
    static func measuredTerminalWidth() -> Int? {
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 else { return nil }
        return Int(size.ws_col)
    }

    static func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Writes every byte to `descriptor`, retrying short and interrupted writes.
    static func write(_ bytes: [UInt8], to descriptor: Int32) {
        // Inside agency serve the bytes are the request's, sent back to its client; the
        // server's own descriptors are never written (and never end the server).
        if let served = ServedRequestContext.current {
            if descriptor == STDERR_FILENO {
                served.output.standardError += bytes
            } else {
                served.output.standardOutput += bytes
            }
            return
        }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Foundation.write(descriptor, base + written, buffer.count - written)
            }
            if result > 0 {
                written += result
            } else if result < 0 && errno == EINTR {
                continue
            } else {
                failed(descriptor, errno: result < 0 ? errno : EIO)
            }
        }
    }

    /// Ends the process after a failed write to standard output or error.
    private static func failed(_ descriptor: Int32, errno code: Int32) -> Never {
        if descriptor != STDERR_FILENO {
            let name = descriptor == STDOUT_FILENO ? "standard output" : "descriptor \(descriptor)"
            let message = "agency: error: could not write \(name): \(StoreError.describe(errno: code)). "
                + "The output is incomplete; anything the command changed in the store is done "
                + "(agency show or agency log tell what)\n"
            let bytes = Array(message.utf8)
            _ = bytes.withUnsafeBytes { buffer in
                buffer.baseAddress.map { Foundation.write(STDERR_FILENO, $0, buffer.count) }
            }
        }
        exit(ExitStatus.io.rawValue)
    }
}
