import Benchmark
import BenchSupport
import WorkflowStore

/// `agency complete` / `approve` as whole processes, and the start-up of a Swift binary
/// that only loads Foundation, in the same run.
func registerProcessBenchmarks() {
    let processes = Benchmark.Configuration(
        metrics: [.wallClock, .throughput],
        timeUnits: .nanoseconds,
        warmupIterations: 2,
        maxDuration: .seconds(120),
        maxIterations: BenchSettings.processRuns
    )

    Benchmark("agency process (3 actions)", configuration: processes) { benchmark in
        guard let state = ProcessState.current else { throw BenchError("not set up") }
        state.next += 1
        let id = "cli\(state.next)"
        try state.flow.start(id)
        benchmark.startMeasurement()
        for action in ReferenceFlow.actions {
            var arguments = [action.kind.rawValue, id]
            if let outcome = action.outcome { arguments.append(outcome) }
            arguments += ["--store", state.flow.storePath, "--workflows", state.flow.workflowsFolder.path,
                          "--as", action.actor, "--now", ReferenceFlow.startTime]
            try Spawn.run(state.agency, arguments)
        }
        benchmark.stopMeasurement()
        let status = try state.flow.service.instance(id).status
        guard status == .completed else { throw BenchError("\(id) ended \(status.rawValue), not completed") }
    } setup: {
        let folder = try BenchPaths.freshFolder("agency-process")
        ProcessState.current = ProcessState(
            flow: try ReferenceFlow(storePath: folder + "/store", fileSystem: POSIXFileSystem()),
            agency: try BenchPaths.executable("agency", variable: "AGENCY_BIN"))
    }

    Benchmark("hello-foundation process (x3)", configuration: processes) { _ in
        guard let hello = ProcessState.hello else { throw BenchError("not set up") }
        for _ in ReferenceFlow.actions { try Spawn.run(hello, []) }
    } setup: {
        ProcessState.hello = try BenchPaths.executable("hello-foundation", variable: "HELLO_BIN")
    }
}

final class ProcessState {
    nonisolated(unsafe) static var current: ProcessState?
    nonisolated(unsafe) static var hello: String?
    let flow: ReferenceFlow
    let agency: String
    var next = 0

    init(flow: ReferenceFlow, agency: String) {
        self.flow = flow
        self.agency = agency
    }
}
