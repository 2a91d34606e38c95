import AgencyCalendar
import AgencyJSON
import AgencyReports
import AgencyService
import Foundation
import Testing
import WorkflowEngine
import WorkflowStore

/// Provisional deadlines, re-planning and calendar versions at the service level.
@Suite struct ReplanTests {
    /// A task due in 20 working days, reminded twice after its due day, with colours; its
    /// enter hook stores a date it counts itself.
    static let task = """
        return workflow {
          name = "task",
          title = "事项",
          input = { agent = "person" },
          start = "work",
          states = {
            work = task {
              title = "办理",
              assignee = "agent",
              due = workdays(20),
              colors = { blue = workdays(3) },
              escalate = { { after = workdays(1), from = "due", remind = "assignee", every = workdays(1), times = 2 } },
              enter = function(ctx)
                ctx.data.planned = ctx:add_workdays(ctx.today, 20)
                ctx.data.planned_provisional = ctx:provisional(ctx.today, ctx.data.planned)
              end,
              on = { done = "done" },
            },
            done = final { outcome = "done" },
          },
        }
        """

    /// A 2027 layer: 春节 from 除夕 02-05 to 02-12 with 02-20 worked.
    static let layer2027 = CalendarLayer(
        name: "2027", years: [2027],
        holidays: Set(["2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
                       "2027-02-12"].compactMap(CivilDate.init)),
        workdays: Set(["2027-02-20"].compactMap(CivilDate.init)))

    func service(_ fixture: ServiceFixture, calendar: WorkCalendar) throws -> AgencyService {
        try fixture.makeService(calendar: calendar)
    }

    @Test func itemsPlannedThroughAProvisionalYearKeepTheirPlan() throws {
        let fixture = try ServiceFixture(workflows: ["task": Self.task])
        let started = try fixture.start("task", id: "t1", at: "2027-01-20T09:00", input: ["agent": "agent1"])
        let item = try #require(started.items.first)
        #expect(item.dueIsProvisional)
        #expect(item.plan?.from == stamp("2027-01-20T09:00"))
        #expect(item.plan?.due == "20wd")
        #expect(item.plan?.provisional == [2027])
        #expect(item.plan?.calendar == (try fixture.service.currentCalendarVersion()))
        #expect(started.data["planned_provisional"] == true)
        // Counted in 2026 only: a plan (for later calendar changes) with nothing provisional.
        let plain = try fixture.start("task", id: "t2", at: "2026-03-02T09:00", input: ["agent": "agent1"])
        #expect(plain.items.first?.plan?.provisional == [])
        #expect(plain.items.first?.dueIsProvisional == false)
        #expect(plain.data["planned_provisional"] == false)
    }

