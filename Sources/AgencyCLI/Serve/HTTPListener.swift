import AgencyHTTP
import Dispatch
import Foundation
import Logging

/// The HTTP API running beside the socket server: started before the socket accepts,
/// stopped after the socket's commands are done.
///
/// `agency serve` is a synchronous command (the socket server blocks its thread); the
/// HTTP server is async, so it runs in a task of its own, and `start` waits until it
/// listens or has failed (a port in use is an error at start-up, not a log line later).
final class HTTPListener: @unchecked Sendable {
    private let task: Task<Void, Never>
    private let finished: DispatchSemaphore

    private init(task: Task<Void, Never>, finished: DispatchSemaphore) {
        self.task = task
        self.finished = finished
    }

    static func start(_ server: HTTPServer, logger: Logger) throws -> HTTPListener {
        let outcome = StartOutcome()
        let finished = DispatchSemaphore(value: 0)
        let task = Task.detached {
            do {
                try await server.run(onListening: { port in
                    logger.info("HTTP API on \(server.host):\(port)")
                    outcome.settle(nil)
                })
            } catch {
                outcome.settle("\(error)")
            }
            // Returning before it listened (no error thrown) is a failure too.
            outcome.settle("the HTTP server ended before it listened")
            finished.signal()
        }
        guard outcome.wait(seconds: 30) else {
            task.cancel()
            throw CLIError.io("--listen \(server.host):\(server.port): the HTTP server did not start within 30 s")
        }
        if let failure = outcome.failure {
            throw CLIError.io("--listen \(server.host):\(server.port): the HTTP server could not start: \(failure) "
                + "(is the port in use? ss -ltnp shows who listens)")
        }
        return HTTPListener(task: task, finished: finished)
    }

    /// Ends the HTTP server gracefully and waits (at most a minute) for it.
    func stop() {
        task.cancel()
        _ = finished.wait(timeout: .now() + 60)
    }

    /// The first outcome of starting: listening (nil) or a failure message.
    private final class StartOutcome: @unchecked Sendable {
        private let lock = NSLock()
        private let settled = DispatchSemaphore(value: 0)
        private var done = false
        private(set) var failure: String?

        func settle(_ failure: String?) {
            let first = lock.withLock { () -> Bool in
                guard !done else { return false }
                done = true
                self.failure = failure
                return true
            }
            if first { settled.signal() }
        }

        func wait(seconds: Double) -> Bool { settled.wait(timeout: .now() + seconds) == .success }
    }
}
