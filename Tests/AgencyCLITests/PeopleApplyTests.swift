import Foundation
import Testing

/// `agency people apply`: an audited change of the organisation, after which the past
/// still verifies and new work follows the new roles.
@Suite("agency people apply")
struct PeopleApplyTests {
    /// CLIFixture's people with 张伟 gone and 孙立 made a 包联领导.
    static let reorganised = CLIFixture.people
        .replacingOccurrences(of: #"{"id": "zhangwei", "name": "张伟", "roles": ["包联领导"]},"#, with: "")
        .replacingOccurrences(of: #""id": "sunli", "name": "孙立", "roles": ["主任"]"#,
                              with: #""id": "sunli", "name": "孙立", "roles": ["主任", "包联领导"]"#)

    @Test("the difference, the items left behind, the record, and a clean verify")
    func applyThenVerify() throws {
        let zone = try CLIFixture()
        var run = try zone.run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"project": "光伏储能一体化", "agent": "wangfang"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        run = try zone.run(["complete", "JR-1", "--as", "wangfang", "--now", "2025-01-06T10:00"])
        #expect(run.status == 0, "\(run.stderr)")
        try zone.directory.write("new-people.json", Self.reorganised)

        run = try zone.run(["people", "apply", "new-people.json", "--as", "wangfang"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("须由系统管理员（admin）操作"))

        run = try zone.run(["people", "apply", "new-people.json", "--as", "admin", "--dry-run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("离开  张伟（zhangwei），原角色 包联领导"))
        #expect(run.stdout.contains("变更  孙立（sunli）：增加角色 包联领导"))
        #expect(run.stdout.contains("张伟：JR-1 · 包联领导会签"), "\(run.stdout)")
        #expect(run.stdout.contains("试运行，未写入"))
        #expect(try zone.run(["people", "--json"]).stdout.contains("zhangwei"), "a dry run writes nothing")

        run = try zone.run(["people", "apply", "new-people.json", "--as", "admin", "--now", "2025-01-06T11:00"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("已应用：人员名单版本"))
        #expect(!(try zone.run(["people", "--json"]).stdout.contains("zhangwei")))

        let history = try zone.run(["people", "history", "--json"])
        let records = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(records.count == 2)
        #expect(records.last?["actor"] as? String == "admin")
        let details = try #require(records.last?["details"] as? [String: Any])
        #expect(details["source"] as? String == "agency people apply")

        // The past verifies with the directory it was decided with, the store journal too.
        run = try zone.run(["verify", "--all"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("store journal: ok (2 records)"))

        // New work follows the new roles: 孙立 is now among the 包联领导.
        run = try zone.run(["start", "joint_review", "--id", "JR-2", "--as", "wangfang", "--now", "2025-01-07T09:00",
                            "--input", #"{"project": "新项目", "agent": "wangfang"}"#])
        run = try zone.run(["complete", "JR-2", "--as", "wangfang", "--now", "2025-01-07T10:00"])
        #expect(run.stdout.contains("→ 孙立") && !run.stdout.contains("→ 张伟"), "\(run.stdout)")
        #expect(try zone.run(["verify", "--all"]).status == 0)

        // A tampered store journal is an integrity problem.
        let journal = zone.url.appendingPathComponent(".agency/environment/journal.jsonl")
        let text = try String(contentsOf: journal, encoding: .utf8)
        try text.replacingOccurrences(of: "\"actor\":\"admin\"", with: "\"actor\":\"wangfang\"")
            .write(to: journal, atomically: true, encoding: .utf8)
        run = try zone.run(["verify", "--all"])
        #expect(run.status == 5)
        #expect(run.stdout.contains("store journal:"))
    }

    @Test("a deleted or cut store journal is found by verify and never started again")
    func deletedStoreJournal() throws {
        let zone = try CLIFixture()
        var run = try zone.run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"project": "P", "agent": "wangfang"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try zone.run(["verify", "--all"]).status == 0)
        try FileManager.default.removeItem(at: zone.url.appendingPathComponent(".agency/environment/journal.jsonl"))
        run = try zone.run(["verify", "--all"])
        #expect(run.status == 5)
        #expect(run.stdout.contains("is not in the store journal"), "\(run.stdout)")
        run = try zone.run(["comment", "JR-1", "--as", "wangfang", "--comment", "x", "--now", "2025-01-06T10:00"])
        #expect(run.status == 5)
        #expect(run.stderr.contains("the store journal was deleted or cut"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: zone.url.appendingPathComponent(".agency/environment/journal.jsonl").path))
    }

    @Test("a directory without an administrator, or a missing file, is refused")
    func refusals() throws {
        let zone = try CLIFixture()
        try zone.directory.write("no-admin.json", CLIFixture.people.replacingOccurrences(of: #""roles": ["admin"]"#,
                                                                                        with: #""roles": []"#))
        var run = try zone.run(["people", "apply", "no-admin.json", "--as", "admin"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("没有系统管理员"))
        run = try zone.run(["people", "apply", "missing.json", "--as", "admin"])
        #expect(run.status == 2)
        try zone.directory.write("bad.json", #"{"format": 1, "people": [{"id": "x"}]}"#)
        run = try zone.run(["people", "apply", "bad.json", "--as", "admin"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.json"))
    }
}
