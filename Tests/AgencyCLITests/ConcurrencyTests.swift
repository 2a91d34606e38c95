import Foundation
import Testing

/// Many `agency` processes on one store at once, and processes killed mid-command.
@Suite("Concurrent processes and kills", .serialized)
struct ConcurrencyTests {
    static let instances = ["C-1", "C-2", "C-3"]

    func startInstances(_ zone: CLIFixture) throws {
        for id in Self.instances {
            let run = try zone.run(["start", "joint_review", "--id", id, "--as", "wangfang", "--now", "2025-01-06T09:00",
                                    "--input", #"{"project": "并发", "agent": "wangfang"}"#])
            precondition(run.status == 0, run.stderr)
        }
    }

    /// Every comment text recorded in each instance's journal.
    func journaledComments(_ zone: CLIFixture) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for id in Self.instances {
            let log = try zone.run(["log", id, "--kind", "comment", "--json"])
            let records = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]] ?? []
            result[id] = records.compactMap { (($0["details"] as? [String: Any])?["command"] as? [String: Any])?["comment"] as? String }
        }
        return result
    }

    @Test("8 processes × 50 events on 3 instances: each event in exactly one record, nothing lost")
    func eightWriters() throws {
        let zone = try CLIFixture()
        try startInstances(zone)
        let acks = Acknowledged()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for n in 0..<50 {
                let id = Self.instances[(worker + n) % Self.instances.count]
                let text = "w\(worker)-\(n)"
                for _ in 0..<20 {  // "busy" (exit 4) is a clean refusal: try again
                    guard let run = try? zone.run(["comment", id, "--as", "wangfang", "--comment", text]) else { continue }
                    if run.status == 0 {
                        acks.add(id, text)
                        break
                    }
                    if run.status != 4 { Issue.record("\(text): exit \(run.status) \(run.stderr)"); break }
                }
            }
        }
        let acknowledged = acks.all
        let journaled = try journaledComments(zone)
        var total = 0
        for id in Self.instances {
            let expected = (acknowledged[id] ?? []).sorted()
            #expect(journaled[id]?.sorted() == expected, "\(id)")
            total += expected.count
        }
        #expect(total == 400)
        for id in Self.instances {
            let show = try zone.run(["show", id, "--json"])
            let snapshot = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
            #expect((snapshot?["comments"] as? [Any])?.count == acknowledged[id]?.count)
        }
        let verify = try zone.run(["verify", "--all"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("200 sends killed at random moments: every acknowledged send survives, chains verify, nothing left behind")
    func killedSends() throws {
        let zone = try CLIFixture()
        try startInstances(zone)
        var generator = SystemRandomNumberGenerator()
        var acknowledged: [String: [String]] = [:]
        var kills = 0
        for n in 0..<200 {
            let id = Self.instances[n % Self.instances.count]
            let text = "k\(n)"
            let process = Process()
            process.executableURL = AgencyBinary.url
            process.arguments = ["comment", id, "--as", "wangfang", "--comment", text]
            process.currentDirectoryURL = zone.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 0...40_000, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            if process.terminationReason == .exit && process.terminationStatus == 0 {
                acknowledged[id, default: []].append(text)
            }
        }
        // The next ordinary commands roll forward whatever a kill interrupted.
        let tick = try zone.run(["tick"])
        #expect(tick.status == 0, "\(tick.stderr)")
        for id in Self.instances {
            let run = try zone.run(["comment", id, "--as", "wangfang", "--comment", "after"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let journaled = try journaledComments(zone)
        for id in Self.instances {
            let records = journaled[id] ?? []
            for text in acknowledged[id] ?? [] {
                #expect(records.filter { $0 == text }.count == 1, "\(id): \(text)")
            }
            #expect(Set(records).count == records.count, "\(id): a send recorded twice")
        }
        let verify = try zone.run(["verify", "--all"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let store = zone.url.appendingPathComponent(".agency")
        let leftovers = FileManager.default.enumerator(atPath: store.path)?.compactMap { $0 as? String }
            .filter { ($0 as NSString).lastPathComponent.hasPrefix(".tmp-") } ?? []
        #expect(leftovers.isEmpty, "\(leftovers)")
        for id in Self.instances {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            probe.arguments = ["-n", store.appendingPathComponent("locks/\(id).lock").path, "true"]
            try probe.run()
            probe.waitUntilExit()
            #expect(probe.terminationStatus == 0, "lock of \(id) still held")
        }
        #expect(kills > 0)
    }
}

/// Acknowledged sends, recorded from several threads.
final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var byInstance: [String: [String]] = [:]

    func add(_ id: String, _ text: String) {
        lock.lock()
        byInstance[id, default: []].append(text)
        lock.unlock()
    }

    var all: [String: [String]] {
        lock.lock()
        defer { lock.unlock() }
        return byInstance
    }
}
