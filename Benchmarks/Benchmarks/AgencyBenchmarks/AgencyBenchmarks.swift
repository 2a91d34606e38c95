import Benchmark
import Foundation

/// FullAgency's benchmarks (Docs/performance.md). Every sample of an event benchmark is
/// the three user actions of one run of the reference flow (submit, approve, file), and
/// its baselines do three units too, so that figures divide by three the same way.
/// Each benchmark runs in a process of its own (the harness does that), which keeps
/// peak memory and caches apart. Times are kept in nanoseconds so that the exported
/// percentiles (Scripts/bench reads them) need no unit conversion.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident],
        timeUnits: .nanoseconds,
        warmupIterations: 3,
        maxDuration: .seconds(120),
        maxIterations: BenchSettings.runs
    )
    registerEventBenchmarks()
    registerProcessBenchmarks()
    registerDefinitionBenchmarks()
    registerTickBenchmarks()
}

/// Iteration counts, from the environment so that the scripts can keep a whole run
/// under ten minutes and give the SpiffWorkflow peer the same numbers.
enum BenchSettings {
    static func integer(_ name: String, _ fallback: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) }.map { max(1, $0) } ?? fallback
    }

    /// Runs of the reference flow for the in-process and durable event benchmarks.
    static var runs: Int { integer("BENCH_RUNS", 200) }
    /// Runs of the flow as processes (three `agency` processes each).
    static var processRuns: Int { integer("BENCH_PROCESS_RUNS", 20) }
    /// Ticks that fire a timer in every one of 1,000 instances: at most 4, since the
    /// reference flow has five daily reminders and the warm-up tick takes the first.
    static var dueTicks: Int { min(4, integer("BENCH_DUE_TICKS", 3)) }
}
