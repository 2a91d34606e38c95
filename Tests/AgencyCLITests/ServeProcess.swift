import Foundation

/// An `agency serve` running in the background for a test, stopped with SIGTERM.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let store: URL
    /// The server's standard error (its log), for failure messages.
    let log: URL

    init(store: URL, arguments: [String] = [], waitForSocket: Bool = true) throws {
        self.store = store
        log = FileManager.default.temporaryDirectory.appendingPathComponent("agency-serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = AgencyBinary.url
        process.arguments = ["serve", "--store", store.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        if waitForSocket { try waitUntilListening() }
    }

    var socket: URL { store.appendingPathComponent("agency.sock") }

    /// Waits (up to 20 s) until the socket is there, or the server ended.
    func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: socket.path) { return }
            if !process.isRunning { break }
            usleep(20_000)
        }
        throw ServeFailure(message: "agency serve did not start: \(logText)")
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// SIGTERM, then waits for the end; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: log)
        return process.terminationStatus
    }

    struct ServeFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