    @Test func aDeadlineEndingAtNewYearsMidnightIsNotProvisional() throws {
        // 5 working days from 2026-12-24: the last one is 12-31, due 2027-01-01 00:00. No
        // 2027 day is counted for the due time; the reminders after it are.
        let short = """
            return workflow {
              name = "short", input = { agent = "person" }, start = "work",
              states = {
                work = task { title = "办理", assignee = "agent", due = workdays(5), on = { done = "done" } },
                done = final { outcome = "done" },
              },
            }
            """
        let fixture = try ServiceFixture(workflows: ["short": short, "task": Self.task])
        let item = try #require(try fixture.start("short", id: "s1", at: "2026-12-24T09:00",
                                                  input: ["agent": "agent1"]).items.first)
        #expect(item.due == stamp("2027-01-01T00:00"))
        #expect(item.plan?.provisional == [])
        // The task's reminders count into 2027 after a due time in 2026: provisional.
        let task = try #require(try fixture.start("task", id: "t1", at: "2026-11-30T09:00",
                                                  input: ["agent": "agent1"]).items.first)
        #expect(task.due == stamp("2026-12-29T00:00"))
        #expect(task.plan?.provisional == [])
        let late = try #require(try fixture.start("task", id: "t2", at: "2026-12-02T09:00",
                                                  input: ["agent": "agent1"]).items.first)
        #expect(late.due == stamp("2026-12-31T00:00"))
        #expect(late.plan?.provisional == [2027], "its second reminder is the end of 2027-01-04")
    }

    @Test func reindexMakesTheNextSweepLookAtEveryPlannedInstance() throws {
        let fixture = try ServiceFixture(workflows: ["task": Self.task])
        try fixture.start("task", id: "t1", at: "2027-01-20T09:00", input: ["agent": "agent1"])
        try fixture.tick(until: "2027-01-20T10:00")
        #expect(try fixture.service.store.sweptCalendarVersion() != nil)
        _ = try fixture.service.rebuildIndex()
        #expect(try fixture.service.store.sweptCalendarVersion() == nil)
    }

    @Test func replanMovesDueAndPendingTimersAndLeavesFiredOnes() throws {
        let fixture = try ServiceFixture(workflows: ["task": Self.task])
        // 2027-01-20 + 20wd provisional: 02-05 and 02-08 off → last day 02-19, due 02-20 00:00.
        let started = try fixture.start("task", id: "t1", at: "2027-01-20T09:00", input: ["agent": "agent1"])
        #expect(started.items.first?.due == stamp("2027-02-20T00:00"))
        // The blue light (3 working days before: from 02-17) fires under the provisional plan.
        try fixture.tick(until: "2027-02-17T12:00")
        #expect(try fixture.instance("t1").items.first?.color == .blue)

        let official = try service(fixture, calendar: try WorkCalendar(layers: [Self.layer2027]))
        let report = try official.replanAfterCalendarChange(actor: "admin", at: shanghaiTime("2027-02-17T13:00"))
        #expect(report.entries.map(\.instance) == ["t1"])
        let replanned = try official.instance("t1")
        let item = try #require(replanned.items.first)
        // 02-09..02-12 off and 02-20 worked: three working days later, the end of 02-24.
        #expect(item.due == stamp("2027-02-25T00:00"))
        #expect(item.plan?.provisional == [])
        #expect(item.dueIsProvisional == false)
        #expect(item.color == .blue, "a colour that fired stays")
        let timers = replanned.timers.filter { $0.item == item.id }
        #expect(timers.filter { $0.kind == .blue }.isEmpty, "the fired blue timer is not planned again")
        #expect(timers.first { $0.kind == .due }?.at == stamp("2027-02-25T00:00"))
        // The end of the working day after the due day, then of the next one.
        #expect(timers.filter { $0.kind == .remind }.map(\.at) == [stamp("2027-02-26T00:00"), stamp("2027-02-27T00:00")])
        let record = try #require(try official.journal("t1").last)
        #expect(record["kind"] == "replan")
        #expect(record["details"]?["replanned"]?[0]?["before"] == .string(stamp("2027-02-20T00:00")))
        #expect(record["details"]?["replanned"]?[0]?["after"] == .string(stamp("2027-02-25T00:00")))
        // Nothing left to do: a second run writes nothing.
        #expect(try official.replanAfterCalendarChange(actor: "admin", at: shanghaiTime("2027-02-17T14:00")).entries.isEmpty)
        #expect(try official.journal("t1").count == 3)
    }

    @Test func verifyReplaysEachRecordWithItsOwnCalendarVersion() throws {
        // On disk: the test tampers with a stored calendar version's file.
        let fixture = try ServiceFixture(workflows: ["task": Self.task], onDisk: true)
        try fixture.start("task", id: "open", at: "2027-01-20T09:00", input: ["agent": "agent1"])
        try fixture.start("task", id: "closed", at: "2027-01-20T09:00", input: ["agent": "agent1"])
        _ = try fixture.service.execute("closed", {
            var command = Command(kind: .complete, actor: "agent1", at: stamp("2027-01-21T09:00"))
            command.event = "done"
            return command
        }())
        #expect(try fixture.service.verify("closed").isOK)

        // The calendar changes (a file added by hand): nothing is re-planned yet, and the
        // closed instance, whose item and Lua data were counted provisionally, still
        // replays exactly, because its records name the provisional calendar.
        let official = try service(fixture, calendar: try WorkCalendar(layers: [Self.layer2027]))
        #expect(try official.verify("closed").isOK)
        #expect(try official.verify("open").isOK)
        _ = try official.replanAfterCalendarChange(actor: "system", at: shanghaiTime("2027-01-22T09:00"))
        #expect(try official.verify("open").isOK)
        #expect(try official.instance("closed").items.first?.dueIsProvisional == true,
                "closed items keep what they were")
        let versions = try FileManager.default.contentsOfDirectory(atPath: fixture.storePath + "/environment/calendar")
        #expect(versions.count == 2)
        #expect(try fixture.service.store.sweptCalendarVersion() == (try official.currentCalendarVersion()))

        // A tampered calendar version is an integrity problem, not a silent re-count.
        let first = try #require(try official.journal("open").first?["calendar"]?.stringValue)
        let path = fixture.storePath + "/environment/calendar/\(first).json"
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try !service(fixture, calendar: try WorkCalendar(layers: [Self.layer2027])).verify("open").isOK)
    }

    @Test func aCommandOnAnInstanceReplansItFirst() throws {
        let fixture = try ServiceFixture(workflows: ["task": Self.task])
        try fixture.start("task", id: "t1", at: "2027-01-20T09:00", input: ["agent": "agent1"])
        let official = try service(fixture, calendar: try WorkCalendar(layers: [Self.layer2027]))
        var command = Command(kind: .comment, actor: "agent1", at: stamp("2027-01-21T09:00"))
        command.comment = "材料已收"
        _ = try official.execute("t1", command)
        #expect(try official.journal("t1").map { $0["kind"]?.stringValue } == ["start", "replan", "comment"])
    }

    @Test func aChangedDeclaredYearReplansToo() throws {
        // Planned with the 2027 layer; the layer is then corrected (02-15 off as well).
        let fixture = try ServiceFixture(workflows: ["task": Self.task])
        let first = try service(fixture, calendar: try WorkCalendar(layers: [Self.layer2027]))
        _ = try first.start("task", id: "t1", input: ["agent": "agent1"], actor: "agent1",
                            at: shanghaiTime("2027-01-20T09:00"))
        #expect(try first.instance("t1").items.first?.due == stamp("2027-02-25T00:00"))
        #expect(try first.replanAfterCalendarChange(actor: "system", at: shanghaiTime("2027-01-20T10:00")).entries.isEmpty)
        var corrected = Self.layer2027
        corrected.holidays.insert(CivilDate("2027-02-15")!)
        let second = try service(fixture, calendar: try WorkCalendar(layers: [corrected]))
        let report = try second.replanAfterCalendarChange(actor: "admin", at: shanghaiTime("2027-01-21T09:00"))
        #expect(report.entries.map(\.instance) == ["t1"])
        #expect(try second.instance("t1").items.first?.due == stamp("2027-02-26T00:00"))
        #expect(try second.verify("t1").isOK)
        // Items planned with the current calendar are not counted again (a migration, say).
        #expect(!second.engine.needsReplan(try second.instance("t1")))
    }

    @Test func onlyAdminsAndTheSystemReplan() throws {
        let fixture = try ServiceFixture(workflows: ["task": Self.task])
        try fixture.start("task", id: "t1", at: "2027-01-20T09:00", input: ["agent": "agent1"])
        let official = try service(fixture, calendar: try WorkCalendar(layers: [Self.layer2027]))
        let report = try official.replanAfterCalendarChange(actor: "agent1", at: shanghaiTime("2027-01-21T09:00"))
        #expect(report.entries.isEmpty)
        #expect(report.failed.first?.error.contains("admin") == true)
    }

    @Test func weeklyReportWarnsAndMarksProvisionalDueTimes() throws {
        let fixture = try ServiceFixture(workflows: ["task": Self.task])
        let warnings = fixture.service.calendarWarnings(asOf: shanghaiTime("2026-11-15T09:00"))
        #expect(warnings.first?.hasPrefix("2027 年放假安排尚未导入，到期时间按法定节日暂定") == true)
        #expect(fixture.service.calendarWarnings(asOf: shanghaiTime("2026-10-01T09:00")).isEmpty)
        let week = try #require(ISOWeek("2026-W49"))
        let report = try fixture.service.weeklyReport(week: week)
        #expect(report.warnings?.first?.contains("2027 年放假安排尚未导入") == true)
        #expect(report.markdown().contains("> 注意：2027 年放假安排尚未导入"))
        #expect(report.html().contains("注意：2027 年放假安排尚未导入"))
        #expect(try fixture.service.weeklyReport(week: try #require(ISOWeek("2026-W30"))).warnings == nil)
        #expect(ReportFormatting.due("2027-03-10T00:00:00+08:00", provisional: true) == "2027-03-10 00:00（暂定）")
        #expect(ReportFormatting.due("2026-03-10T00:00:00+08:00", provisional: nil) == "2026-03-10 00:00")
        let strict = try service(fixture, calendar: .officialStrict)
        #expect(strict.calendarWarnings(asOf: shanghaiTime("2026-12-01T09:00")).first?.contains("strict") == true)
    }
}
