import Benchmark
import BenchSupport
import WorkflowStore

/// One event in process without fsync; one durable event; the disk floor.
func registerEventBenchmarks() {
    Benchmark("event in process, no fsync (3 actions)") { benchmark in
        try FlowRunner.shared.runOne(benchmark)
    } setup: {
        try FlowRunner.prepare("event-nosync", fileSystem: NoSyncFileSystem())
    }

    Benchmark("event durable (3 actions)") { benchmark in
        try FlowRunner.shared.runOne(benchmark)
    } setup: {
        try FlowRunner.prepare("event-durable", fileSystem: POSIXFileSystem())
    }

    Benchmark("disk floor (3 x append+replace)") { benchmark in
        guard let floor = DiskFloorHolder.floor else { throw BenchError("the floor was not set up") }
        for _ in 0..<ReferenceFlow.actions.count { try floor.run() }
    } setup: {
        let folder = try BenchPaths.freshFolder("disk-floor")
        let sizes = try DiskFloor.referenceSizes(folder: folder)
        DiskFloorHolder.floor = try DiskFloor(folder: folder, recordBytes: sizes.record,
                                              snapshotBytes: sizes.snapshot)
        print("disk floor: record \(sizes.record) B, snapshot \(sizes.snapshot) B")
    }
}

/// Set up once per benchmark process (each benchmark has a process of its own).
enum DiskFloorHolder {
    nonisolated(unsafe) static var floor: DiskFloor?
}

/// Runs the reference flow on one store: each sample starts an instance (not measured)
/// and times its three user actions.
final class FlowRunner {
    nonisolated(unsafe) static var shared = FlowRunner(flow: nil)
    let flow: ReferenceFlow?
    var next = 0

    init(flow: ReferenceFlow?) { self.flow = flow }

    static func prepare(_ name: String, fileSystem: any FileSystem) throws {
        let folder = try BenchPaths.freshFolder(name)
        shared = FlowRunner(flow: try ReferenceFlow(storePath: folder + "/store", fileSystem: fileSystem))
    }

    func runOne(_ benchmark: Benchmark) throws {
        guard let flow else { throw BenchError("the flow was not set up") }
        next += 1
        let id = "run\(next)"
        try flow.start(id)
        benchmark.startMeasurement()
        for step in ReferenceFlow.actions.indices { try flow.act(id, step: step) }
        benchmark.stopMeasurement()
        let status = try flow.service.instance(id).status
        guard status == .completed else { throw BenchError("\(id) ended \(status.rawValue), not completed") }
    }
}
