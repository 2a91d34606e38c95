// Runs the reference flow in process, outside the harness, for profilers:
//   bench-profile [RUNS] [durable]      then e.g. perf record / strace -c on it.
// Prints the mean time per user action. Stores go under BENCH_SCRATCH (see BenchPaths).
import BenchSupport
import Foundation
import WorkflowStore

let arguments = CommandLine.arguments.dropFirst()
let runs = arguments.first.flatMap { Int($0) } ?? 300
let durable = arguments.contains("durable")
let fileSystem: any FileSystem = durable ? POSIXFileSystem() : NoSyncFileSystem()
do {
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
