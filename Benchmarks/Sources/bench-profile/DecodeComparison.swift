// `bench-profile [RUNS] decode`: the two ways of reading what an event reads, timed side
// by side in one process on the same bytes, so the comparison does not depend on the
// machine's load between runs: a snapshot decoded into `Instance` (through a
// dictionary-backed `JSONValue`, or straight from a `JSONDocument`), and a journal's last
// line parsed and hashed (as a `JSONValue`, or as a `JSONDocument`).
import AgencyJSON
import BenchSupport
import Foundation
import WorkflowEngine
import WorkflowStore

enum DecodeComparison {
    /// Runs `flows` reference flows, keeping each snapshot and journal's last line as the
    /// next action reads them, then times both ways of reading them.
    static func run(flows: Int, fileSystem: any FileSystem) throws {
        let flow = try ReferenceFlow(storePath: try BenchPaths.freshFolder("profile-decode") + "/store",
                                     fileSystem: fileSystem)
        var snapshots: [[UInt8]] = []
        var lines: [[UInt8]] = []
        func keep(_ id: String) throws {
            snapshots.append(Array(try Data(contentsOf: URL(fileURLWithPath: "\(flow.storePath)/instances/\(id).json"))))
            let journal = Array(try Data(contentsOf: URL(fileURLWithPath: "\(flow.storePath)/journal/\(id).jsonl")))
            let body = journal.dropLast()
            let start = body.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? body.startIndex
            lines.append(Array(body[start...]))
        }
        for index in 0..<flows {
            let id = "d\(index)"
            try flow.start(id)
            try keep(id)
            for step in ReferenceFlow.actions.indices.dropLast() {
                try flow.act(id, step: step)
                try keep(id)
            }
        }
        let rounds = 20
        let storeKeys: Set<String> = ["head", "indexed"]
        var timings: [String: [Double]] = [:]
        for _ in 0..<rounds {
            timings["snapshot via JSONValue", default: []].append(try time(snapshots) { bytes in
                guard case .object(var members) = try JSONValue.parse(bytes) else { throw BenchError("not an object") }
                for key in storeKeys { members[key] = nil }
                _ = try JSONValue.object(members).decode(Instance.self)
            })
            timings["snapshot via JSONDocument", default: []].append(try time(snapshots) { bytes in
                _ = try JSONDocument.parse(bytes).decode(Instance.self, excludingKeys: storeKeys)
            })
            timings["journal line via JSONValue", default: []].append(try time(lines) { bytes in
                _ = try JournalHash.hash(of: try JSONValue.parse(bytes))
            })
            timings["journal line via JSONDocument", default: []].append(try time(lines) { bytes in
                _ = try JournalHash.hash(of: try JSONDocument.parse(bytes))
            })
        }
        let size = snapshots.map(\.count).reduce(0, +) / max(1, snapshots.count)
        print("\(snapshots.count) snapshots (mean \(size) bytes) and journal lines, median of \(rounds) rounds:")
        for name in timings.keys.sorted() {
            let sorted = (timings[name] ?? []).sorted()
            print("  \(name): \(String(format: "%.1f", sorted[sorted.count / 2])) µs each")
        }
    }

    /// Mean µs per item of `body` over `items`.
    private static func time(_ items: [[UInt8]], _ body: ([UInt8]) throws -> Void) throws -> Double {
        let began = DispatchTime.now().uptimeNanoseconds
        for item in items { try body(item) }
        return Double(DispatchTime.now().uptimeNanoseconds - began) / Double(items.count) / 1000
    }
}
