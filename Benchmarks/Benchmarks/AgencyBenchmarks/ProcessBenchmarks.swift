import Benchmark
import BenchSupport
import Foundation
import WorkflowStore

/// `agency complete` / `approve` as whole processes, the start-up of a Swift binary that
/// only loads Foundation, and (when Scripts/bench-peer or Scripts/bench provide it) the
/// SpiffWorkflow CLI equivalent, interleaved within every sample so that all three meet
/// the same machine.
func registerProcessBenchmarks() {
    let agencyMetric = BenchmarkMetric.custom("agencyNanos", useScalingFactor: false)
    let helloMetric = BenchmarkMetric.custom("helloNanos", useScalingFactor: false)
    let spiffMetric = BenchmarkMetric.custom("spiffCLINanos", useScalingFactor: false)
    Benchmark("processes (agency, hello-foundation, SpiffWorkflow CLI; 3 each)",
              configuration: .init(metrics: [.wallClock, agencyMetric, helloMetric, spiffMetric],
                                   timeUnits: .nanoseconds, warmupIterations: 2,
                                   maxDuration: .seconds(180), maxIterations: BenchSettings.processRuns)) { benchmark in
        guard let state = ProcessState.current else { throw BenchError("not set up") }
        benchmark.measurement(agencyMetric, try state.timeAgency())
        benchmark.measurement(helloMetric, try timed {
            for _ in ReferenceFlow.actions { try Spawn.run(state.hello, []) }
        })
        if let peer = state.peer { benchmark.measurement(spiffMetric, try peer.timeRun()) }
    } setup: {
        let folder = try BenchPaths.freshFolder("processes")
        ProcessState.current = ProcessState(
            flow: try ReferenceFlow(storePath: folder + "/store", fileSystem: POSIXFileSystem()),
            agency: try BenchPaths.executable("agency", variable: "AGENCY_BIN"),
            hello: try BenchPaths.executable("hello-foundation", variable: "HELLO_BIN"),
            peer: PeerCLI(folder: folder))
    }
}

/// Nanoseconds `body` took.
func timed(_ body: () throws -> Void) throws -> Int {
    let began = DispatchTime.now().uptimeNanoseconds
    try body()
    return Int(DispatchTime.now().uptimeNanoseconds - began)
}

final class ProcessState {
    nonisolated(unsafe) static var current: ProcessState?
    let flow: ReferenceFlow
    let agency: String
    let hello: String
    let peer: PeerCLI?
    var next = 0

    init(flow: ReferenceFlow, agency: String, hello: String, peer: PeerCLI?) {
        self.flow = flow
        self.agency = agency
        self.hello = hello
        self.peer = peer
    }

    /// Starts an instance in process (not measured), then times one `agency` process per
    /// user action, as a person at a shell would run them.
    func timeAgency() throws -> Int {
        next += 1
        let id = "cli\(next)"
        try flow.start(id)
        let elapsed = try timed {
            for action in ReferenceFlow.actions {
                var arguments = [action.kind.rawValue, id]
                if let outcome = action.outcome { arguments.append(outcome) }
                arguments += ["--store", flow.storePath, "--workflows", flow.workflowsFolder.path,
                              "--as", action.actor, "--now", ReferenceFlow.startTime]
                try Spawn.run(agency, arguments)
            }
        }
        let status = try flow.service.instance(id).status
        guard status == .completed else { throw BenchError("\(id) ended \(status.rawValue), not completed") }
        return elapsed
    }
}

/// The SpiffWorkflow CLI equivalent (Benchmarks/Peer/spiff_peer.py `step`): one Python
/// process per action that loads the workflow's JSON, acts and saves it. Present when
/// `PEER_PYTHON` names the peer's virtual environment's python.
struct PeerCLI {
    let python: String
    let script: String
    let bpmn: String
    let folder: String

    init?(folder: String) {
        guard let python = ProcessInfo.processInfo.environment["PEER_PYTHON"], !python.isEmpty else { return nil }
        let peer = BenchPaths.workflows.deletingLastPathComponent().appendingPathComponent("Peer/spiff_peer.py")
        self.python = python
        script = peer.path
        bpmn = BenchPaths.workflows.appendingPathComponent("reference.bpmn").path
        self.folder = folder
    }

    /// A started workflow saved as JSON (not measured), then one process per action.
    func timeRun() throws -> Int {
        let state = folder + "/spiff-state.json"
        try Spawn.run(python, [script, "init", "--bpmn", bpmn, state])
        return try timed {
            for step in ReferenceFlow.actions.indices { try Spawn.run(python, [script, "step", state, String(step)]) }
        }
    }
}
