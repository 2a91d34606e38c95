import AgencyCalendar
import AgencyJSON
@testable import AgencyReports
@testable import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// The weekly report (周报告): weeks, the stage table, progress and flags, permits by
/// colour, supervision and difficulties, and the output formats.
@Suite struct WeeklyReportTests {
    @Test func isoWeeks() throws {
        #expect(ISOWeek("2025-W02")?.monday == CivilDate("2025-01-06"))
        #expect(ISOWeek("2025w3")?.description == "2025-W03")
        #expect(ISOWeek(containing: try #require(CivilDate("2025-01-06"))).description == "2025-W02")
        #expect(ISOWeek(containing: try #require(CivilDate("2025-01-12"))).description == "2025-W02")
        #expect(ISOWeek(containing: try #require(CivilDate("2024-12-30"))).description == "2025-W01")
        #expect(ISOWeek(containing: try #require(CivilDate("2021-01-03"))).description == "2020-W53")
        #expect(ISOWeek("2020-W53")?.monday == CivilDate("2020-12-28"))
        #expect(ISOWeek("2025-W01")?.previous.description == "2024-W52")
        for bad in ["2025-W54", "2025-W00", "2025-03", "W03", "25-W03", "2025-Wx"] {
            #expect(ISOWeek(bad) == nil, "\(bad)")
        }
    }

    @Test func investmentInYi() {
        #expect(ReportFormatting.yi(155_000) == "15.5")
        #expect(ReportFormatting.yi(273_600) == "27.36")
        #expect(ReportFormatting.yi(37_500) == "3.75")
        #expect(ReportFormatting.yi(80_900) == "8.09")
        #expect(ReportFormatting.yi(547_000) == "54.7")
        #expect(ReportFormatting.yi(0) == "0")
        #expect(ReportFormatting.yi(5) == "0.0005")
    }

