import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// The 交办 → 催办 → 督办 ladder, colours and timeouts, fired by tick on a real store.
@Suite("ladder: reminders, escalation, colours, timeout")
struct LadderTests {
    /// Due in 5 working days; 催办 after 1 working day and again 1 later; 督办 to the
    /// 主任 after 3; blue 2 working days before the due time, yellow 1 before; on
    /// timeout the matter goes to the liaison leader.
    static let permit = """
        return workflow {
          name = "permit",
          title = "项目手续代办",
          start = "collect",
          states = {
            collect = task {
              title = "收集申报材料",
              assignee = person("agent1"),
              due = workdays(5),
              escalate = {
                { after = workdays(1), every = workdays(1), times = 2, remind = "assignee" },
                { after = workdays(3), escalate_to = role("主任"), level = "督办" },
              },
              colors = { blue = workdays(2), yellow = workdays(1) },
              timeout = "overdue",
              on = { submitted = "done" },
            },
            overdue = task { title = "超期协调", assignee = role("包联领导"), on = { resolved = "done" } },
            done = final { outcome = "filed" },
          },
        }
        """

    /// (time, timer kind) of every timer record in the journal, in order.
    static func fired(_ fixture: ServiceFixture, _ id: String) throws -> [String] {
        try fixture.records(id, kind: "timer").map { record in
            "\(record["at"]?.stringValue ?? "?") \(record["details"]?["timer"]?["kind"]?.stringValue ?? "?")"
        }
    }

