import AgencyJSON
import Foundation
import Testing

/// `agency report minutes` (分析研判会会议纪要) end to end, through the built binary, with
/// the repository's `Workflows/assessment.lua` and a stand-in project workflow that takes
/// the meeting's messages.
@Suite("agency report minutes")
struct MinutesReportTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Just enough of a project for the assessment: a name, a stage, `assessed` taken
    /// anywhere, and pause and drop.
    static let project = """
        return workflow {
          name = "project",
          title = "招商项目",
          input = { name = "string", stage = "string", agent = "person" },
          start = "contact",
          states = {
            -- lint: allow no-due
            contact = task { title = "初步对接", assignee = "agent",
                             on = { assessed = { stay = true }, pause = "paused", drop = "dropped" } },
            -- lint: allow no-due
            paused = wait { title = "暂缓", on = { assessed = { stay = true }, drop = "dropped" } },
            dropped = final { outcome = "终止" },
          },
        }
        """

    static let meeting = "assessment-2025-03-03"

    /// Two projects and a meeting convened by 孙立 (主任), recorded by 王芳; the minutes
    /// are submitted when `submit`, and approved when `approve`.
    static func scenario(submit: Bool, approve: Bool) throws -> CLIFixture {
        let assessment = try String(contentsOf: repository.appendingPathComponent("Workflows/assessment.lua"),
                                    encoding: .utf8)
        let fixture = try CLIFixture(workflows: ["assessment": assessment, "project": project])
        func ok(_ arguments: [String]) throws {
            let run = try fixture.run(arguments)
            try #require(run.status == 0, "\(arguments.joined(separator: " ")): \(run.stderr)")
        }
        try ok(["start", "project", "--id", "P1", "--as", "wangfang", "--now", "2025-03-03T08:00",
                "--input", #"{"name": "智能装备项目", "stage": "初步对接", "agent": "wangfang"}"#])
        try ok(["start", "project", "--id", "P2", "--as", "wangfang", "--now", "2025-03-03T08:00",
                "--input", #"{"name": "新材料项目", "stage": "重点意向", "agent": "wangfang"}"#])
        try ok(["start", "assessment", "--id", meeting, "--as", "sunli", "--now", "2025-03-03T15:00",
                "--input", #"{"secretary": "wangfang", "topic": "一季度项目再论证"}"#])
        if submit {
            try ok(["complete", meeting, "--as", "wangfang", "--now", "2025-03-04T09:00", "--data", """
                {"attendees": ["sunli", "wangfang", "外请专家"], "summary": "逐个项目研判，明确推进思路",
                 "verdicts": [
                   {"project": "P2", "verdict": "暂缓", "reasons": "企业融资未到位"},
                   {"project": "P1", "verdict": "补充论证", "reasons": "用地指标未落实", "next_step": "出具用地意见"}]}
                """])
        }
        if approve {
            try ok(["approve", meeting, "--as", "sunli", "--now", "2025-03-04T10:00", "--comment", "同意"])
        }
        return fixture
    }

    @Test("text, markdown and html: the names, the verdict table, the approval")
    func document() throws {
        let fixture = try Self.scenario(submit: true, approve: true)
        let text = try fixture.run(["report", "minutes", Self.meeting])
        #expect(text.status == 0, "\(text.stderr)")
        for line in ["分析研判会会议纪要", "（assessment-2025-03-03）", "时间：2025-03-03", "主持：孙立", "记录：王芳",
                     "出席：孙立、王芳、外请专家", "议题：一季度项目再论证", "概述：逐个项目研判，明确推进思路",
                     "研判意见（2 个项目）", "审批：孙立于 2025-03-04 10:00 审定。意见：同意"] {
            #expect(text.stdout.contains(line), "no \(line) in\n\(text.stdout)")
        }
        // The table: columns lined up in display width, rows in the agenda's order (by stage).
        let lines = text.stdout.components(separatedBy: "\n")
        let header = try #require(lines.firstIndex { $0.hasPrefix("序号") }, "\(text.stdout)")
        #expect(lines[header] == "序号  项目                阶段      研判意见  理由            下一步")
        #expect(lines[header + 2] == "1     智能装备项目（P1）  初步对接  补充论证  用地指标未落实  出具用地意见")
        #expect(lines[header + 3] == "2     新材料项目（P2）    重点意向  暂缓      企业融资未到位  —")
        for id in ["sunli", "wangfang"] { #expect(!text.stdout.contains(id)) }

        let markdown = try fixture.run(["report", "minutes", Self.meeting, "--format", "markdown"])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.hasPrefix("# 分析研判会会议纪要"))
        #expect(markdown.stdout.contains("| 1 | 智能装备项目 <sub>P1</sub> | 初步对接 | 补充论证 | 用地指标未落实 | 出具用地意见 |"),
                "\(markdown.stdout)")

        let file = fixture.url.appendingPathComponent("纪要.html")
        let written = try fixture.run(["report", "minutes", Self.meeting, "--format", "html", "--output", file.path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("wrote \(file.path) (minutes of \(Self.meeting), html)"))
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'"))
        #expect(html.contains("@page{size:A4"))
        #expect(html.contains("<tr><th>主持</th><td>孙立</td></tr><tr><th>记录</th><td>王芳</td></tr>"), "\(html)")
        #expect(html.contains("<th>序号</th><th>项目</th><th>阶段</th><th>研判意见</th><th>理由</th><th>下一步</th>"))
        #expect(html.contains("新材料项目<div class=\"muted\">P2</div></td><td class=\"nowrap\">重点意向</td>"
                              + "<td class=\"verdict pause\">暂缓</td><td>企业融资未到位</td><td>—</td>"), "\(html)")
        #expect(html.contains("审批：孙立于 2025-03-04 10:00 审定。意见：同意"))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))

        let json = try fixture.run(["report", "minutes", Self.meeting, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let value = try JSONValue.parse(Array(json.stdout.utf8))
        #expect(value["approvedBy"] == "孙立")
        #expect(value["rows"]?[1]?["verdict"] == "暂缓")
    }

    @Test("an unapproved meeting exits 4 saying where it stands; another instance exits 1, an unknown id 2")
    func refusals() throws {
        let fixture = try Self.scenario(submit: false, approve: false)
        var run = try fixture.run(["report", "minutes", Self.meeting])
        #expect(run.status == 4)
        #expect(run.stderr.contains("the minutes of assessment-2025-03-03 are not approved yet: it is at "
                                    + "整理分析研判会纪要 (minutes), with 王芳 (wangfang)"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)

        try #require(try fixture.run(["complete", Self.meeting, "--as", "wangfang", "--now", "2025-03-04T09:00",
                                      "--data", """
            {"attendees": ["sunli"], "summary": "研判", "verdicts": [
              {"project": "P1", "verdict": "维持", "reasons": "推进正常"},
              {"project": "P2", "verdict": "维持", "reasons": "推进正常"}]}
            """]).status == 0)
        run = try fixture.run(["report", "minutes", Self.meeting])
        #expect(run.status == 4)
        #expect(run.stderr.contains("it is at 主任审定会议纪要 (review), with 孙立 (sunli)"), "\(run.stderr)")

        run = try fixture.run(["report", "minutes", "P1"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("P1 is an instance of project (招商项目), not a 分析研判会 (assessment)"), "\(run.stderr)")

        run = try fixture.run(["report", "minutes", "nosuch"])
        #expect(run.status == 2, "\(run.stderr)")

        run = try fixture.run(["cancel", Self.meeting, "--as", "admin", "--reason", "改期"])
        #expect(run.status == 0, "\(run.stderr)")
        run = try fixture.run(["report", "minutes", Self.meeting])
        #expect(run.status == 4)
        #expect(run.stderr.contains("was cancelled before its minutes were approved"), "\(run.stderr)")
    }
}
