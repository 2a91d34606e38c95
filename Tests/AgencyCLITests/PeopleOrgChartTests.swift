import Foundation
import Testing

/// The org chart, 代理 and approver policies through the built binary: the directory as
/// `people list` shows it, a delegated item in show and inbox, a chain of managers with
/// dedupe, graph captions and lint.
@Suite("agency people: org chart, delegation, approver policies")
struct PeopleOrgChartTests {
    /// CLIFixture's people in two departments: 孙立 heads the centre, 张伟 the team of
    /// 王芳 and 赵敏; 张伟 is away from 2025-01-06 to 2025-01-10, 孙立 standing in.
    static let org = """
        {"format": 1,
         "departments": [{"id": "center", "name": "招商服务中心", "head": "sunli"},
                         {"id": "team", "name": "代办组", "head": "zhangwei", "parent": "center"}],
         "people": [
          {"id": "wangfang", "name": "王芳", "roles": ["代办员"], "department": "team"},
          {"id": "zhangwei", "name": "张伟", "roles": ["包联领导"], "department": "team",
           "delegations": [{"to": "sunli", "from": "2025-01-06", "until": "2025-01-10", "reason": "年休假"}]},
          {"id": "liqiang", "name": "李强", "roles": ["包联领导"]},
          {"id": "zhaomin", "name": "赵敏", "roles": ["包联领导"], "department": "team"},
          {"id": "sunli", "name": "孙立", "roles": ["主任"], "department": "center"},
          {"id": "chenjing", "name": "陈静", "roles": ["联络员"]},
          {"id": "admin", "name": "管理员", "roles": ["admin"]}
        ]}
        """

    static let chain = """
        -- 逐级审批 up to the 主任, a manager who approved once not asked again.
        return workflow {
          name = "chain_review",
          title = "逐级审批",
          input = { agent = "person" },
          start = "prepare",
          states = {
            prepare = task { title = "准备材料", assignee = "agent", on = { submitted = "first" } },  -- lint: allow no-due
            first = approval { title = "直属领导审批", approvers = manager_of("agent"), due = workdays(2),
                               on = { approved = "chain", rejected = "prepare" } },
            chain = approval {
              title = "逐级审批",
              approvers = managers_up_to("agent", role("主任")),
              rule = "sequential",
              dedupe = "once",
              when_empty = "skip",
              due = workdays(3),
              on = { approved = "done", rejected = "prepare" },
            },
            done = final { },
          },
        }
        """

