import AgencyCalendar
import AgencyJSON
@testable import AgencyReports
@testable import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// The liaisons' weekly progress reports (项目进展周报) in the weekly report: the report's
/// text as the project's 本周进展, the dispatch's flags 本期未提交 and 与上期雷同, old weeks
/// rebuilt as they stood, and old JSON without the fields.
@Suite struct WeeklyReportProgressTests {
    static let firstP01 = "本周陪同企业考察东区标准化厂房，双方就租金减免和设备进场时间达成初步一致，企业将于月底前提交投资意向书。"
    /// The same with one character changed (底 → 末): 与上期雷同.
    static let copiedP01 = "本周陪同企业考察东区标准化厂房，双方就租金减免和设备进场时间达成初步一致，企业将于月末前提交投资意向书。"
    static let firstP02 = "企业完成可研报告初稿，已向发改部门咨询备案所需材料。"

    /// Two projects (both with 吴霞 as liaison) imported Monday 2025-03-03, the dispatch and
    /// the progress collection enabled. The collection of Thursday 03-06 feeds the dispatch
    /// of 03-10 (W11): both report. The one of 03-13 feeds 03-17 (W12): P01 sends last
    /// week's text with one character changed, P02 nothing.
    static func zone() throws -> ZoneFixture {
        let zone = try ZoneFixture()
        try zone.start("project", id: "P01", at: "2025-03-03T08:30", input: projectInput("P01", investment: 10000))
        try zone.start("project", id: "P02", at: "2025-03-03T08:30",
                       input: projectInput("P02", stage: "重点意向", investment: 5000))
        let monday = try #require(CivilDate("2025-03-03"))
        _ = try zone.service.enableSchedule("dispatch", from: monday)
        _ = try zone.service.enableSchedule("progress", from: monday)
        try zone.tick(until: "2025-03-06T10:00")
        try zone.act("progress-2025-03-06.c1", .complete, as: "wuxia", at: "2025-03-06T11:00",
                     data: ["text": .string(firstP01), "problems": "设备进场道路未硬化", "next_week": "协调住建局现场查看"])
        try zone.act("progress-2025-03-06.c2", .complete, as: "wuxia", at: "2025-03-07T11:00",
                     data: ["text": .string(firstP02)])
        try zone.tick(until: "2025-03-13T10:00")
        try zone.act("progress-2025-03-13.c1", .complete, as: "wuxia", at: "2025-03-13T11:00",
                     data: ["text": .string(copiedP01)])
        try zone.tick(until: "2025-03-17T09:30")
        return zone
    }

