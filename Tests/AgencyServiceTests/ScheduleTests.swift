import AgencyCalendar
import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// A recurring workflow with the schedule given, e.g. `weekly { day = "MON", at = "09:00" }`.
func recurring(_ name: String, _ schedule: String, input: String = "") -> String {
    """
    return workflow {
      name = "\(name)", start = "compile",
      \(input.isEmpty ? "" : "input = \(input),")
      schedule = \(schedule),
      states = {
        compile = task { title = "编制调度周报", assignee = person("agent1"), on = { done = "z" } },
        z = final { },
      },
    }
    """
}

@Suite("schedules: holidays, exactly once, catch-up")
struct ScheduleTests {
    /// Enables `schedule` from `from`, ticks to `until` (virtual time from `now`) and
    /// returns "nominal-day → creation time" of each instance started, in start order.
    static func run(_ schedule: String, from: String, until: String, now: String? = nil)
        throws -> (started: [String], fixture: ServiceFixture) {
        let fixture = try ServiceFixture(workflows: ["dispatch": recurring("dispatch", schedule)])
        _ = try fixture.service.enableSchedule("dispatch", from: try #require(CivilDate(from)))
        let report = try fixture.tick(until: until, now: now ?? "\(from)T00:00")
        let started = try report.started.map { id in
            "\(id.dropFirst("dispatch-".count)) \(try fixture.instance(id).createdAt)"
        }
        return (started, fixture)
    }

    @Test("weekly MON 09:00, next_workday, across the Spring Festival 2025")
    func weeklySpringFestival() throws {
        let run = try Self.run("weekly { day = \"MON\", at = \"09:00\", shift = \"next_workday\" }",
                               from: "2025-01-20", until: "2025-02-15")
        #expect(run.started == [
            "2025-01-20 \(stamp("2025-01-20T09:00"))",
            "2025-01-27 \(stamp("2025-01-27T09:00"))",  // the Monday before 春节 is worked
            "2025-02-03 \(stamp("2025-02-05T09:00"))",  // 春节 until 02-04: Wednesday
            "2025-02-10 \(stamp("2025-02-10T09:00"))",
        ])
    }

    @Test("weekly MON 09:00, next_workday, across National Day 2025")
    func weeklyNationalDay() throws {
        let run = try Self.run("weekly { day = \"MON\", at = \"09:00\" }",
                               from: "2025-09-22", until: "2025-10-21")
        #expect(run.started == [
            "2025-09-22 \(stamp("2025-09-22T09:00"))",
            "2025-09-29 \(stamp("2025-09-29T09:00"))",
            "2025-10-06 \(stamp("2025-10-09T09:00"))",  // 国庆 10-01…10-08: Thursday
            "2025-10-13 \(stamp("2025-10-13T09:00"))",
            "2025-10-20 \(stamp("2025-10-20T09:00"))",
        ])
    }

    @Test("shift = skip starts nothing for a holiday Monday")
    func skip() throws {
        let run = try Self.run("weekly { day = \"MON\", at = \"09:00\", shift = \"skip\" }",
                               from: "2025-01-20", until: "2025-02-15")
        #expect(run.started.map { String($0.prefix(10)) } == ["2025-01-20", "2025-01-27", "2025-02-10"])
        #expect(try !run.fixture.instanceIDs().contains("dispatch-2025-02-03"))
        #expect(try run.fixture.service.schedules().first?.next == CivilDate("2025-02-11"))
    }

    @Test("shift = previous_workday moves a holiday Monday back to the last working day")
    func previousWorkday() throws {
        let run = try Self.run("weekly { day = \"MON\", at = \"10:30\", shift = \"previous_workday\" }",
                               from: "2025-09-22", until: "2025-10-14")
        #expect(run.started == [
            "2025-09-22 \(stamp("2025-09-22T10:30"))",
            "2025-09-29 \(stamp("2025-09-29T10:30"))",
            "2025-10-06 \(stamp("2025-09-30T10:30"))",  // before 国庆: Tuesday 09-30
            "2025-10-13 \(stamp("2025-10-13T10:30"))",
        ])
    }

    @Test("every 3 working days counts working days from the first occurrence, over 春节")
    func everyWorkdays() throws {
        let run = try Self.run("every { workdays = 3, at = \"08:30\" }", from: "2025-01-20", until: "2025-02-10")
        // 01-20; +3 → 01-23; +3 → 01-27 (01-26 Sun is a make-up day); +3 → 02-07.
        #expect(run.started == [
            "2025-01-20 \(stamp("2025-01-20T08:30"))",
            "2025-01-23 \(stamp("2025-01-23T08:30"))",
            "2025-01-27 \(stamp("2025-01-27T08:30"))",
            "2025-02-07 \(stamp("2025-02-07T08:30"))",
        ])
    }

    @Test("every N working days with from = a fixed anchor")
    func everyWorkdaysFrom() throws {
        let run = try Self.run("every { workdays = 3, from = \"2025-01-21\" }", from: "2025-01-20", until: "2025-02-09")
        #expect(run.started.map { String($0.prefix(10)) } == ["2025-01-21", "2025-01-24", "2025-02-05", "2025-02-08"])
    }

    @Test("monthly on the 1st: National Day moves October's, a Saturday moves November's")
    func monthly() throws {
        let run = try Self.run("monthly { day = 1, at = \"09:00\" }", from: "2025-09-01", until: "2025-11-15")
        #expect(run.started == [
            "2025-09-01 \(stamp("2025-09-01T09:00"))",
            "2025-10-01 \(stamp("2025-10-09T09:00"))",
            "2025-11-01 \(stamp("2025-11-03T09:00"))",
        ])
    }

    @Test("a late tick starts every missed occurrence, oldest first, at the tick's time")
    func lateTick() throws {
        let run = try Self.run("weekly { day = \"MON\", at = \"09:00\" }",
                               from: "2025-01-06", until: "2025-02-12T10:00", now: "2025-02-12T10:00")
        let late = stamp("2025-02-12T10:00")
        #expect(run.started == ["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27", "2025-02-03", "2025-02-10"]
            .map { "\($0) \(late)" })
    }

    @Test("ticking twice starts each occurrence once")
    func twice() throws {
        let run = try Self.run("weekly { day = \"MON\", at = \"09:00\" }", from: "2025-01-06", until: "2025-01-21")
        #expect(run.started.count == 3)
        let again = try run.fixture.tick(until: "2025-01-21")
        #expect(again.started.isEmpty)
        #expect(try run.fixture.instanceIDs().count == 3)
    }

    @Test("two ticks at once start each occurrence exactly once")
    func concurrentTicks() throws {
        let fixture = try ServiceFixture(workflows: ["dispatch": recurring("dispatch",
                                                                           "weekly { day = \"MON\", at = \"09:00\" }")])
        _ = try fixture.service.enableSchedule("dispatch", from: try #require(CivilDate("2025-01-06")))
        let services = [Handoff(try fixture.makeService()), Handoff(try fixture.makeService())]
        let started = SharedValue<[String]>([])
        let errors = SharedValue<[String]>([])
        concurrently(services.map { service in
            { @Sendable in
                do {
                    let report = try service.value.tick(until: shanghaiTime("2025-03-31"))
                    started.update { $0 += report.started }
                    errors.update { $0 += report.failed.map(\.error) }
                } catch {
                    errors.update { $0.append("\(error)") }
                }
            }
        })
        #expect(errors.value.isEmpty)
        // Mondays 01-06 … 03-24 (03-31 09:00 is after --until 03-31 00:00).
        #expect(started.value.count == 12)
        #expect(Set(started.value).count == 12)
        #expect(try fixture.instanceIDs().count == 12)
    }

    @Test("a schedule's input function gets the occurrence; an error there is reported, not fatal")
    func inputFunction() throws {
        let fixture = try ServiceFixture(workflows: [
            "dispatch": recurring("dispatch", """
                weekly { day = "MON", at = "09:00", input = function(occurrence)
                  return { week = occurrence.date }
                end }
                """, input: "{ week = \"date\" }"),
            "broken": recurring("broken", """
                weekly { day = "TUE", at = "09:00", input = function(occurrence) error("没有台账") end }
                """),
        ])
        let from = try #require(CivilDate("2025-01-06"))
        _ = try fixture.service.enableSchedule("dispatch", from: from)
        _ = try fixture.service.enableSchedule("broken", from: from)
        let report = try fixture.tick(until: "2025-01-14")
        #expect(report.started == ["dispatch-2025-01-06", "dispatch-2025-01-13"])
        #expect(try fixture.instance("dispatch-2025-01-13").input["week"]?.stringValue == "2025-01-13")
        #expect(report.failed.map(\.instance) == ["broken-2025-01-07"])
        #expect(report.failed.first?.error.contains("没有台账") == true)
        // The failing schedule stays where it was, for the next tick to try again.
        #expect(try fixture.service.schedules().first { $0.workflow == "broken" }?.next == CivilDate("2025-01-07"))
    }

    @Test("a schedule whose workflow file is gone is reported; timers still fire")
    func missingWorkflow() throws {
        let fixture = try ServiceFixture(workflows: [
            "dispatch": recurring("dispatch", "weekly { day = \"MON\", at = \"09:00\" }"),
            "hourly": hourlyWorkflow,
        ])
        let admin = try fixture.makeService()
        _ = try admin.enableSchedule("dispatch", from: try #require(CivilDate("2025-01-06")))
        try FileManager.default.removeItem(at: fixture.workflows.appendingPathComponent("dispatch.lua"))
        try fixture.start("hourly", id: "H1", at: "2025-01-06T08:00")
        let report = try fixture.tick(until: "2025-01-07", now: "2025-01-06T08:00")
        #expect(report.started.isEmpty)
        #expect(report.failed.count == 1)
        #expect(report.failed.first?.error.contains("no workflow 'dispatch'") == true)
        #expect(report.fired.count == 3)
    }

    @Test("a disabled schedule starts nothing")
    func disabled() throws {
        let fixture = try ServiceFixture(workflows: ["dispatch": recurring("dispatch",
                                                                           "weekly { day = \"MON\", at = \"09:00\" }")])
        _ = try fixture.service.enableSchedule("dispatch", from: try #require(CivilDate("2025-01-06")))
        try fixture.service.disableSchedule("dispatch")
        #expect(try fixture.tick(until: "2025-03-01").started.isEmpty)
    }
}
