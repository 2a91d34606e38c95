import AgencyService
import Benchmark
import BenchSupport

/// `tick` over 1,000 and 10,000 instances: with nothing due, and with one timer due in
/// each. The target: the first costs at most 1% of the second, and peak memory stays
/// under 100 MiB at 10,000 instances.
func registerTickBenchmarks() {
    for count in [1_000, 10_000] {
        Benchmark("tick \(count) instances, nothing due",
                  configuration: .init(metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident],
                                       timeUnits: .nanoseconds, warmupIterations: 2,
                                       maxDuration: .seconds(30), maxIterations: 50)) { benchmark in
            guard let fixture = TickState.fixture else { throw BenchError("not set up") }
            let report = try fixture.tickNothingDue()
            guard report.fired.isEmpty, report.failed.isEmpty else {
                throw BenchError("a tick with nothing due fired \(report.fired.count) timers, "
                    + "failed \(report.failed.count)")
            }
        } setup: {
            TickState.fixture = try TickFixture(name: "tick-idle-\(count)", count: count)
        }

        // Each sample fires `count` durable events; at 10,000 one sample (no warm-up)
        // keeps Scripts/bench under ten minutes.
        let large = count >= 10_000
        Benchmark("tick \(count) instances, one timer due in each",
                  configuration: .init(metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident],
                                       timeUnits: .nanoseconds, warmupIterations: large ? 0 : 1,
                                       maxDuration: .seconds(120),
                                       maxIterations: large ? 1 : BenchSettings.dueTicks)) { benchmark in
            guard let fixture = TickState.fixture else { throw BenchError("not set up") }
            TickState.day += 1
            let report = try fixture.tickDue(day: TickState.day)
            guard report.fired.count == fixture.count, report.failed.isEmpty else {
                throw BenchError("day \(TickState.day): fired \(report.fired.count) timers in "
                    + "\(fixture.count) instances, failed \(report.failed.count)")
            }
        } setup: {
            TickState.fixture = try TickFixture(name: "tick-due-\(count)", count: count)
        }
    }
}

enum TickState {
    nonisolated(unsafe) static var fixture: TickFixture?
    nonisolated(unsafe) static var day = 0
}
