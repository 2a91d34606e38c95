import Foundation
import Testing

@Suite("A stored definition changed behind the store's back")
struct TamperedDefinitionTests {
    @Test("verify reports it (exit 5) naming the file; no command rewrites it, commands on it refuse with exit 5")
    func tamperedDefinitionIsEvidence() throws {
        let zone = try CLIFixture()
        var run = try zone.run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        let folder = zone.url.appendingPathComponent(".agency/definitions/joint_review")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        try #require(names.count == 1)
        let file = folder.appendingPathComponent(names[0])
        // The attacker edits the pinned version in place: the approvers become one person.
        let forged = Data(CLIFixture.countersign.replacingOccurrences(of: #"rule = "all""#, with: #"rule = "any""#).utf8)
        try forged.write(to: file)
        let journal = zone.url.appendingPathComponent(".agency/journal/JR-1.jsonl")
        let journalBefore = try Data(contentsOf: journal)

        func expectUntouched(_ step: String) throws {
            #expect(try Data(contentsOf: file) == forged, "\(step) rewrote \(file.path)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == names, "\(step)")
        }

        for arguments in [["verify", "JR-1"], ["verify", "--all"]] {
            run = try zone.run(arguments)
            #expect(run.status == 5, "\(arguments): \(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("tampered definition"), "\(run.stdout)")
            #expect(run.stdout.contains("definitions/joint_review/\(names[0]) was changed after it was stored"),
                    "\(run.stdout)")
            try expectUntouched(arguments.joined(separator: " "))
        }
        run = try zone.run(["verify", "JR-1", "--json"])
        #expect(run.status == 5)
        let reports = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
        #expect(reports?.first?["ok"] as? Bool == false)
        #expect((reports?.first?["problems"] as? [String])?.first?.hasPrefix("tampered definition: ") == true, "\(run.stdout)")

        // Commands that need the definition refuse with an integrity error and change nothing.
        run = try zone.run(["complete", "JR-1", "--as", "wangfang", "--now", "2025-01-06T10:00"])
        #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("was changed after it was stored"))
        try expectUntouched("complete")
        run = try zone.run(["start", "joint_review", "--id", "JR-2", "--as", "wangfang", "--now", "2025-01-06T10:00",
                            "--input", #"{"project": "储能", "agent": "wangfang"}"#])
        #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
        try expectUntouched("start")
        #expect(try zone.run(["show", "JR-2"]).status == 2)
        run = try zone.run(["reindex"])
        #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
        try expectUntouched("reindex")
        #expect(try Data(contentsOf: journal) == journalBefore)

        // Reading the snapshot still works: it is the definition that is in doubt.
        run = try zone.run(["show", "JR-1"])
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test("a changed calendar version is refused by a command, never rewritten")
    func tamperedCalendarVersionIsEvidence() throws {
        let zone = try CLIFixture()
        var run = try zone.run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        let folder = zone.url.appendingPathComponent(".agency/environment/calendar")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        try #require(names.count == 1)
        let file = folder.appendingPathComponent(names[0])
        let forged = Data(#"{"format":1,"layers":[],"policy":"provisional"}"#.utf8)
        try forged.write(to: file)
        run = try zone.run(["comment", "JR-1", "--as", "wangfang", "--comment", "补充材料", "--now", "2025-01-06T10:00"])
        #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("environment/calendar/\(names[0]) was changed after it was stored"), "\(run.stderr)")
        #expect(try Data(contentsOf: file) == forged)
        run = try zone.run(["verify", "JR-1"])
        #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
        #expect(try Data(contentsOf: file) == forged)
    }
}