    static func week(_ text: String) throws -> ISOWeek { try #require(ISOWeek(text)) }

    static func line(_ report: WeeklyReport, _ id: String) throws -> WeeklyReport.ProjectLine {
        try #require(report.projects.first { $0.id == id })
    }

    @Test func theReportTextIsTheProjectsProgress() throws {
        let zone = try Self.zone()
        let report = try zone.service.weeklyReport(week: try Self.week("2025-W11"))
        let p01 = try Self.line(report, "P01")
        #expect(p01.report == .init(id: "progress-2025-03-06.c1", text: Self.firstP01, problems: "设备进场道路未硬化",
                                    nextWeek: "协调住建局现场查看", liaison: "吴霞", submittedAt: zoneStamp("2025-03-06T11:00")))
        #expect(Array(p01.progress.prefix(3)) == ["联络员周报（吴霞 03-06）：" + Self.firstP01,
                                                  "存在问题：设备进场道路未硬化", "下周计划：协调住建局现场查看"])
        #expect(!p01.noProgress)
        let p02 = try Self.line(report, "P02")
        #expect(p02.progress.first == "联络员周报（吴霞 03-07）：" + Self.firstP02)
        #expect(p02.report?.problems == nil && p02.report?.nextWeek == nil)
        // The first period has nothing to compare with, and both reported.
        #expect(p01.reportFlag == nil && p02.reportFlag == nil)
        #expect(report.progressReports == .init(collection: "progress-2025-03-06", expected: 2, submitted: 2,
                                                missing: [], similar: []))
    }

    @Test func theDispatchFlagsAppearOnTheProjects() throws {
        let zone = try Self.zone()
        let report = try zone.service.weeklyReport(week: try Self.week("2025-W12"))
        let p01 = try Self.line(report, "P01")
        #expect(p01.reportFlag == "与上期雷同")
        let similarity = try #require(p01.reportSimilarity)
        #expect(similarity >= 0.85 && similarity < 1)
        #expect(p01.report?.text == Self.copiedP01)
        let p02 = try Self.line(report, "P02")
        #expect(p02.reportFlag == "本期未提交")
        #expect(p02.report == nil)
        #expect(p02.progress.allSatisfy { !$0.hasPrefix("联络员周报") })
        #expect(report.progressReports == .init(collection: "progress-2025-03-13", expected: 2, submitted: 1,
                                                missing: ["P02"], similar: ["P01"]))
        #expect(report.reportsMissing.map(\.id) == ["P02"] && report.reportsSimilar.map(\.id) == ["P01"])
    }

    @Test func everyFormatShowsTheFlags() throws {
        let zone = try Self.zone()
        let report = try zone.service.weeklyReport(week: try Self.week("2025-W12"))
        let percent = Int(((try Self.line(report, "P01").reportSimilarity ?? 0) * 100).rounded())
        let html = report.html()
        let overview = try #require(html.components(separatedBy: "<h2>一、").first)
        #expect(overview.contains("联络员周报（应报 2，已报 1）"))
        #expect(overview.contains("本期未提交 1 个：测试项目P02（吴霞）"))
        #expect(overview.contains("与上期雷同 1 个：测试项目P01（吴霞）"))
        #expect(html.contains("<span class=\"flag report\">与上期雷同（相似度 \(percent)%）</span>"))
        #expect(html.contains(WeeklyReport.escape(Self.copiedP01)))
        let markdown = report.markdown()
        #expect(markdown.contains("【本期未提交】"))
        #expect(markdown.contains("【与上期雷同（相似度 \(percent)%）】联络员周报（吴霞 03-13）：" + Self.copiedP01))
        #expect(markdown.contains("联络员周报：应报 2 份，已报 1 份；本期未提交 1 个：测试项目P02（吴霞）"))
        let csv = report.csv()
        let rows = csv.components(separatedBy: "\r\n")
        #expect(rows[0].hasSuffix(",手续已办结,手续总数,联络员,周报标记"))
        #expect(rows.contains { $0.hasPrefix("2025-W12,P02,") && $0.hasSuffix(",吴霞,本期未提交") })
        #expect(rows.contains { $0.hasPrefix("2025-W12,P01,") && $0.hasSuffix(",吴霞,与上期雷同（相似度 \(percent)%）") })
        let projects = report.projectSheet()
        #expect(projects.columns.suffix(2).map(\.title) == ["联络员", "周报标记"])
        #expect(projects.rows.contains { $0.first == .text("P02") && $0.last == .text("本期未提交") })
        let overviewSheet = report.overviewSheet()
        #expect(overviewSheet.rows.contains([.text("本期未提交"), .integer(1)]))
        #expect(overviewSheet.rows.contains([.text("与上期雷同"), .integer(1)]))
    }

    @Test func aPastWeekIsRebuiltAsItStood() throws {
        let zone = try Self.zone()
        // W11 read after W12's copy was submitted still shows W11's own text.
        let later = try zone.service.weeklyReport(week: try Self.week("2025-W11"))
        #expect(try Self.line(later, "P01").report?.text == Self.firstP01)
        // W11 asked before anyone reported: no report, no marking (its dispatch had not run).
        let early = try zone.service.weeklyReport(week: try Self.week("2025-W11"), now: zoneTime("2025-03-06T10:30"))
        #expect(early.projects.allSatisfy { $0.report == nil && $0.reportFlag == nil })
        #expect(early.progressReports == nil)
        // Between the two submissions: only P01's.
        let between = try zone.service.weeklyReport(week: try Self.week("2025-W11"), now: zoneTime("2025-03-07T09:00"))
        #expect(between.projects.map { $0.report?.id } == ["progress-2025-03-06.c1", nil])
    }

    @Test func theWorkflowsAreReadThroughTheMapping() throws {
        let zone = try Self.zone()
        var mapping = ReportMapping.zone
        mapping.progress.workflow = "no_such_workflow"
        mapping.dispatch.progress = "no_such_field"
        let report = try zone.service.weeklyReport(week: try Self.week("2025-W12"), mapping: mapping)
        #expect(report.projects.allSatisfy { $0.report == nil && $0.reportFlag == nil })
        #expect(report.progressReports == nil)
        var problems = ReportMapping.zone
        problems.progress.text = "problems"
        let swapped = try zone.service.weeklyReport(week: try Self.week("2025-W11"), mapping: problems)
        #expect(try Self.line(swapped, "P01").report?.text == "设备进场道路未硬化")
    }

    @Test func anOldReportWithoutTheFieldsDecodes() throws {
        let zone = try Self.zone()
        let report = try zone.service.weeklyReport(week: try Self.week("2025-W12"))
        var json = try JSONValue(encoding: report)
        #expect(json["progressReports"] != nil)
        #expect(json["projects"]?[0]?["reportFlag"] != nil || json["projects"]?[1]?["reportFlag"] != nil)
        // What a report written before the progress reports were kept looks like.
        guard case .object(var top) = json, case .array(let lines)? = top["projects"] else {
            Issue.record("not an object with projects")
            return
        }
        top["progressReports"] = nil
        top["projects"] = .array(lines.map { line in
            guard case .object(var fields) = line else { return line }
            for key in ["report", "reportFlag", "reportSimilarity"] { fields[key] = nil }
            return .object(fields)
        })
        json = .object(top)
        let old = try json.decode(WeeklyReport.self)
        #expect(old.progressReports == nil)
        #expect(old.projects.allSatisfy { $0.report == nil && $0.reportFlag == nil && $0.reportSimilarity == nil })
        #expect(old.projects.map(\.id) == report.projects.map(\.id))
        #expect(ReportFormatting.reportTally(old) == nil)
        #expect(!old.html().contains("联络员周报（应报"))
        // And the report with them makes the round trip.
        #expect(try JSONValue(encoding: report).decode(WeeklyReport.self) == report)
    }
}
