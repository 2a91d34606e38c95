import Foundation
import Testing

@Suite("agency migrate")
struct MigrateCommandTests {
    @Test("instances stay pinned; migrate moves them with and without a state mapping")
    func migrate() throws {
        let zone = try CLIFixture()
        let input = #"{"project": "P", "agent": "wangfang"}"#
        for id in ["M-1", "M-2"] {
            let run = try zone.run(["start", "joint_review", "--id", id, "--as", "wangfang", "--input", input,
                                    "--now", "2025-01-06T09:00"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        try zone.run(["complete", "M-2", "--as", "wangfang", "--now", "2025-01-06T10:00"])
        // A new version renames 'review' to 'leader_review' and adds a title.
        try zone.directory.write("Workflows/joint_review.lua", CLIFixture.countersign
            .replacingOccurrences(of: "review = approval", with: "leader_review = approval")
            .replacingOccurrences(of: "submitted = \"review\"", with: "submitted = \"leader_review\"")
            .replacingOccurrences(of: "项目联审", with: "项目联审（新版）"))
        // The running instance keeps its version until migrated.
        var run = try zone.run(["approve", "M-2", "--as", "zhangwei", "--now", "2025-01-06T11:00"])
        #expect(run.status == 0, "\(run.stderr)")

        run = try zone.run(["migrate", "M-1", "--to", "current", "--dry-run", "--as", "admin"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("M-1: would move joint_review@"))
        #expect(run.stdout.contains("state prepare (unchanged)"))
        run = try zone.run(["migrate", "M-1", "--as", "admin", "--reason", "新版流程", "--now", "2025-01-06T12:00"])
        #expect(run.status == 0, "\(run.stderr)")

        run = try zone.run(["migrate", "M-2", "--as", "admin"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("state 'review' of M-2 does not exist in the new version; map it with --map review=NEW_STATE"))
        run = try zone.run(["migrate", "M-2", "--as", "zhangwei", "--map", "review=leader_review"])
        #expect(run.status == 3)
        run = try zone.run(["migrate", "M-2", "--as", "admin", "--map", "review=leader_review", "--now", "2025-01-06T12:00"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("state review → leader_review"))
        for person in ["liqiang", "zhaomin"] {
            run = try zone.run(["approve", "M-2", "--as", person, "--now", "2025-01-06T13:00"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(run.stdout.contains("包联领导会签 → done"))
        let log = try zone.run(["log", "M-2", "--kind", "migrate"])
        #expect(log.stdout.contains("迁移"))
        let verify = try zone.run(["verify", "--all"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}
