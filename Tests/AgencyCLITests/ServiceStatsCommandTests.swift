import AgencyJSON
import Foundation
import Testing

/// `agency report stats` (办件时效) end to end, through the built binary, on a scenario
/// whose answers are worked out by hand below; and the demo store.
@Suite("agency report stats")
struct ServiceStatsCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A project that only tracks its permits: its 包联领导 is data; permits signal it.
    static let project = """
        return workflow {
          name = "project",
          title = "招商项目",
          input = { name = "string", leader = "person" },
          start = "tracking",
          states = {
            -- lint: allow no-due
            tracking = wait { title = "手续跟踪", by = "leader", on = { issued = "tracking", done = "closed" } },
            closed = final { outcome = "done" },
          },
        }
        """

    /// March 2025 has no holiday, so working days are Monday to Friday. With the
    /// repository's `permit` workflow (review due = `limit` working days after submission):
    ///
    /// | permit | project (leader) | item, limit | agent | submitted | issued | days | on time |
    /// |---|---|---|---|---|---|---|---|
    /// | P1.c1 | P1 (张伟) | 环评审批, 5 | 王芳 | 03-04 10:00 (due 03-12 00:00) | 03-07 15:00 | 3 (05, 06, 07) | yes |
    /// | P1.c2 | P1 (张伟) | 施工许可, 3 | 王芳 | 03-03 11:00 (due 03-07 00:00) | 03-12 10:00 | 7 (04…07, 10…12) | no |
    /// | P2.c1 | P2 (李强) | 环评审批, 5 | 陈静 | 03-10 10:00 (due 03-18 00:00) | 03-17 16:00 | 5 (11…14, 17) | yes |
    /// | P2.c2 | P2 (李强) | 施工许可, 3 | 陈静 | 03-10 10:00 (due 03-14 00:00) | open | | overdue from 03-14 |
    /// | P2.c3 | P2 (李强) | 规划许可, 10 | 陈静 | not yet (prepare due 03-25 00:00) | open | | |
    ///
    /// P1.c2 is ticked to 03-12 09:00 before it is issued: its ladder fires 催办 at 03-08
    /// and 03-11 00:00 and 督办 to the leader at 03-11 00:00. P2's permits name 赵敏 as
    /// their own `leader`; the statistics take the root project's (李强). The store's
    /// clock ends at 03-24 09:00, after the range.
    static func scenario() throws -> CLIFixture {
        let permit = try String(contentsOf: repository.appendingPathComponent("Workflows/permit.lua"), encoding: .utf8)
        let fixture = try CLIFixture(workflows: ["permit": permit, "project": project])
        func ok(_ arguments: [String]) throws {
            let run = try fixture.run(arguments)
            try #require(run.status == 0, "\(arguments.joined(separator: " ")): \(run.stderr)")
        }
        func start(_ id: String, item: String, department: String, limit: Int, agent: String, leader: String,
                   at time: String) throws {
            let project = String(id.prefix(2))
            let input = """
                {"plan": "\(project)", "project": "\(project)", "project_name": "项目", "key": "k", "item": "\(item)",
                 "department": "\(department)", "stage": "施工许可", "limit": \(limit), "agent": "\(agent)",
                 "leader": "\(leader)"}
                """
            try ok(["start", "permit", "--id", id, "--as", agent, "--now", time, "--input", input])
        }
        try ok(["start", "project", "--id", "P1", "--as", "zhangwei", "--now", "2025-03-03T08:00",
                "--input", #"{"name": "一号项目", "leader": "zhangwei"}"#])
        try ok(["start", "project", "--id", "P2", "--as", "liqiang", "--now", "2025-03-03T08:00",
                "--input", #"{"name": "二号项目", "leader": "liqiang"}"#])
        try start("P1.c1", item: "环评审批", department: "生态环境局", limit: 5, agent: "wangfang", leader: "zhangwei",
                  at: "2025-03-03T09:00")
        try start("P1.c2", item: "施工许可", department: "住建局", limit: 3, agent: "wangfang", leader: "zhangwei",
                  at: "2025-03-03T09:00")
        try ok(["complete", "P1.c2", "submitted", "--as", "wangfang", "--now", "2025-03-03T11:00"])
        try ok(["complete", "P1.c1", "submitted", "--as", "wangfang", "--now", "2025-03-04T10:00"])
        try ok(["send", "P1.c1", "issued", "--as", "wangfang", "--now", "2025-03-07T15:00"])
        try ok(["tick", "--until", "2025-03-12T09:00"])
        try ok(["send", "P1.c2", "issued", "--as", "wangfang", "--now", "2025-03-12T10:00"])
        try start("P2.c1", item: "环评审批", department: "生态环境局", limit: 5, agent: "chenjing", leader: "zhaomin",
                  at: "2025-03-10T09:00")
        try start("P2.c2", item: "施工许可", department: "住建局", limit: 3, agent: "chenjing", leader: "zhaomin",
                  at: "2025-03-10T09:00")
        try ok(["complete", "P2.c1", "submitted", "--as", "chenjing", "--now", "2025-03-10T10:00"])
        try ok(["complete", "P2.c2", "submitted", "--as", "chenjing", "--now", "2025-03-10T10:00"])
        try ok(["send", "P2.c1", "issued", "--as", "chenjing", "--now", "2025-03-17T16:00"])
        try start("P2.c3", item: "规划许可", department: "规划局", limit: 10, agent: "chenjing", leader: "zhaomin",
                  at: "2025-03-20T09:00")
        try ok(["comment", "P1", "--comment", "本周无新手续", "--as", "zhangwei", "--now", "2025-03-24T09:00"])
        return fixture
    }

    static func stats(_ fixture: CLIFixture, _ arguments: [String]) throws -> JSONValue {
        let run = try fixture.run(["report", "stats", "--format", "json"] + arguments)
        try #require(run.status == 0, "\(run.stderr)")
        return try JSONValue.parse(Array(run.stdout.utf8))
    }

    static func row(_ stats: JSONValue, _ group: String) throws -> JSONValue {
        let rows = try #require(stats["rows"]?.arrayValue)
        return try #require(rows.first { $0["group"]?.stringValue == group }, "no row \(group) in \(rows)")
    }

    /// The figures of a row, in a fixed order, for one comparison per row:
    /// handled, onTime, onTimeRate, medianDays, p90Days, limitDays, medianToLimit,
    /// reminders, escalations, open, overdue (nil where JSON has null).
    static func figures(_ row: JSONValue) -> [Double?] {
        ["handled", "onTime", "onTimeRate", "medianDays", "p90Days", "limitDays", "medianToLimit", "reminders",
         "escalations", "open", "overdue"].map { row[$0]?.doubleValue }
    }

    @Test("by permit, leader and agent: the hand-worked figures, names never ids, the weekly trend")
    func scenarioFigures() throws {
        let fixture = try Self.scenario()
        let range = ["--from", "2025-03-03", "--to", "2025-03-21"]

        let byPermit = try Self.stats(fixture, range)
        #expect(byPermit["asOf"] == "2025-03-22T00:00:00+08:00")
        #expect(byPermit["by"] == "permit" && byPermit["workflow"] == "permit")
        #expect(Self.figures(try Self.row(byPermit, "环评审批")) == [2, 2, 1, 4, 5, 5, 0.8, 0, 0, 0, 0])
        #expect(Self.figures(try Self.row(byPermit, "施工许可")) == [1, 0, 0, 7, 7, 3, 2.3333, 2, 1, 1, 1])
        #expect(Self.figures(try Self.row(byPermit, "规划许可")) == [0, 0, nil, nil, nil, 10, nil, 0, 0, 1, 0])
        #expect(byPermit["rows"]?.arrayValue?.compactMap { $0["group"]?.stringValue } == ["环评审批", "施工许可", "规划许可"])
        // Days taken 3, 5, 7: median 5, P90 the 3rd of 3; limits 5, 3, 5: median 5.
        let total = try #require(byPermit["total"])
        #expect(total["group"] == "合计")
        #expect(Self.figures(total) == [3, 2, 0.6667, 5, 7, 5, 1, 2, 1, 2, 1])
        let weeks = try #require(byPermit["weeks"]?.arrayValue)
        #expect(weeks.map { [$0["week"], $0["from"], $0["to"], $0["handled"], $0["onTime"]] } == [
            ["2025-W10", "2025-03-03", "2025-03-09", 1, 1],
            ["2025-W11", "2025-03-10", "2025-03-16", 1, 0],
            ["2025-W12", "2025-03-17", "2025-03-21", 1, 1],
        ])

        // P2's permits say 赵敏, its project 李强: the root project decides.
        let byLeader = try Self.stats(fixture, range + ["--by", "leader"])
        #expect(byLeader["rows"]?.arrayValue?.compactMap { $0["group"]?.stringValue } == ["张伟", "李强"])
        #expect(Self.figures(try Self.row(byLeader, "张伟")) == [2, 1, 0.5, 5, 7, 4, 1.25, 2, 1, 0, 0])
        #expect(Self.figures(try Self.row(byLeader, "李强")) == [1, 1, 1, 5, 5, 5, 1, 0, 0, 2, 1])

        let byAgent = try Self.stats(fixture, range + ["--by", "agent"])
        #expect(byAgent["rows"]?.arrayValue?.compactMap { $0["group"]?.stringValue } == ["王芳", "陈静"])
        let byDepartment = try Self.stats(fixture, range + ["--by", "department"])
        #expect(Self.figures(try Self.row(byDepartment, "住建局")) == [1, 0, 0, 7, 7, 3, 2.3333, 2, 1, 1, 1])

        let table = try fixture.run(["report", "stats", "--by", "leader"] + range)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("办件时效统计（2025-03-03 至 2025-03-21）"))
        #expect(table.stdout.contains("包联领导  办结  按期  按期率"), "\(table.stdout)")
        #expect(table.stdout.contains("张伟      2     1     50.0%   5"), "\(table.stdout)")
        #expect(table.stdout.contains("合计      3     2     66.7%   5"), "\(table.stdout)")
        #expect(table.stdout.contains("2025-W11  03-10—03-16  1     0     0.0%"), "\(table.stdout)")
        for id in ["zhangwei", "liqiang", "zhaomin", "wangfang", "chenjing"] { #expect(!table.stdout.contains(id)) }
    }

    @Test("a range ending earlier sees the store as it was: issued later is open, and overdue")
    func earlierRange() throws {
        let fixture = try Self.scenario()
        // At 03-12 00:00: P1.c1 issued; P1.c2 open past its due (03-07); P2.c1 and P2.c2
        // open within theirs; P2.c3 not started.
        let stats = try Self.stats(fixture, ["--from", "2025-03-03", "--to", "2025-03-11"])
        #expect(stats["asOf"] == "2025-03-12T00:00:00+08:00")
        #expect(Self.figures(try #require(stats["total"])) == [1, 1, 1, 3, 3, 5, 0.6, 0, 0, 3, 1])
        #expect(Self.figures(try Self.row(stats, "施工许可")) == [0, 0, nil, nil, nil, 3, nil, 0, 0, 2, 1])
        // A range after the store's clock: nothing handled, open permits counted now.
        let later = try Self.stats(fixture, ["--from", "2025-04-01", "--to", "2025-04-30"])
        #expect(later["asOf"] == "2025-03-24T09:00:00+08:00")
        #expect(Self.figures(try #require(later["total"])) == [0, 0, nil, nil, nil, 6.5, nil, 0, 0, 2, 1])
    }

    @Test("csv, html and xlsx carry the same figures")
    func formats() throws {
        let fixture = try Self.scenario()
        let range = ["--from", "2025-03-03", "--to", "2025-03-21"]
        let csv = try fixture.run(["report", "stats", "--format", "csv"] + range)
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.components(separatedBy: "\r\n")
        #expect(lines.first?.hasPrefix("统计区间,手续事项,办结,按期,按期率（%）,用时中位数（工作日）") == true, "\(lines)")
        #expect(lines.contains("2025-03-03至2025-03-21,施工许可,1,0,0,7,7,3,233.3,2,1,1,1"), "\(lines)")
        #expect(lines.contains("2025-03-03至2025-03-21,合计,3,2,66.7,5,7,5,100,2,1,2,1"), "\(lines)")
        #expect(lines.contains("2025-03-03至2025-03-21,规划许可,0,0,,,,10,,0,0,1,0"), "\(lines)")
        #expect(lines.last == "")

        let html = try fixture.run(["report", "stats", "--format", "html", "--by", "leader"] + range)
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(html.stdout.contains("<svg") && html.stdout.contains("<polyline"))
        #expect(html.stdout.contains("50.0%（1/2）"))
        #expect(html.stdout.contains("@page{size:A4"))
        #expect(!html.stdout.contains("<script"))

        let xlsx = fixture.url.appendingPathComponent("时效.xlsx")
        let written = try fixture.run(["report", "stats", "--format", "xlsx", "--output", xlsx.path] + range)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("2 sheet(s)"))
        let bytes = try Data(contentsOf: xlsx)
        #expect(bytes.prefix(2) == Data("PK".utf8))
    }

    @Test("an empty range exits 0 with a message and an empty table")
    func emptyRange() throws {
        let fixture = try CLIFixture()
        let run = try fixture.run(["report", "stats", "--from", "2025-01-06", "--to", "2025-01-12"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2025-01-06 至 2025-01-12 没有办结的手续（permit）。"), "\(run.stdout)")
        #expect(run.stdout.contains("合计      0     0     —"), "\(run.stdout)")
        let json = try Self.stats(fixture, ["--from", "2025-01-06", "--to", "2025-01-12"])
        #expect(json["rows"]?.arrayValue?.isEmpty == true)
        #expect(json["total"]?["onTimeRate"] == .null)
        #expect(json["weeks"]?.arrayValue?.count == 1)
    }

    @Test("bad input exits 1 saying what is wrong, where, and how to fix it")
    func badInput() throws {
        let fixture = try CLIFixture()
        func refused(_ arguments: [String], _ message: String) throws {
            let run = try fixture.run(["report", "stats"] + arguments)
            #expect(run.status == 1, "\(arguments): \(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
        }
        try refused(["--from", "2025-03-21", "--to", "2025-03-03"],
                    "--from 2025-03-21 is after --to 2025-03-03; the range runs from --from to --to (both included): swap them")
        try refused(["--from", "2025-3-1", "--to", "2025-03-03"],
                    "--from '2025-3-1' is not a date; write it as YYYY-MM-DD, e.g. 2025-01-06")
        try refused(["--from", "2025-02-01", "--to", "2025-02-30"], "--to '2025-02-30' is not a date")
        try refused(["--from", "2025-03-01", "--to", "2025-03-03", "--by", "dept"],
                    "--by 'dept' is not a grouping; use permit, department, agent or leader")
        try refused(["--from", "2020-01-01", "--to", "2025-03-03"], "at most 1096 (three years)")
        let missing = try fixture.run(["report", "stats", "--from", "2025-03-01"])
        #expect(missing.status == 64)
    }

    @Test("the demo store: rows add up to the totals, weeks to the handled, leaders by name")
    func demoStore() throws {
        let directory = try TemporaryDirectory()
        let store = directory.url.appendingPathComponent("demo").path
        let demo = try agency(["demo", "--store", store, "--weeks", "6"], in: Self.repository)
        try #require(demo.status == 0, "\(demo.stderr)")
        // February, a whole month: the signed projects' plans (from February), nothing
        // completed yet (February's completion is reported on 02-28, after 6 weeks).
        let february = try agency(["report", "stats", "--store", store, "--from", "2025-02-01", "--to", "2025-02-28",
                                   "--format", "json"], in: Self.repository)
        let money = try #require(try JSONValue.parse(Array(february.stdout.utf8))["investment"]?.arrayValue)
        let total = try #require(money.last)
        #expect(total["group"] == "合计" && (total["planned"]?.doubleValue ?? 0) > 0 && total["completed"]?.doubleValue == 0)
        #expect(money.dropLast().compactMap { $0["projects"]?.intValue }.reduce(0, +) == total["projects"]?.intValue)
        for grouping in ["permit", "department", "agent", "leader"] {
            let run = try agency(["report", "stats", "--store", store, "--from", "2025-01-06", "--to", "2025-02-16",
                                  "--by", grouping, "--format", "json"], in: Self.repository)
            try #require(run.status == 0, "\(run.stderr)")
            let stats = try JSONValue.parse(Array(run.stdout.utf8))
            let rows = try #require(stats["rows"]?.arrayValue)
            let total = try #require(stats["total"])
            let handled = try #require(total["handled"]?.intValue)
            #expect(handled > 0)
            for key in ["handled", "onTime", "reminders", "escalations", "open", "overdue"] {
                #expect(rows.compactMap { $0[key]?.intValue }.reduce(0, +) == total[key]?.intValue, "\(grouping) \(key)")
            }
            #expect(stats["weeks"]?.arrayValue?.compactMap { $0["handled"]?.intValue }.reduce(0, +) == handled)
            // Investment counts whole months only: 01-06 to 02-16 holds none.
            #expect(stats["investment"]?.arrayValue?.isEmpty == true)
            if grouping == "leader" || grouping == "agent" {
                // Names from the directory (Chinese), never person ids (ASCII).
                for row in rows {
                    let name = try #require(row["group"]?.stringValue)
                    #expect(!name.unicodeScalars.contains { $0.isASCII }, "\(grouping): \(name)")
                }
            }
        }
    }
}
