import Benchmark
import BenchSupport
import Foundation
import WorkflowStore

/// One event in process without fsync; one durable event interleaved with the disk floor.
func registerEventBenchmarks() {
    Benchmark("event in process, no fsync (3 actions)") { benchmark in
        guard let runner = FlowRunner.current else { throw BenchError("not set up") }
        try runner.runOne(benchmark)
    } setup: {
        FlowRunner.current = try FlowRunner("event-nosync", fileSystem: NoSyncFileSystem())
    }

    // Durable events and the floor alternate within every sample, so that a burst of
    // disk traffic from elsewhere (ext4 makes an fsync wait for other dirty data) hits
    // both alike: the ratio is taken sample by sample from the same moments.
    let durable = BenchmarkMetric.custom("durableNanos", useScalingFactor: false)
    let floor = BenchmarkMetric.custom("floorNanos", useScalingFactor: false)
    Benchmark("event durable and disk floor (3 each, interleaved)",
              configuration: .init(metrics: [.wallClock, durable, floor], timeUnits: .nanoseconds,
                                   warmupIterations: 3, maxDuration: .seconds(120),
                                   maxIterations: BenchSettings.runs)) { benchmark in
        guard let runner = FlowRunner.current, let diskFloor = DiskFloorHolder.floor else {
            throw BenchError("not set up")
        }
        let floorStart = DispatchTime.now().uptimeNanoseconds
        for _ in ReferenceFlow.actions { try diskFloor.run() }
        benchmark.measurement(floor, Int(DispatchTime.now().uptimeNanoseconds - floorStart))
        benchmark.measurement(durable, try runner.timeOne())
    } setup: {
        let folder = try BenchPaths.freshFolder("disk-floor")
        let sizes = try DiskFloor.referenceSizes(folder: folder)
        DiskFloorHolder.floor = try DiskFloor(folder: folder, recordBytes: sizes.record,
                                              snapshotBytes: sizes.snapshot)
        FlowRunner.current = try FlowRunner("event-durable", fileSystem: POSIXFileSystem())
        print("disk floor: record \(sizes.record) B, snapshot \(sizes.snapshot) B")
    }
}

/// Set up once per benchmark process (each benchmark has a process of its own).
enum DiskFloorHolder {
    nonisolated(unsafe) static var floor: DiskFloor?
}

/// Runs the reference flow on one store: each run starts an instance (not measured)
/// and times its three user actions.
final class FlowRunner {
    nonisolated(unsafe) static var current: FlowRunner?
    let flow: ReferenceFlow
    var next = 0

    init(_ name: String, fileSystem: any FileSystem) throws {
        flow = try ReferenceFlow(storePath: try BenchPaths.freshFolder(name) + "/store", fileSystem: fileSystem)
    }

    /// One run, measured by the harness between start and stop.
    func runOne(_ benchmark: Benchmark) throws {
        let id = try startNext()
        benchmark.startMeasurement()
        for step in ReferenceFlow.actions.indices { try flow.act(id, step: step) }
        benchmark.stopMeasurement()
        try checkCompleted(id)
    }

    /// One run, timed here: nanoseconds for the three actions.
    func timeOne() throws -> Int {
        let id = try startNext()
        let began = DispatchTime.now().uptimeNanoseconds
        for step in ReferenceFlow.actions.indices { try flow.act(id, step: step) }
        let elapsed = Int(DispatchTime.now().uptimeNanoseconds - began)
        try checkCompleted(id)
        return elapsed
    }

    private func startNext() throws -> String {
        next += 1
        let id = "run\(next)"
        try flow.start(id)
        return id
    }

    private func checkCompleted(_ id: String) throws {
        let status = try flow.service.instance(id).status
        guard status == .completed else { throw BenchError("\(id) ended \(status.rawValue), not completed") }
    }
}