    /// Two projects imported on Monday 2025-03-03 (W10); P02 moves on in W10, P01 does not.
    static func zone() throws -> ZoneFixture {
        let zone = try ZoneFixture()
        try zone.start("project", id: "P01", at: "2025-03-03T08:30", input: projectInput("P01", investment: 10000))
        try zone.start("project", id: "P02", at: "2025-03-03T08:30",
                       input: projectInput("P02", stage: "签约待备案", investment: 5000, sector: "信息技术",
                                           landType: "标准化厂房", agent: "liuyang", leader: "wangjun"))
        _ = try zone.service.enableSchedule("dispatch", from: try #require(CivilDate("2025-03-03")))
        try zone.tick(until: "2025-03-03T09:30")
        try zone.act("P02", .complete, as: "liuyang", at: "2025-03-04T10:00", event: "advance",
                     data: ["credit_code": "91140405MA0000002"])
        try zone.act("P02", .approve, as: "wangjun", at: "2025-03-05T10:00")
        try zone.act("P02", .complete, as: "liuyang", at: "2025-03-06T10:00", event: "filed",
                     data: ["filing_code": "2503-140405-04-01-000002"])
        try zone.tick(until: "2025-03-17T09:30")
        return zone
    }

    static func week(_ text: String) throws -> ISOWeek { try #require(ISOWeek(text)) }

    @Test func theReportReadsFieldsThroughItsMapping() throws {
        let zone = try Self.zone()
        let week = try Self.week("2025-W11")
        let standard = try zone.service.weeklyReport(week: week)
        var mapping = ReportMapping.zone
        mapping.projects.name = "enterprise"
        mapping.projects.investment = "no_such_field"
        let mapped = try zone.service.weeklyReport(week: week, mapping: mapping)
        #expect(mapped.projects.map(\.name) == standard.projects.map(\.enterprise))
        #expect(mapped.projects.map(\.investment) == [0, 0])
        #expect(standard.total.investment == 15000 && mapped.total.investment == 0)
        #expect(mapped.total.count == standard.total.count)
        var elsewhere = ReportMapping.zone
        elsewhere.projects.workflow = "xiangmu"
        #expect(try zone.service.weeklyReport(week: week, mapping: elsewhere).projects.isEmpty)
    }

    @Test func stageTableIsRebuiltForEachWeek() throws {
        let zone = try Self.zone()
        let first = try zone.service.weeklyReport(week: try Self.week("2025-W10"))
        #expect(first.asOf == zoneStamp("2025-03-03T09:00"))
        #expect(first.stages.map(\.count) == [1, 0, 0, 1, 0, 0, 0])
        #expect(first.total.count == 2)
        #expect(first.total.investment == 15000)
        #expect(first.projects.map(\.progress) == [["03-03 纳入项目库（初步对接）"], ["03-03 纳入项目库（签约待备案）"]])
        #expect(first.stalled.isEmpty)

        let second = try zone.service.weeklyReport(week: try Self.week("2025-W11"))
        #expect(second.since == zoneStamp("2025-03-03T09:00"))
        #expect(second.stages[3].count == 0)
        #expect(second.stages[3].change == -1)
        #expect(second.stages[4] == .init(stage: "登记/注册/备案", count: 1, investment: 5000, change: 1, sinceYearStart: 1))
        let p02 = try #require(second.projects.first { $0.id == "P02" })
        #expect(p02.progress.contains("03-05 签约待备案 → 登记/注册/备案"))
        #expect(p02.nextStep.contains("手续在办"))
        #expect(second.stalled == ["P01"])
    }

    @Test func overduePermitsPeopleAndSupervisionAreReported() throws {
        let zone = try Self.zone()
        let report = try zone.service.weeklyReport(week: try Self.week("2025-W12"))
        // The filing permit's preparation fell due at the end of 03-10 and nobody acted.
        #expect(report.permits.red.map(\.title) == ["企业投资项目备案"])
        #expect(report.permits.red.first?.assignee == "刘洋")
        #expect(report.permits.open == 1)
        let behind = try #require(report.behind.first { $0.person == "liuyang" })
        #expect(behind.red == 1)
        // The 03-17 dispatch supervised the overdue permit (P01 is idle for 10 working
        // days only, short of being stalled).
        #expect(report.supervision.new == 1)
        #expect(report.supervision.lines.map(\.owner) == ["陈志远"])  // 立项登记 first
        #expect(report.supervision.lines.first?.title.contains("企业投资项目备案") == true)
        #expect(report.projects.first { $0.id == "P02" }?.color == "red")
        // The same week asked before the dispatch ran stops at that moment.
        let early = try zone.service.weeklyReport(week: try Self.week("2025-W12"), now: zoneTime("2025-03-17T08:00"))
        #expect(early.asOf == zoneStamp("2025-03-17T08:00"))
        #expect(early.supervision.new == 0)
    }

    @Test func formatsCarryTheSameReport() throws {
        let zone = try Self.zone()
        var report = try zone.service.weeklyReport(week: try Self.week("2025-W11"))
        report.projects[0].name = "测试,\"项目\" <b>一期</b>"
        let markdown = report.markdown()
        #expect(markdown.hasPrefix("# 周报告 2025-W11（截至 2025-03-10 09:00）"))
        #expect(markdown.contains("| 合计 | 2 | 1.5 |  |"))
        #expect(markdown.contains("⚠ 本周无进展"))
        let csv = report.csv()
        #expect(csv.hasPrefix("周次,编号,项目名称,建设单位"))
        #expect(csv.contains("2025-W11,P01,\"测试,\"\"项目\"\" <b>一期</b>\","))
        #expect(csv.split(separator: "\r\n").count == 3)
        let html = report.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("测试,&quot;项目&quot; &lt;b&gt;一期&lt;/b&gt;"))
        for outside in ["<script", "http://", "https://", "<link"] { #expect(!html.contains(outside)) }
        let json = try JSONValue(encoding: report)
        #expect(try json.decode(WeeklyReport.self) == report)
        #expect(json["total"]?["count"] == 2)
    }

    @Test func latestDispatchWeekIsTheDefault() throws {
        let zone = try Self.zone()
        #expect(try zone.service.latestDispatchWeek()?.description == "2025-W12")
        let empty = try ZoneFixture()
        #expect(try empty.service.latestDispatchWeek() == nil)
    }
}
