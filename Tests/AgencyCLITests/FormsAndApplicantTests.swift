import Foundation
import Testing

/// An expense claim: the agent fills the amount, the director may correct it, must give an
/// opinion and does not see the agent's bank account; the agent may urge and revoke.
let claimWorkflow = """
    return workflow {
      name = "claim",
      title = "费用报销",
      input = { agent = "person", amount = "number?", opinion = "string?", account = "string?" },
      start = "fill",
      urge_interval = hours(2),
      revoke = "revoked",
      states = {
        fill = task {
          title = "填写报销单", assignee = "agent",
          fields = { amount = "required", account = "edit" },
          on = { submitted = "review" },
        },
        review = approval {
          title = "主任审核", approvers = { role("主任") }, rule = "any",
          fields = { amount = "edit", opinion = "required", account = "hidden" },
          on = { approved = "paid", rejected = "fill" },
        },
        paid = final { outcome = "paid" },
        revoked = final { outcome = "revoked" },
      },
    }
    """

@Suite("Forms, 催办 and 撤销 from the CLI")
struct FormsAndApplicantTests {
    func zone() throws -> CLIFixture {
        let zone = try CLIFixture(workflows: ["claim": claimWorkflow])
        let run = try zone.run(["start", "claim", "--id", "C-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"agent": "wangfang"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        return zone
    }

    @Test("--data is the form: editable keys only, required ones filled, merged into the data")
    func form() throws {
        let zone = try zone()
        var run = try zone.run(["complete", "C-1", "--as", "wangfang", "--now", "2025-01-06T09:10",
                                "--data", #"{"opinion": "自己同意"}"#])
        #expect(run.status == 1)
        #expect(run.stderr.contains("data.opinion: not editable in state 'fill' (editable fields: account, amount)"))
        run = try zone.run(["complete", "C-1", "--as", "wangfang", "--now", "2025-01-06T09:10",
                            "--data", #"{"account": "6222 0000 1111"}"#])
        #expect(run.status == 1)
        #expect(run.stderr.contains("「填写报销单」环节必须填写 amount"), "\(run.stderr)")
        run = try zone.run(["complete", "C-1", "--as", "wangfang", "--now", "2025-01-06T09:20",
                            "--data", #"{"amount": 356.5, "account": "6222 0000 1111"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        run = try zone.run(["approve", "C-1", "--as", "sunli", "--now", "2025-01-06T10:00"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("「主任审核」环节必须填写 opinion"), "\(run.stderr)")
        run = try zone.run(["approve", "C-1", "--as", "sunli", "--now", "2025-01-06T10:05", "--comment", "同意",
                            "--data", #"{"amount": 300, "opinion": "核减餐费"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        let show = try zone.run(["show", "C-1", "--json", "--as", "admin"])
        #expect(show.stdout.contains("\"amount\" : 300") || show.stdout.contains("\"amount\": 300"))
        #expect(show.stdout.contains("核减餐费"))
        let log = try zone.run(["log", "C-1"])
        #expect(log.stdout.contains("被拒绝的操作"))
        let verify = try zone.run(["verify", "--all"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("show hides a hidden field from the people of its state, not from the applicant or an admin")
    func hidden() throws {
        let zone = try zone()
        try zone.run(["complete", "C-1", "--as", "wangfang", "--now", "2025-01-06T09:20",
                      "--data", #"{"amount": 100, "account": "6222 0000 1111"}"#])
        var run = try zone.run(["show", "C-1", "--as", "sunli"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("6222"))
        #expect(run.stdout.contains("隐藏字段，对你不显示：account"))
        run = try zone.run(["show", "C-1", "--as", "sunli", "--json"])
        #expect(!run.stdout.contains("6222"))
        #expect(run.stdout.contains("\"hidden\""))
        for viewer in ["wangfang", "admin"] {
            run = try zone.run(["show", "C-1", "--as", viewer])
            #expect(run.stdout.contains("6222 0000 1111"), "\(viewer): \(run.stdout)")
            #expect(!run.stdout.contains("隐藏字段"))
        }
        // Nobody named: a viewer the directory does not know sees no hidden field.
        run = try zone.run(["show", "C-1"])
        #expect(!run.stdout.contains("6222"))
    }

    @Test("agency urge: the initiator's 催办, rate-limited, journaled")
    func urge() throws {
        let zone = try zone()
        try zone.run(["complete", "C-1", "--as", "wangfang", "--now", "2025-01-06T09:20", "--data", #"{"amount": 100}"#])
        var run = try zone.run(["urge", "C-1", "--as", "wangfang", "--now", "2025-01-06T10:00", "--comment", "月底前要报账"])
        #expect(run.status == 0, "\(run.stderr)")
        run = try zone.run(["notifications", "--to", "sunli", "--json"])
        #expect(run.stdout.contains("催办：主任审核"))
        #expect(run.stdout.contains("月底前要报账"))
        run = try zone.run(["urge", "C-1", "--as", "wangfang", "--now", "2025-01-06T11:00"])
        #expect(run.status == 4)
        #expect(run.stderr.contains("下一次最早在 2025-01-06T12:00:00+08:00（催办间隔 2h）"), "\(run.stderr)")
        run = try zone.run(["urge", "C-1", "--as", "zhangwei", "--now", "2025-01-06T13:00"])
        #expect(run.status == 3)
        run = try zone.run(["urge", "C-1", "--as", "wangfang", "--now", "2025-01-06T13:00"])
        #expect(run.status == 0, "\(run.stderr)")
        let show = try zone.run(["show", "C-1", "--as", "admin"])
        #expect(show.stdout.contains("王芳 催办：月底前要报账"))
        let log = try zone.run(["log", "C-1", "--kind", "urge"])
        #expect(log.stdout.components(separatedBy: " 催办").count - 1 >= 2, "\(log.stdout)")
        let verify = try zone.run(["verify", "--all"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("agency revoke: a completed claim ends again as revoked; refusals say why")
    func revoke() throws {
        let zone = try zone()
        var run = try zone.run(["revoke", "C-1", "--as", "wangfang", "--reason", "重复报销", "--now", "2025-01-06T09:10"])
        #expect(run.status == 4)
        #expect(run.stderr.contains("C-1 在办，只有已办结的事项可以撤销"), "\(run.stderr)")
        try zone.run(["complete", "C-1", "--as", "wangfang", "--now", "2025-01-06T09:20", "--data", #"{"amount": 100}"#])
        run = try zone.run(["approve", "C-1", "--as", "sunli", "--now", "2025-01-06T10:00", "--data", #"{"opinion": "同意"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        run = try zone.run(["revoke", "C-1", "--as", "zhangwei", "--reason", "x", "--now", "2025-01-07T09:00"])
        #expect(run.status == 3)
        run = try zone.run(["revoke", "C-1", "--as", "wangfang", "--reason", "重复报销", "--now", "2025-01-07T09:00"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("[C-1]：paid → revoked（已办结：revoked）"), "\(run.stdout)")
        let show = try zone.run(["show", "C-1", "--as", "admin"])
        #expect(show.stdout.contains("已办结（revoked）"))
        #expect(show.stdout.contains("王芳 撤销（原结果 paid）：重复报销"))
        let graph = try zone.run(["graph", "claim"])
        #expect(graph.stdout.contains("paid --> revoked: ↶ 撤销"), "\(graph.stdout)")
        #expect(graph.stdout.contains("表单：可改 amount；必填 opinion；隐藏 account"), "\(graph.stdout)")
        let verify = try zone.run(["verify", "--all"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("validate names a form field that is not declared, and a revoke state that does not exist")
    func validate() throws {
        let zone = try zone()
        _ = try zone.directory.write("bad.lua", claimWorkflow
            .replacingOccurrences(of: "opinion = \"required\"", with: "opinon = \"required\"")
            .replacingOccurrences(of: "revoke = \"revoked\"", with: "revoke = \"revokd\""))
        let run = try zone.run(["validate", "bad.lua"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("fields.opinon is not a declared input field") || run.stderr.contains("fields.opinon is not a declared input field"))
        #expect((run.stdout + run.stderr).contains("revoke names unknown state 'revokd' (did you mean 'revoked'?)"))
    }
}