    @Test("the full ladder: two reminders, 督办, blue → yellow → red, then the timeout moves on")
    func fullLadder() throws {
        let fixture = try ServiceFixture(workflows: ["permit": Self.permit])
        // Monday 2025-03-03 09:00; 5 working days → due at the end of Monday 03-10.
        let started = try fixture.start("permit", id: "P1", at: "2025-03-03T09:00")
        let item = try #require(started.openItems.first)
        #expect(item.due == stamp("2025-03-11T00:00"))
        #expect(item.color == .green)

        // Up to Thursday noon: both reminders, nothing else.
        try fixture.tick(until: "2025-03-06T12:00", now: "2025-03-03T09:00")
        var now = try #require(try fixture.instance("P1").item(item.id))
        #expect(now.reminders == 2)
        #expect(now.escalations.isEmpty)
        #expect(now.color == .green)
        #expect(try Self.fired(fixture, "P1") == [
            "\(stamp("2025-03-05T00:00")) remind",  // end of the 1st working day (03-04)
            "\(stamp("2025-03-06T00:00")) remind",  // one working day later
        ])

        // Friday: 督办 to the 主任 (end of 3rd working day) and blue (2 working days left).
        try fixture.tick(until: "2025-03-07T12:00")
        now = try #require(try fixture.instance("P1").item(item.id))
        #expect(now.escalations.map(\.to) == [["director"]])
        #expect(now.escalations.map(\.level) == ["督办"])
        #expect(now.escalations.map(\.at) == [stamp("2025-03-07T00:00")])
        #expect(now.color == .blue)

        // The weekend: yellow (only Monday is left).
        try fixture.tick(until: "2025-03-08T12:00")
        #expect(try fixture.instance("P1").item(item.id)?.color == .yellow)

        // Tuesday: overdue → red, and the timeout moves the matter to 超期协调.
        try fixture.tick(until: "2025-03-11T12:00")
        let instance = try fixture.instance("P1")
        let closed = try #require(instance.item(item.id))
        #expect(closed.color == .red)
        #expect(closed.status == .cancelled)
        #expect(instance.state == "overdue")
        #expect(instance.path.last?.event == "timeout")
        #expect(openAssignees(instance) == ["leader1"])
        #expect(instance.timers.isEmpty)

        // Every step is journaled, in time order.
        #expect(try Self.fired(fixture, "P1") == [
            "\(stamp("2025-03-05T00:00")) remind",
            "\(stamp("2025-03-06T00:00")) remind",
            "\(stamp("2025-03-07T00:00")) escalate",
            "\(stamp("2025-03-07T00:00")) blue",
            "\(stamp("2025-03-08T00:00")) yellow",
            "\(stamp("2025-03-11T00:00")) due",
        ])
        let last = try #require(try fixture.records("P1").last)
        #expect(last["details"]?["to"]?.stringValue == "overdue")

        // ... and each produced a notification that reached the notification box.
        #expect(try fixture.notifications(to: "agent1", kind: "催办").count == 2)
        let supervision = try fixture.notifications(kind: "督办")
        #expect(supervision.map { $0["to"]?.stringValue } == ["director"])
        #expect(supervision.first?["level"]?.stringValue == "督办")
        #expect(supervision.first?["title"]?.stringValue == "督办：收集申报材料")
        #expect(try fixture.notifications(to: "agent1", kind: "color").compactMap { $0["level"]?.stringValue }
                == ["blue", "yellow", "red"])
        #expect(try fixture.notifications(to: "leader1", kind: "assigned").count == 1)
        #expect(try fixture.service.store.pendingMessages().isEmpty)
        #expect(try fixture.service.verify("P1").problems.isEmpty)
    }

    @Test("a ladder step can remind someone other than the assignee, and repeat three times")
    func remindOthers() throws {
        let fixture = try ServiceFixture(workflows: ["nudge": """
            return workflow {
              name = "nudge", start = "a",
              states = {
                a = task {
                  title = "补正材料", assignee = person("agent2"), due = days(10),
                  escalate = { { after = days(1), every = days(2), times = 3, remind = person("leader1") } },
                  on = { done = "z" },
                },
                z = final { },
              },
            }
            """])
        try fixture.start("nudge", id: "N1", at: "2025-03-03T09:00")
        try fixture.tick(until: "2025-03-31", now: "2025-03-03T09:00")
        let reminders = try fixture.notifications(kind: "催办")
        #expect(reminders.map { $0["to"]?.stringValue } == ["leader1", "leader1", "leader1"])
        #expect(reminders.map { $0["at"]?.stringValue } == [
            stamp("2025-03-04T09:00"), stamp("2025-03-06T09:00"), stamp("2025-03-08T09:00"),
        ])
        #expect(try fixture.instance("N1").openItems.first?.reminders == 3)
    }

    static func approval(timeout: String) -> String {
        """
        return workflow {
          name = "review", start = "check",
          states = {
            check = approval {
              title = "主任审核", approvers = { role("主任") }, rule = "any",
              due = workdays(1), timeout = \(timeout),
              on = { approved = "passed", rejected = "refused", expired = "lapsed" },
            },
            passed = final { outcome = "approved" },
            refused = final { outcome = "rejected" },
            lapsed = final { outcome = "lapsed" },
          },
        }
        """
    }

    @Test("timeout = \"approve\" approves when the approver lets the deadline pass")
    func timeoutApproves() throws {
        let fixture = try ServiceFixture(workflows: ["review": Self.approval(timeout: "\"approve\"")])
        try fixture.start("review", id: "R1", at: "2025-03-03T09:00")
        let report = try fixture.tick(until: "2025-03-10", now: "2025-03-03T09:00")
        let instance = try fixture.instance("R1")
        #expect(instance.status == .completed)
        #expect(instance.outcome == "approved")
        #expect(instance.path.last?.at == stamp("2025-03-05T00:00"))
        #expect(report.fired.map(\.kind) == ["due"])
        #expect(try fixture.notifications(to: "director", kind: "color").first?["level"]?.stringValue == "red")
    }

    @Test("timeout = \"reject\" rejects")
    func timeoutRejects() throws {
        let fixture = try ServiceFixture(workflows: ["review": Self.approval(timeout: "\"reject\"")])
        try fixture.start("review", id: "R2", at: "2025-03-03T09:00")
        try fixture.tick(until: "2025-03-10", now: "2025-03-03T09:00")
        #expect(try fixture.instance("R2").outcome == "rejected")
    }

    @Test("timeout = function(ctx) runs the function and takes the event it returns")
    func timeoutFunction() throws {
        let fixture = try ServiceFixture(workflows: ["review": Self.approval(
            timeout: "function(ctx) ctx.data.expired_at = ctx.now; return \"expired\" end")])
        try fixture.start("review", id: "R3", at: "2025-01-24T15:00")
        try fixture.tick(until: "2025-02-28", now: "2025-01-24T15:00")
        let instance = try fixture.instance("R3")
        #expect(instance.outcome == "lapsed")
        // 1 working day after Friday 01-24 is Sunday 01-26 (a make-up working day).
        #expect(instance.data["expired_at"]?.stringValue == stamp("2025-01-27T00:00"))
        #expect(try fixture.records("R3", kind: "timer").count == 1)
    }

    @Test("in a sequential approval the next approver's due time and ladder start at their turn")
    func sequentialTurns() throws {
        let fixture = try ServiceFixture(workflows: ["sign": """
            return workflow {
              name = "sign", start = "check",
              states = {
                check = approval {
                  title = "逐级审核", approvers = { person("leader1"), role("主任") }, rule = "sequential",
                  due = workdays(2),
                  escalate = { { after = workdays(1), remind = "assignee" } },
                  on = { approved = "done", rejected = "done" },
                },
                done = final { },
              },
            }
            """])
        let started = try fixture.start("sign", id: "Q1", at: "2025-03-03T09:00")
        #expect(started.items.map(\.due) == [stamp("2025-03-06T00:00"), nil])
        try fixture.tick(until: "2025-03-05T09:00", now: "2025-03-03T09:00")
        #expect(try fixture.notifications(kind: "催办").map { $0["to"]?.stringValue } == ["leader1"])
        _ = try fixture.service.execute("Q1", Command(kind: .approve, actor: "leader1", at: stamp("2025-03-05T10:00")))
        let director = try #require(try fixture.instance("Q1").openItems.first)
        #expect(director.assignee == "director")
        #expect(director.due == stamp("2025-03-08T00:00"))  // two working days from Wednesday
        try fixture.tick(until: "2025-03-07T09:00")
        #expect(try fixture.notifications(to: "director", kind: "催办").map { $0["at"]?.stringValue }
                == [stamp("2025-03-07T00:00")])
    }

    @Test("a wait's due time and timeout go to a state; deciding in time cancels the ladder")
    func decidedInTime() throws {
        let fixture = try ServiceFixture(workflows: ["permit": Self.permit])
        try fixture.start("permit", id: "P2", at: "2025-03-03T09:00")
        try fixture.tick(until: "2025-03-05T12:00", now: "2025-03-03T09:00")
        var command = Command(kind: .complete, actor: "agent1", at: stamp("2025-03-05T12:00"))
        command.event = "submitted"
        _ = try fixture.service.execute("P2", command)
        let report = try fixture.tick(until: "2025-03-31")
        #expect(report.fired.isEmpty)
        #expect(try fixture.instance("P2").outcome == "filed")
        #expect(try fixture.records("P2", kind: "timer").count == 1)
    }
}

/// The open items' assignees, sorted.
func openAssignees(_ instance: Instance) -> [String] {
    instance.openItems.map(\.assignee).sorted()
}
