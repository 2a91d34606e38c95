import AgencyCalendar
import AgencyJSON
@testable import AgencyReports
@testable import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// The year's headline figures (`agency report year`) on a small zone whose answers are
/// worked out by hand below: stages at 期初 and 期末, milestones, permits and cases counted
/// in their period only, quarter boundaries, on-time rates and investment completion.
@Suite struct YearReportTests {
    /// A pipeline whose states are titled by stage, moved by one event each.
    static let project = """
        return workflow {
          name = "project",
          input = { name = "string", investment = "integer", agent = "person",
                    first = { type = "string", required = false },
                    investment_plan = { type = "object", required = false },
                    investment_done = { type = "object", required = false } },
          start = "intake",
          states = {
            intake = auto { title = "初步对接·导入", choose = function(ctx) return ctx.data.first or "contact" end,
                            on = { contact = "contact", signed = "signed" } },
            contact = task { title = "初步对接", assignee = "agent", due = workdays(60),
                             on = { advance = "intent", pause = "paused" } },
            intent = task { title = "重点意向", assignee = "agent", due = workdays(60), on = { advance = "signing" } },
            signing = task { title = "成熟待签约", assignee = "agent", due = workdays(60), on = { advance = "signed" } },
            signed = task { title = "签约待备案", assignee = "agent", due = workdays(60), on = { advance = "registration" } },
            registration = task { title = "登记/注册/备案", assignee = "agent", due = workdays(60),
                                  on = { advance = "construction" } },
            construction = task { title = "开工", assignee = "agent", due = workdays(60), on = { advance = "production" } },
            production = final { title = "投产", outcome = "投产" },
            paused = task { title = "暂缓", assignee = "agent", due = workdays(60), on = { resume = "contact" } },
          },
        }
        """

    /// A permit: the department's review, due 5 working days after it opens.
    static let permit = """
        return workflow {
          name = "permit", input = { item = "string", agent = "person" }, start = "review",
          states = {
            review = task { title = "部门审批", assignee = "agent", due = workdays(5), on = { issued = "issued" } },
            issued = final { title = "办结", outcome = "办结" },
          },
        }
        """

    /// 督办 and 难点堵点: handled within 3 working days, then reviewed within 1.
    static func caseWorkflow(_ name: String) -> String {
        """
        return workflow {
          name = "\(name)", input = { title = "string", owner = "person" }, start = "handle",
          states = {
            handle = task { title = "办理", assignee = "owner", due = workdays(3), on = { done = "review" } },
            review = task { title = "审核", assignee = "owner", due = workdays(1), on = { ok = "closed" } },
            closed = final { title = "办结", outcome = "办结" },
          },
        }
        """
    }

