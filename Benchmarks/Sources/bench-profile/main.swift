// Runs the reference flow in process, outside the harness, for profilers:
//   bench-profile [RUNS] [durable]      then e.g. perf record / strace -c on it.
//   bench-profile [RUNS] floor          the disk floor instead (DiskFloor, sized like the flow),
//                                       to interleave with a durable run of another build.
//   bench-profile [RUNS] decode         the snapshots and journal lines of RUNS flows read
//                                       both ways (dictionary-backed JSONValue, JSONDocument).
//   bench-profile [COUNT] tick [ungrouped]  a store of COUNT instances (TickFixture), then
//                                       three durable ticks each firing a reminder in every
//                                       one; `ungrouped` fires one instance per commit (tick
//                                       group size 1, as before group commits).
// Prints the mean time per user action. Stores go under BENCH_SCRATCH (see BenchPaths).
import BenchSupport
import Foundation
import WorkflowStore

let arguments = CommandLine.arguments.dropFirst()
let runs = arguments.first.flatMap { Int($0) } ?? 300
let durable = arguments.contains("durable")
let fileSystem: any FileSystem = durable ? POSIXFileSystem() : NoSyncFileSystem()
do {
    if arguments.contains("floor") {
        let folder = try BenchPaths.freshFolder("profile-floor")
        let sizes = try DiskFloor.referenceSizes(folder: folder)
        let floor = try DiskFloor(folder: folder, recordBytes: sizes.record, snapshotBytes: sizes.snapshot)
        let began = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<(runs * ReferenceFlow.actions.count) { try floor.run() }
        let perAction = Double(DispatchTime.now().uptimeNanoseconds - began) / Double(runs * ReferenceFlow.actions.count) / 1000
        print("\(runs) runs, disk floor (\(sizes.record) + \(sizes.snapshot) bytes): "
              + "\(String(format: "%.1f", perAction)) µs per action")
        exit(0)
    }
    if arguments.contains("decode") {
        try DecodeComparison.run(flows: runs, fileSystem: fileSystem)
        exit(0)
    }
    if arguments.contains("tick") {
        let fixture = try TickFixture(name: "profile-tick", count: runs)
        if arguments.contains("ungrouped") { fixture.flow.service.tickGroupSize = 1 }
        var perTimer: [Double] = []
        for day in 1...3 {
            let began = DispatchTime.now().uptimeNanoseconds
            let report = try fixture.tickDue(day: day)
            guard report.fired.count == runs, report.failed.isEmpty else {
                throw BenchError("day \(day): fired \(report.fired.count) of \(runs), failed \(report.failed.count)")
            }
            perTimer.append(Double(DispatchTime.now().uptimeNanoseconds - began) / Double(runs) / 1000)
        }
        let shown = perTimer.map { String(format: "%.1f", $0) }.joined(separator: ", ")
        let grouping = arguments.contains("ungrouped") ? "one instance per commit" : "group commits"
        print("\(runs) instances, 3 ticks firing a timer in each (\(grouping)): \(shown) µs per fired timer")
        exit(0)
    }
    let flow = try ReferenceFlow(storePath: try BenchPaths.freshFolder("profile") + "/store", fileSystem: fileSystem)
    var total: UInt64 = 0
    for index in 0..<runs {
        let id = "p\(index)"
        try flow.start(id)
        let began = DispatchTime.now().uptimeNanoseconds
        for step in ReferenceFlow.actions.indices { try flow.act(id, step: step) }
        total += DispatchTime.now().uptimeNanoseconds - began
    }
    let perAction = Double(total) / Double(runs * ReferenceFlow.actions.count) / 1000
    print("\(runs) runs, \(durable ? "durable" : "no fsync"): \(String(format: "%.1f", perAction)) µs per action")
} catch {
    FileHandle.standardError.write(Data("bench-profile: \(error)\n".utf8))
    exit(1)
}
