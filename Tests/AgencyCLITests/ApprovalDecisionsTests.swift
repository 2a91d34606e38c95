import Foundation
import Testing

/// One vote per person, 加签 seats, quorum, 减签 edges, 拿回 and 退回 直达, through the binary.
@Suite("Approval decisions from the CLI")
struct ApprovalDecisionsTests {
    static let decisions = """
        return workflow {
          name = "decisions",
          title = "项目联审",
          input = { project = "string", agent = "person" },
          start = "prepare",
          states = {
            prepare = task { title = "准备材料", assignee = "agent", due = workdays(5), on = { submitted = "check" } },
            check = approval { title = "主任初审", approvers = { role("主任") }, rule = "any", due = workdays(2),
                               on = { approved = "review", rejected = "prepare" } },
            review = approval {
              title = "包联领导联审",
              approvers = { role("包联领导") },
              rule = { at_least = QUORUM },
              remove_sign = true,
              resubmit = "direct",
              due = workdays(3),
              on = { approved = "done", rejected = "prepare" },
            },
            done = final { outcome = "approved" },
          },
        }
        """

    static func zone(quorum: Int = 2) throws -> CLIFixture {
        try CLIFixture(workflows: ["decisions": decisions.replacingOccurrences(of: "QUORUM", with: "\(quorum)")])
    }

    @Test("a full run: one vote, 拿回, 退回 直达, 加签 after under 2-of-3, 减签 of a decided signer")
    func scenario() throws {
        let zone = try Self.zone()
        var run = try zone.run(["start", "decisions", "--id", "D-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        try zone.run(["complete", "D-1", "--as", "wangfang", "--now", "2025-01-06T10:00"])
        run = try zone.run(["approve", "D-1", "--as", "sunli", "--now", "2025-01-06T11:00"])
        #expect(run.stdout.contains("[D-1]：主任初审 → 包联领导联审"), "\(run.stdout)\(run.stderr)")

        // One vote: 李强 already holds an item of this approval.
        run = try zone.run(["transfer", "D-1", "--as", "zhangwei", "--to", "liqiang", "--now", "2025-01-06T11:10"])
        #expect(run.status == 4)
        #expect(run.stderr.contains("李强 (liqiang) 在审批环节「包联领导联审」已有一票"), "\(run.stderr)")

        // 拿回: only the previous handler (孙立), while nobody in review has acted.
        run = try zone.run(["takeback", "D-1", "--as", "wangfang", "--now", "2025-01-06T11:20"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("只有上一步的经办人 孙立 (sunli)"), "\(run.stderr)")
        run = try zone.run(["takeback", "D-1", "--as", "sunli", "--comment", "再看一下", "--now", "2025-01-06T11:30"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("[D-1]：包联领导联审 → 主任初审"), "\(run.stdout)")
        try zone.run(["approve", "D-1", "--as", "sunli", "--now", "2025-01-06T11:40"])

        // 退回 with resubmit = "direct": prepare goes straight back to review.
        run = try zone.run(["return", "D-1", "--as", "zhaomin", "--to", "prepare", "--comment", "补材料",
                            "--now", "2025-01-06T12:00"])
        #expect(run.stdout.contains("[D-1]：包联领导联审 → 准备材料"), "\(run.stdout)\(run.stderr)")
        run = try zone.run(["return", "D-1", "--as", "wangfang", "--to", "review", "--now", "2025-01-06T12:05"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("不能向前退回"), "\(run.stderr)")
        run = try zone.run(["complete", "D-1", "--as", "wangfang", "--now", "2025-01-06T13:00"])
        #expect(run.stdout.contains("[D-1]：准备材料 → 包联领导联审"), "\(run.stdout)\(run.stderr)")

        // 后加签 under 2-of-3: 张伟's seat counts once 陈静 has approved after him.
        run = try zone.run(["addsign", "D-1", "--as", "zhangwei", "--who", "chenjing", "--where", "after",
                            "--now", "2025-01-06T13:10"])
        #expect(run.status == 0, "\(run.stderr)")
        try zone.run(["approve", "D-1", "--as", "zhangwei", "--now", "2025-01-06T13:20"])
        run = try zone.run(["approve", "D-1", "--as", "liqiang", "--now", "2025-01-06T13:30"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("包联领导联审 → done"))
        run = try zone.run(["removesign", "D-1", "--as", "wangfang", "--who", "liqiang", "--now", "2025-01-06T13:40"])
        #expect(run.status == 4)
        #expect(run.stderr.contains("已记录的票不能减签"), "\(run.stderr)")
        run = try zone.run(["approve", "D-1", "--as", "chenjing", "--now", "2025-01-06T14:00"])
        #expect(run.stdout.contains("[D-1]：包联领导联审 → done（已办结：同意）"), "\(run.stdout)\(run.stderr)")

        let show = try zone.run(["show", "D-1"])
        #expect(show.stdout.contains("包联领导联审 -拿回→ 主任初审"), "\(show.stdout)")
        #expect(show.stdout.contains("孙立 拿回：再看一下"), "\(show.stdout)")
        let verify = try zone.run(["verify", "--all"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("a quorum out of reach refuses entering the approval, and lint --people warns")
    func quorum() throws {
        let zone = try Self.zone(quorum: 4)
        try zone.run(["start", "decisions", "--id", "D-2", "--as", "wangfang", "--now", "2025-01-06T09:00",
                      "--input", #"{"project": "P", "agent": "wangfang"}"#])
        try zone.run(["complete", "D-2", "--as", "wangfang", "--now", "2025-01-06T10:00"])
        let run = try zone.run(["approve", "D-2", "--as", "sunli", "--now", "2025-01-06T11:00"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("approval state 'review' needs at least 4 approvals, but only 3 could approve"),
                "\(run.stderr)")
        #expect(try zone.run(["show", "D-2"]).stdout.contains("主任初审"))
        let lint = try zone.run(["lint", "Workflows/decisions.lua", "--people", "people.json"])
        #expect(lint.stderr.contains("needs at_least = 4 approvals, but its approvers are only 3 people"), "\(lint.stderr)")
        #expect(lint.stderr.contains("[quorum-unreachable]"))
    }

    @Test("graph notes 退回后直达, and takeback is a command with help")
    func graphAndHelp() throws {
        let zone = try Self.zone()
        let graph = try zone.run(["graph", "decisions"])
        #expect(graph.stdout.contains("退回后直达 (resubmit direct)"), "\(graph.stdout)")
        #expect(graph.stdout.contains("可减签 (remove_sign)"), "\(graph.stdout)")
        let help = try zone.run(["takeback", "--help"])
        #expect(help.stdout.contains("拿回"))
    }
}
