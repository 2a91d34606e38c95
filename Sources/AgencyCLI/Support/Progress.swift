import Foundation

/// A one-line progress counter on standard error, only on a terminal.
final class Progress {
    private let total: Int
    private let label: String
    private var done = 0
    private let enabled = ServedRequestContext.current == nil && isatty(STDERR_FILENO) != 0
        && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func step(_ note: String = "") {
        done += 1
        guard enabled, done % max(1, total / 100) == 0 || done == total else { return }
        Console.write(Array("\r\(label) \(done)/\(total) \(note)\u{1B}[K".utf8), to: STDERR_FILENO)
    }

    func finish() {
        if enabled { Console.write(Array("\r\u{1B}[K".utf8), to: STDERR_FILENO) }
    }
}
