import Benchmark
import BenchSupport
import Foundation
import LuaRuntime
import WorkflowEngine
import WorkflowStore

/// Loading and validating a definition; 1,000 events served by one compiled definition.
func registerDefinitionBenchmarks() {
    Benchmark("definition load and validate") { _ in
        guard let state = DefinitionState.current else { throw BenchError("not set up") }
        blackHole(try DefinitionLoader.load(source: state.source, file: "reference.lua", runtime: state.runtime))
    } setup: {
        let file = BenchPaths.workflows.appendingPathComponent("reference.lua")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw BenchError("cannot read \(file.path)")
        }
        DefinitionState.current = DefinitionState(source: [UInt8](data), runtime: try LuaRuntime())
    }

    // 250 runs of the flow (a start and three actions each) through one service on a
    // store without fsync: the service compiles reference.lua once, on the first start.
    // The "compilations" metric counts them (see OpenCounter), over the whole process.
    Benchmark("1000 events, one definition",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident,
                                             .custom("compilations", useScalingFactor: false)],
                                   timeUnits: .nanoseconds, warmupIterations: 1,
                                   maxDuration: .seconds(60), maxIterations: 10)) { benchmark in
        guard let runner = ThousandEvents.current else { throw BenchError("not set up") }
        for _ in 0..<250 {
            runner.next += 1
            let id = "k\(runner.next)"
            try runner.flow.start(id)
            for step in ReferenceFlow.actions.indices { try runner.flow.act(id, step: step) }
        }
        benchmark.stopMeasurement()
        benchmark.measurement(.custom("compilations", useScalingFactor: false), runner.compilations.count)
    } setup: {
        let folder = try BenchPaths.freshFolder("thousand-events")
        let compilations = OpenCounter.compilations
        ThousandEvents.current = ThousandEvents(
            flow: try ReferenceFlow(storePath: folder + "/store", fileSystem: NoSyncFileSystem(counting: compilations)),
            compilations: compilations)
    }
}

final class DefinitionState {
    nonisolated(unsafe) static var current: DefinitionState?
    let source: [UInt8]
    let runtime: LuaRuntime
    init(source: [UInt8], runtime: LuaRuntime) {
        self.source = source
        self.runtime = runtime
    }
}

final class ThousandEvents {
    nonisolated(unsafe) static var current: ThousandEvents?
    let flow: ReferenceFlow
    let compilations: OpenCounter
    var next = 0
    init(flow: ReferenceFlow, compilations: OpenCounter) {
        self.flow = flow
        self.compilations = compilations
    }
}