    static func zone() throws -> CLIFixture {
        let zone = try CLIFixture(workflows: ["joint_review": CLIFixture.countersign, "chain_review": chain])
        try zone.directory.write("org.json", org)
        let run = try zone.run(["people", "apply", "org.json", "--as", "admin", "--now", "2025-01-03T09:00"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("组织架构 department - → team"), "\(run.stdout)")
        #expect(run.stdout.contains("部门设置有变化"))
        return zone
    }

    @Test("people list shows departments, managers and delegations; --json keeps them")
    func list() throws {
        let zone = try Self.zone()
        var run = try zone.run(["people", "list"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("部门"), "\(run.stdout)")
        #expect(run.stdout.contains("孙立 2025-01-06~2025-01-10"))
        #expect(run.stdout.contains("招商服务中心"))
        run = try zone.run(["people", "--json"])
        #expect(run.stdout.contains("\"departments\""))
        #expect(run.stdout.contains("\"until\": \"2025-01-10\""))
        try zone.directory.write("typo.json", Self.org.replacingOccurrences(of: #""department": "center"}"#,
                                                                            with: #""department": "center", "manger": "x"}"#))
        run = try zone.run(["people", "apply", "typo.json", "--as", "admin"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("unknown key 'manger'"), "\(run.stderr)")
        try zone.directory.write("cycle.json", Self.org.replacingOccurrences(of: "\"head\": \"sunli\"",
                                                                             with: "\"head\": \"sunli\", \"parent\": \"team\""))
        run = try zone.run(["people", "apply", "cycle.json", "--as", "admin"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("department 'center': its parents form a cycle (center → team → center)"), "\(run.stderr)")
    }

    @Test("an item given to someone away shows as 孙立（代 张伟） in show and inbox, and verifies")
    func delegation() throws {
        let zone = try Self.zone()
        var run = try zone.run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
        run = try zone.run(["complete", "JR-1", "--as", "wangfang", "--now", "2025-01-06T10:00"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("→ 孙立（代 张伟）"), "\(run.stdout)")
        run = try zone.run(["log", "JR-1", "--json"])
        #expect(run.stdout.contains("包联领导会签 → 孙立（代 张伟）：代理：张伟 → 孙立"), "\(run.stdout)")
        run = try zone.run(["show", "JR-1"])
        #expect(run.stdout.contains("孙立（代 张伟）"))
        #expect(run.stdout.contains("系统 代理 → 孙立：代理：张伟 → 孙立（2025-01-06 至 2025-01-10，年休假）"), "\(run.stdout)")
        run = try zone.run(["inbox", "--as", "sunli"])
        #expect(run.stdout.contains("包联领导会签（代 张伟）"), "\(run.stdout)")
        run = try zone.run(["approve", "JR-1", "--as", "sunli", "--now", "2025-01-06T11:00"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try zone.run(["verify", "--all"]).status == 0)

        // 李强 goes away too: his open item stays, and apply says so.
        try zone.directory.write("away.json", Self.org.replacingOccurrences(
            of: #"{"id": "liqiang", "name": "李强", "roles": ["包联领导"]}"#,
            with: #"{"id": "liqiang", "name": "李强", "roles": ["包联领导"], "delegations": [{"to": "chenjing", "from": "2025-01-07", "until": "2025-01-08"}]}"#))
        run = try zone.run(["people", "apply", "away.json", "--as", "admin", "--dry-run"])
        #expect(run.stdout.contains("变更  李强（liqiang）：组织架构 delegations"), "\(run.stdout)")
        #expect(run.stdout.contains("留在原处") && run.stdout.contains("李强：JR-1 · 包联领导会签"), "\(run.stdout)")
    }

    @Test("a chain of managers with dedupe; graph captions the policies; lint without an org chart")
    func chainAndGraph() throws {
        let zone = try Self.zone()
        var run = try zone.run(["start", "chain_review", "--id", "C-1", "--as", "zhaomin", "--now", "2025-01-13T09:00",
                                "--input", #"{"agent": "zhaomin"}"#])
        run = try zone.run(["complete", "C-1", "--as", "zhaomin", "--now", "2025-01-13T09:30"])
        #expect(run.stdout.contains("直属领导审批 → 张伟，"), "\(run.stdout)")
        run = try zone.run(["approve", "C-1", "--as", "zhangwei", "--now", "2025-01-13T10:00"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("逐级审批 → 孙立，"), "\(run.stdout)")
        #expect(run.stdout.contains("auto-approved (auto:dedupe)"), "\(run.stdout)")
        run = try zone.run(["approve", "C-1", "--as", "sunli", "--now", "2025-01-13T11:00"])
        #expect(run.stdout.contains("（已办结"), "\(run.stdout)")
        #expect(try zone.run(["verify", "--all"]).status == 0)

        run = try zone.run(["graph", "chain_review"])
        #expect(run.stdout.contains("逐级审批 (approval, sequential, dedupe once, when_empty skip)"), "\(run.stdout)")
        run = try zone.run(["lint", "Workflows/chain_review.lua", "--people", "people.json"])
        #expect(run.stderr.contains("[no-org-chart]"), "\(run.stderr)")
        run = try zone.run(["lint", "Workflows/chain_review.lua", "--people", "org.json"])
        #expect(run.status == 0 && !run.stderr.contains("[no-org-chart]"), "\(run.stderr)")
    }
}