    /// The zone, step by step in time order (2025: 01-01 and 04-04 are holidays; no
    /// dispatch workflow, so each period's first dispatch is its first Monday's 09:00):
    ///
    /// | when | what |
    /// |---|---|
    /// | 2024-12-16 | P1 初步对接 1亿, P2 签约待备案 2亿, P3 初步对接 0.5亿 entered |
    /// | 2024-12-20 | P3 → 重点意向; permit K4 opens (due 12-28 00:00) |
    /// | 2025-01-02 | K4 issued, late |
    /// | 03-03 … 03-06 | 督办 S1 opens, done 03-05 (due 03-07), reviewed 03-06: on time; 难点 D1 the same from 03-04 |
    /// | 03-10 | P2 → 登记/注册/备案 (备案); S2 opens (due 03-14) |
    /// | 03-12, 03-14 | P3 → 成熟待签约 → 签约待备案 (签约) |
    /// | 03-17 | K1 opens (due 03-25); S2 done late and reviewed |
    /// | 03-20 | K1 issued on time |
    /// | 03-24, 03-25 | K2 (due 04-01), K3 (due 04-02) open |
    /// | 03-26 | S3 opens (due 04-01), done 03-28; its review due 04-01 |
    /// | 03-27 | D2 opens (never closed) |
    /// | 03-31 23:30 | K3 issued on time (Q1) |
    /// | 04-02 | K2 issued late (Q2); S3 reviewed late (Q2) |
    /// | 04-07 08:30 | P4 初步对接 0.3亿 entered, before Q2's first dispatch (09:00) |
    /// | 04-08 | P2 → 开工 |
    /// | 04-09 | P5 初步对接 0.1亿 entered, after it |
    /// | 04-10 | K5 opens (never issued) |
    /// | 04-15 | P3 → 登记/注册/备案 (备案) |
    /// | 04-16 | P1 暂缓 |
    ///
    /// P1 plans 1000 万元 in March and 2000 in April (a text in May and a month 13 are
    /// ignored) and did 800 and 1500; P2's only month is a text, so it is not counted.
    static func zone() throws -> ServiceFixture {
        let fixture = try ServiceFixture(workflows: [
            "project": Self.project, "permit": Self.permit,
            "supervision": caseWorkflow("supervision"), "problem": caseWorkflow("problem"),
        ])
        var steps: [(String, () throws -> Void)] = []
        func start(_ workflow: String, _ id: String, _ time: String, _ input: JSONValue) {
            steps.append((time, { try fixture.start(workflow, id: id, at: time, input: input) }))
        }
        func act(_ id: String, _ event: String, _ time: String) {
            steps.append((time, {
                var command = Command(kind: .complete, actor: "agent1", at: stamp(time))
                command.event = event
                _ = try fixture.service.execute(id, command)
            }))
        }
        func permit(_ id: String, opens: String, issued: String?) {
            start("permit", id, opens, ["item": "环评审批", "agent": "agent1"])
            if let issued { act(id, "issued", issued) }
        }
        func handled(_ workflow: String, _ id: String, opens: String, done: String?, reviewed: String?) {
            start(workflow, id, opens, ["title": .string("事项\(id)"), "owner": "agent1"])
            if let done { act(id, "done", done) }
            if let reviewed { act(id, "ok", reviewed) }
        }
        start("project", "P1", "2024-12-16T08:00", [
            "name": "一号项目", "investment": 10000, "agent": "agent1",
            "investment_plan": ["2025-03": 1000, "2025-04": 2000, "2025-05": "很多", "2025-13": 7, "bad": 5],
            "investment_done": ["2025-03": 800, "2025-04": 1500],
        ])
        start("project", "P2", "2024-12-16T08:00", [
            "name": "二号项目", "investment": 20000, "agent": "agent1", "first": "signed",
            "investment_plan": ["2025-03": "待定"],
        ])
        start("project", "P3", "2024-12-16T08:00", ["name": "三号项目", "investment": 5000, "agent": "agent1"])
        act("P3", "advance", "2024-12-20T10:00")
        permit("K4", opens: "2024-12-20T09:00", issued: "2025-01-02T10:00")
        handled("supervision", "S1", opens: "2025-03-03T09:00", done: "2025-03-05T10:00", reviewed: "2025-03-06T10:00")
        handled("problem", "D1", opens: "2025-03-04T09:00", done: "2025-03-05T11:00", reviewed: "2025-03-06T11:00")
        act("P2", "advance", "2025-03-10T10:00")
        handled("supervision", "S2", opens: "2025-03-10T09:00", done: "2025-03-17T10:00", reviewed: "2025-03-17T15:00")
        act("P3", "advance", "2025-03-12T10:00")
        act("P3", "advance", "2025-03-14T10:00")
        permit("K1", opens: "2025-03-17T09:00", issued: "2025-03-20T10:00")
        permit("K2", opens: "2025-03-24T09:00", issued: "2025-04-02T10:00")
        permit("K3", opens: "2025-03-25T09:00", issued: "2025-03-31T23:30")
        handled("supervision", "S3", opens: "2025-03-26T09:00", done: "2025-03-28T10:00", reviewed: "2025-04-02T11:00")
        handled("problem", "D2", opens: "2025-03-27T09:00", done: nil, reviewed: nil)
        start("project", "P4", "2025-04-07T08:30", ["name": "四号项目", "investment": 3000, "agent": "agent1"])
        act("P2", "advance", "2025-04-08T10:00")
        start("project", "P5", "2025-04-09T10:00", ["name": "五号项目", "investment": 1000, "agent": "agent1"])
        permit("K5", opens: "2025-04-10T09:00", issued: nil)
        act("P3", "advance", "2025-04-15T10:00")
        steps.append(("2025-04-16T10:00", {
            var command = Command(kind: .complete, actor: "agent1", at: stamp("2025-04-16T10:00"))
            command.event = "pause"
            _ = try fixture.service.execute("P1", command)
        }))
        for (time, step) in steps.enumerated().sorted(by: { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) })
            .map(\.element) {
            try fixture.tick(until: time)
            try step()
        }
        try fixture.tick(until: "2025-04-20T12:00")
        return fixture
    }

    static let now = shanghaiTime("2025-04-20T12:00")

    static func report(_ fixture: ServiceFixture, _ year: Int, quarter: Int? = nil,
                       mapping: ReportMapping = .zone) throws -> YearReport {
        try fixture.service.yearReport(try YearPeriod(year: year, quarter: quarter), now: now, mapping: mapping)
    }

    @Test func stagesAtThePeriodStartAndAtTheEnd() throws {
        let zone = try Self.zone()
        let q1 = try Self.report(zone, 2025, quarter: 1)
        #expect(q1.title == "2025年第一季度" && q1.from == "2025-01-01" && q1.to == "2025-03-31")
        #expect(q1.start == stamp("2025-01-01T00:00") && q1.enteredBy == stamp("2025-01-06T09:00"))
        #expect(q1.end == stamp("2025-04-01T00:00") && q1.complete)
        #expect(q1.stages.map(\.startCount) == [1, 1, 0, 1, 0, 0, 0])
        #expect(q1.stages.map(\.endCount) == [1, 0, 0, 1, 1, 0, 0])
        #expect(q1.stages.map(\.change) == [0, -1, 0, 0, 1, 0, 0])
        #expect(q1.total.startCount == 3 && q1.total.startInvestment == 35000 && q1.total.endInvestment == 35000)
        #expect(q1.stages[4].endInvestment == 20000 && q1.stages[3].endInvestment == 5000)

        // Q2 opens where Q1 ended, plus P4, entered before Q2's first dispatch (not P5,
        // entered after it); it ends at the store's time, P1 paused.
        let q2 = try Self.report(zone, 2025, quarter: 2)
        #expect(q2.start == stamp("2025-04-01T00:00") && q2.enteredBy == stamp("2025-04-07T09:00"))
        #expect(q2.end == stamp("2025-04-20T12:00") && !q2.complete)
        #expect(q2.stages.map(\.startCount) == [2, 0, 0, 1, 1, 0, 0])
        #expect(q2.stages.map(\.endCount) == [2, 0, 0, 0, 1, 1, 0])
        #expect(q2.total.startInvestment == 38000 && q2.total.endInvestment == 29000 && q2.total.change == 0)
        #expect(try Self.report(zone, 2025).stages.map(\.startCount) == q1.stages.map(\.startCount))
        #expect(q2.paused.endCount == 1 && q2.paused.endInvestment == 10000 && q2.paused.change == 1)
    }

    @Test func milestonesCountProjectsThatReachedAStageInThePeriod() throws {
        let zone = try Self.zone()
        func reached(_ report: YearReport) -> [String: [String]] {
            Dictionary(uniqueKeysWithValues: report.milestones.map { ($0.milestone, $0.projects) })
        }
        // P2 was entered as signed: it reached 备案, not 签约.
        let q1 = try Self.report(zone, 2025, quarter: 1), q2 = try Self.report(zone, 2025, quarter: 2)
        #expect(reached(q1) == ["签约": ["三号项目"], "备案": ["二号项目"], "开工": [], "投产": []])
        #expect(reached(q2) == ["签约": [], "备案": ["三号项目"], "开工": ["二号项目"], "投产": []])
        let year = try Self.report(zone, 2025)
        #expect(reached(year) == ["签约": ["三号项目"], "备案": ["二号项目", "三号项目"], "开工": ["二号项目"], "投产": []])
        #expect(year.milestones.map(\.count) == [1, 2, 1, 0])
    }

    @Test func permitsAreCountedInTheirPeriodOnly() throws {
        let zone = try Self.zone()
        let q1 = try Self.report(zone, 2025, quarter: 1)
        // K4 (late, 01-02), K1 and K3 (on time; K3 at 03-31 23:30); K2 is issued in Q2.
        #expect(q1.permits == .init(opened: 3, closed: 3, onTime: 2, onTimeRate: 0.6667, open: 1))
        let q2 = try Self.report(zone, 2025, quarter: 2)
        #expect(q2.permits == .init(opened: 1, closed: 1, onTime: 0, onTimeRate: 0, open: 1))
        let year = try Self.report(zone, 2025)
        #expect(year.permits.closed == q1.permits.closed + q2.permits.closed)
        #expect(year.permits.opened == q1.permits.opened + q2.permits.opened)
        #expect(try Self.report(zone, 2024).permits == .init(opened: 1, closed: 0, onTime: 0, onTimeRate: nil, open: 1))
        // The same rule as 办件时效 (agency report stats).
        let stats = try zone.service.serviceStats(from: try #require(CivilDate("2025-01-01")),
                                                  to: try #require(CivilDate("2025-03-31")), by: .permit, now: Self.now)
        #expect(stats.total.handled == q1.permits.closed && stats.total.onTime == q1.permits.onTime)
    }

    @Test func casesAndTheOverallOnTimeRate() throws {
        let zone = try Self.zone()
        let q1 = try Self.report(zone, 2025, quarter: 1)
        // S1 on time, S2 done late; S3 is reviewed after its review's due, in Q2.
        #expect(q1.supervision == .init(opened: 3, closed: 2, onTime: 1, onTimeRate: 0.5, open: 1))
        #expect(q1.problems == .init(opened: 2, closed: 1, onTime: 1, onTimeRate: 1, open: 1))
        #expect(q1.overall == .init(opened: 8, closed: 6, onTime: 4, onTimeRate: 0.6667, open: 3))
        let q2 = try Self.report(zone, 2025, quarter: 2)
        #expect(q2.supervision == .init(opened: 0, closed: 1, onTime: 0, onTimeRate: 0, open: 0))
        #expect(q2.problems == .init(opened: 0, closed: 0, onTime: 0, onTimeRate: nil, open: 1))
        #expect(q1.headline.contains("本季度帮助企业办理手续3项，解决难点堵点问题1个，督办事项办结2件，按期办结率66.7%。"),
                "\(q1.headline)")
    }

    @Test func theHeadlineIsBuiltFromTheFigures() throws {
        let zone = try Self.zone()
        let q1 = try Self.report(zone, 2025, quarter: 1)
        #expect(q1.headline.hasPrefix(
            "2025年第一季度，重点谋划项目3个，总投资3.5亿元，其中签约待备案1个2亿元、重点意向1个0.5亿元、初步对接1个1亿元。"
                + "截至3月31日，在推项目3个，总投资3.5亿元（登记/注册/备案1个、签约待备案1个、初步对接1个），本季度签约1个、备案1个。"),
                "\(q1.headline)")
        #expect(q1.headline.hasSuffix("完成投资0.08亿元，为计划投资0.1亿元的80%。"), "\(q1.headline)")
        let q2 = try Self.report(zone, 2025, quarter: 2)
        #expect(q2.headline.contains("截至4月20日") && q2.headline.contains("；另有暂缓1个。"), "\(q2.headline)")
    }

    @Test func investmentCompletionReadsTheMonthsDefensively() throws {
        let zone = try Self.zone()
        let q1 = try #require(try Self.report(zone, 2025, quarter: 1).investment)
        #expect(q1.projects == 1)
        #expect(q1.months.map(\.month) == ["2025-01", "2025-02", "2025-03"])
        #expect(q1.months.map(\.planned) == [0, 0, 1000] && q1.months.map(\.done) == [0, 0, 800])
        #expect(q1.months.map(\.rate) == [nil, nil, 0.8])
        #expect(q1.planned == 1000 && q1.done == 800 && q1.rate == 0.8)
        // Whole months only (a month's completion is reported at its end): the store's time
        // is 04-20, so the second quarter has no whole month yet and no investment section.
        #expect(try Self.report(zone, 2025, quarter: 2).investment == nil)
        // Without the fields the section is absent and the headline says nothing of it.
        var mapping = ReportMapping.zone
        mapping.projects.investmentPlan = "no_plan"
        mapping.projects.investmentDone = "no_done"
        let without = try Self.report(zone, 2025, quarter: 1, mapping: mapping)
        #expect(without.investment == nil && !without.headline.contains("完成投资"))
        #expect(MonthlyAmounts.read(["2025-02": -5, "2025-1": 3, "2025-03": 2.5, "２０２５-03": 1]) == ["2025-03": 2.5])
    }

    @Test func periodsOutsideTheDataAreRefused() throws {
        #expect(throws: YearReportError.quarter(5)) { try YearPeriod(year: 2025, quarter: 5) }
        #expect(throws: YearReportError.quarter(0)) { try YearPeriod(year: 2025, quarter: 0) }
        #expect(throws: YearReportError.year(0)) { try YearPeriod(year: 0) }
        #expect(try YearPeriod(year: 2024, quarter: 1).lastDay.description == "2024-03-31")
        #expect(try YearPeriod(year: 2025, quarter: 4).firstDay.description == "2025-10-01")
        let zone = try Self.zone()
        let outside = YearReportError.outsideData(period: "2023年", first: "2024-12-16", now: "2025-04-20", years: 2024...2025)
        #expect(throws: outside) { try Self.report(zone, 2023) }
        #expect(throws: YearReportError.self) { try Self.report(zone, 2025, quarter: 3) }
        #expect(outside.description.contains("ask for --year 2024 to 2025"))
        let empty = try ServiceFixture(workflows: ["project": Self.project])
        #expect(throws: YearReportError.emptyStore) {
            try empty.service.yearReport(try YearPeriod(year: 2025), now: Self.now)
        }
    }

    @Test func formatsCarryTheSameReport() throws {
        let zone = try Self.zone()
        let report = try Self.report(zone, 2025, quarter: 1)
        let json = try JSONValue(encoding: report)
        #expect(try json.decode(YearReport.self) == report)
        #expect(json["total"]?["startCount"] == 3 && json["quarter"] == 1)
        let html = report.html()
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("Content-Security-Policy"))
        #expect(html.contains("<svg") && html.contains("期初") && html.contains("@page{size:A4"))
        for outside in ["<script", "http://", "https://", "<link"] { #expect(!html.contains(outside)) }
        let markdown = report.markdown()
        #expect(markdown.hasPrefix("# 2025年第一季度重点项目推进情况（截至3月31日）"))
        #expect(markdown.contains("| 合计 | 3 | 3.5 | 3 | 3.5 |  |  |"), "\(markdown)")
        #expect(markdown.contains("| 帮助企业办理手续 | 3 | 3 | 2 | 66.7% | 1 |"), "\(markdown)")
        let workbook = report.workbook()
        #expect(workbook.sheets.map(\.name) == ["概况", "阶段", "推进节点", "办理", "投资完成"])
        #expect(workbook.sheets.allSatisfy { $0.freezeHeader })
        #expect(workbook.sheets[1].rows[7].first == .text("合计") && workbook.sheets[1].rows[7][1] == .integer(3))
    }
}
