import BenchSupport
import Foundation

// bench-fixture: builds a scale fixture (BenchSupport/ScaleFixture.swift), a zone after
// years of use with N instances, for the scaling benchmarks (Scripts/bench-scale).
//
//   bench-fixture --instances 100000 --out DIR [--workflows DIR]
//
// DIR must not exist or be empty; the store lands in DIR/store and what it guarantees in
// DIR/fixture.json. Exit 0 when built, 1 with a message when not, 2 for bad arguments.

func usage(_ problem: String) -> Never {
    FileHandle.standardError.write(Data("""
        bench-fixture: \(problem)
        usage: bench-fixture --instances N --out DIR [--workflows DIR]
          N at least the demo zone and the active set (about 800); DIR missing or empty.

        """.utf8))
    exit(2)
}

var instances: Int?
var out: String?
var workflows = ScaleFixture.zoneWorkflows
var arguments = CommandLine.arguments.dropFirst()
while let name = arguments.popFirst() {
    guard let value = arguments.popFirst() else { usage("\(name) needs a value") }
    switch name {
    case "--instances":
        guard let count = Int(value.replacingOccurrences(of: ",", with: "")), count > 0 else {
            usage("--instances \(value) is not a positive whole number")
        }
        instances = count
    case "--out": out = value
    case "--workflows": workflows = URL(fileURLWithPath: value)
    default: usage("unknown argument \(name)")
    }
}
guard let instances, let out else { usage("give --instances and --out") }
let existing = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
guard existing.isEmpty else { usage("\(out) is not empty; remove it or choose another --out") }

let started = Date()
func log(_ line: String) {
    FileHandle.standardError.write(Data("bench-fixture: \(String(format: "%6.1f s", Date().timeIntervalSince(started))) \(line)\n".utf8))
}
let folder = URL(fileURLWithPath: out).standardizedFileURL.path
do {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let facts = try ScaleFixture.build(instances: instances, folder: folder, workflows: workflows, log: log)
    log("done")
    print(facts.summary)
    print("facts:          \(folder)/\(ScaleFacts.fileName)")
} catch {
    // DIR was empty: nothing of a fixture that failed half-way is left in it.
    for name in ["store", ScaleFacts.fileName] {
        try? FileManager.default.removeItem(atPath: folder + "/" + name)
    }
    FileHandle.standardError.write(Data("bench-fixture: \(error)\n".utf8))
    exit(1)
}
