import Foundation
import Testing

@Suite("Refused and failed commands leave no lock files")
struct LockResidueTests {
    @Test("commands on ids that have no instance, and refused starts, create no locks/<id>.lock")
    func refusalsLeaveNoLockFiles() throws {
        let zone = try CLIFixture()
        let locks = zone.url.appendingPathComponent(".agency/locks")
        func lockFiles() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: locks.path).filter { !$0.hasPrefix(".") }.sorted()
        }
        var run = try zone.run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try lockFiles() == ["JR-1.lock"])

        let refused: [([String], Int32)] = [
            (["approve", "nosuch-1", "--as", "zhangwei"], 2),
            (["comment", "nosuch-2", "--as", "wangfang", "--comment", "x"], 2),
            (["cancel", "nosuch-3", "--as", "admin", "--reason", "x"], 2),
            (["show", "nosuch-4"], 2),
            (["log", "nosuch-5"], 2),
            (["verify", "nosuch-6"], 5),
            (["repair", "nosuch-7"], 2),
            // A start the workflow refuses (bad input) and one the engine refuses inside the lock.
            (["start", "joint_review", "--id", "bad-input", "--as", "wangfang", "--input", #"{"project": 5}"#], 1),
            (["start", "joint_review", "--id", "bad-agent", "--as", "wangfang",
              "--input", #"{"project": "P", "agent": "nobody"}"#], 1),
            (["start", "no_such_workflow", "--id", "bad-workflow", "--as", "wangfang"], 2),
            // The id exists: refused, and its lock file stays.
            (["start", "joint_review", "--id", "JR-1", "--as", "wangfang",
              "--input", #"{"project": "P", "agent": "wangfang"}"#], 4),
        ]
        for (arguments, status) in refused {
            run = try zone.run(arguments)
            #expect(run.status == status, "\(arguments): \(run.stdout)\(run.stderr)")
            #expect(try lockFiles() == ["JR-1.lock"], "\(arguments) left a lock file")
        }
        // A refusal on an existing instance is journaled, and its lock file stays.
        run = try zone.run(["approve", "JR-1", "--as", "zhangwei"])
        #expect(run.status == 3)
        #expect(try lockFiles() == ["JR-1.lock"])
        run = try zone.run(["tick", "--now", "2025-01-07T09:00"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try lockFiles() == ["JR-1.lock"])
    }
}
