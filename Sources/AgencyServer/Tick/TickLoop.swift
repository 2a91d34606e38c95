import Dispatch
import Foundation
import Logging

/// Runs `agency tick`'s work (timers, ladders, schedules, deliveries) every `interval`
/// seconds on the executor, so a served store needs no cron and a tick never overlaps a
/// command. A failing tick is logged and the loop goes on: the next tick retries what is
/// still due.
final class TickLoop: @unchecked Sendable {
    private let timer: DispatchSourceTimer
    private let lock = NSLock()
    private var last: (at: Date, result: String)?

    /// `work` returns nil when the tick went well, else what went wrong.
    init(interval: Double, executor: ServedExecutor, logger: Logger, work: @escaping @Sendable () -> String?) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "agency.serve.tick"))
        let milliseconds = max(1, Int(interval * 1000))
        timer.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds),
                       leeway: .milliseconds(min(1000, milliseconds / 10 + 1)))
        timer.setEventHandler { [weak self] in
            let problem = executor.perform { work() }
            if let problem { logger.error("tick: \(problem)") }
            self?.lock.withLock { self?.last = (Date(), problem ?? "ok") }
        }
    }

    func start() { timer.resume() }

    /// Stops future ticks; one already running ends first (it is on the executor).
    func stop() { timer.cancel() }

    var lastTick: (at: Date, result: String)? { lock.withLock { last } }
}
