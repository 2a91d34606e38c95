import Foundation
import Metrics

/// The served store's measurements, through swift-metrics: whatever backend the process
/// bootstraps (Prometheus for `agency serve`, see AgencyHTTP's `PrometheusSetup`) gets them;
/// without one they cost nothing. The names are documented in Docs/operations.md and are
/// what dashboards and alerts rely on, so they never change meaning.
///
/// The socket server, the tick loop and the HTTP API call these; the executor keeps the
/// queue depth and its own waits.
public enum ServerMetrics {
    /// `agency_events_total{command, outcome}`: one per served command, by its first argument(s)
    /// (`approve`, `people token`) and its outcome (the exit status's name: ok, invalid, …).
    public static func commandFinished(command: String, status: Int32) {
        Counter(label: "agency_events_total", dimensions: [("command", command), ("outcome", outcome(status))])
            .increment()
    }

    /// `agency_request_duration_seconds{channel}`: a request's time from arrival to answer,
    /// queueing included, by channel (cli-socket, web, api).
    public static func requestFinished(channel: Channel, seconds: Double) {
        Metrics.Timer(label: "agency_request_duration_seconds", dimensions: [("channel", channel.rawValue)])
            .recordNanoseconds(nanoseconds(seconds))
    }

    /// `agency_tick_lag_seconds`: how late the last tick started after it was due. A lag that
    /// grows means the executor cannot keep up (or the machine slept).
    public static func tickLag(seconds: Double) {
        Gauge(label: "agency_tick_lag_seconds").record(seconds)
    }

    /// `agency_queue_depth`: commands waiting for or running on the executor.
    public static func queueDepth(_ depth: Int) {
        Gauge(label: "agency_queue_depth").record(depth)
    }

    /// `agency_lock_wait_seconds{lock}`: time spent waiting for a lock: `executor` (a request
    /// waiting for its turn, the served store's only lock between requests), or a file lock
    /// (`store`, `instance`, `serve`) for the code that takes one.
    public static func lockWaited(_ lock: String, seconds: Double) {
        Metrics.Timer(label: "agency_lock_wait_seconds", dimensions: [("lock", lock)])
            .recordNanoseconds(nanoseconds(seconds))
    }

    /// The documented name of an exit status (Docs/cli.md).
    public static func outcome(_ status: Int32) -> String {
        switch status {
        case 0: return "ok"
        case 1: return "invalid"
        case 2: return "not_found"
        case 3: return "not_permitted"
        case 4: return "busy"
        case 5: return "integrity"
        case 6: return "io"
        case 64: return "usage"
        case 70: return "internal"
        default: return "exit_\(status)"
        }
    }

    /// The command's name for metrics and logs: its leading words before any option or
    /// argument that could be data (an id, a comment), so the label's values stay few.
    public static func commandName(_ arguments: [String]) -> String {
        let groups: Set<String> = ["people", "report", "calendar", "notifications", "schedule"]
        guard let first = arguments.first, !first.hasPrefix("-") else { return "none" }
        if groups.contains(first), arguments.count > 1, let second = arguments.dropFirst().first,
           !second.hasPrefix("-"), second.allSatisfy({ $0.isLetter && $0.isASCII }) {
            return "\(first) \(second)"
        }
        return first.allSatisfy({ $0.isLetter && $0.isASCII }) ? first : "other"
    }

    private static func nanoseconds(_ seconds: Double) -> Int64 {
        Int64((max(0, seconds) * 1e9).rounded())
    }
}

/// Counts the work on the executor (waiting or running) for `agency_queue_depth` and
/// `agency serve --check`.
final class QueueDepth: @unchecked Sendable {
    private let lock = NSLock()
    private var depth = 0

    var current: Int { lock.withLock { depth } }

    func enter() { change(+1) }
    func leave() { change(-1) }

    private func change(_ delta: Int) {
        lock.lock()
        depth += delta
        let now = depth
        lock.unlock()
        ServerMetrics.queueDepth(now)
    }
}
