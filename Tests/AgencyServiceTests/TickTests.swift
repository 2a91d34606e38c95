import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowEngine
import WorkflowStore
import WorkflowStoreTestSupport

/// A task due in 4 hours, reminded after 1 and 2 hours: three timers per instance.
let hourlyWorkflow = """
    return workflow {
      name = "hourly", start = "work",
      states = {
        work = task {
          title = "当日办结", assignee = person("agent1"), due = hours(4),
          escalate = { { after = hours(1), every = hours(1), times = 2, remind = "assignee" } },
          on = { done = "z" },
        },
        z = final { },
      },
    }
    """

@Suite("tick: exactly once, catch-up, failures, cost")
struct TickTests {
    @Test("a tick run twice fires each timer once")
    func twice() throws {
        let fixture = try ServiceFixture(workflows: ["hourly": hourlyWorkflow])
        try fixture.start("hourly", id: "H1", at: "2025-03-03T09:00")
        let first = try fixture.tick(until: "2025-03-03T18:00", now: "2025-03-03T09:00")
        #expect(first.fired.map(\.kind) == ["remind", "remind", "due"])
        let journal = try fixture.records("H1")
        let second = try fixture.tick(until: "2025-03-03T18:00")
        #expect(second.fired.isEmpty)
        #expect(second.failed.isEmpty)
        #expect(try fixture.records("H1") == journal)
        #expect(try fixture.notifications(kind: "催办").count == 2)
    }

    @Test("two ticks at once, each with its own service, fire every timer exactly once")
    func concurrentTicks() throws {
        let fixture = try ServiceFixture(workflows: ["hourly": hourlyWorkflow])
        let ids = (1...12).map { "C\($0)" }
        for (n, id) in ids.enumerated() {
            try fixture.start("hourly", id: id, at: "2025-03-03T09:\(String(format: "%02d", n))")
        }
        let services = [Handoff(try fixture.makeService()), Handoff(try fixture.makeService())]
        let reports = SharedValue<[TickReport]>([])
        let errors = SharedValue<[String]>([])
        concurrently(services.map { service in
            { @Sendable in
                do {
                    let report = try service.value.tick(until: shanghaiTime("2025-03-04"), now: shanghaiTime("2025-03-03T09:00"))
                    reports.update { $0.append(report) }
                } catch {
                    errors.update { $0.append("\(error)") }
                }
            }
        })
        #expect(errors.value.isEmpty)
        #expect(reports.value.flatMap(\.failed).isEmpty)
        let fired = reports.value.flatMap(\.fired)
        #expect(fired.count == 3 * ids.count)
        #expect(Set(fired.map { "\($0.instance) \($0.timer)" }).count == fired.count)
        for id in ids {
            let kinds = try fixture.records(id).map { $0["kind"]?.stringValue ?? "" }
            #expect(kinds == ["start", "timer", "timer", "timer"], "\(id)")
            #expect(try fixture.service.verify(id).problems.isEmpty)
        }
        #expect(try fixture.notifications(kind: "催办").count == 2 * ids.count)
        #expect(try fixture.notifications(kind: "color").count == ids.count)
    }

    @Test("a late tick catches up: every missed timer fires, oldest first, at the tick's time")
    func lateTick() throws {
        let fixture = try ServiceFixture(workflows: ["hourly": hourlyWorkflow])
        try fixture.start("hourly", id: "L1", at: "2025-03-03T09:00")
        try fixture.start("hourly", id: "L2", at: "2025-03-03T09:30")
        // Nobody ran tick for three days.
        let report = try fixture.tick(until: "2025-03-06T08:00", now: "2025-03-06T08:00")
        #expect(report.fired.map { "\($0.instance) \($0.kind)" } == [
            "L1 remind", "L2 remind", "L1 remind", "L2 remind", "L1 due", "L2 due",
        ])
        #expect(Set(report.fired.map(\.at)) == [stamp("2025-03-06T08:00")])
        let records = try fixture.records("L1", kind: "timer")
        #expect(records.map { $0["details"]?["timer"]?["kind"]?.stringValue } == ["remind", "remind", "due"])
        #expect(try fixture.instance("L1").openItems.first?.color == .red)
    }

    @Test("--until walks virtual time: each timer fires at its own time")
    func virtualTime() throws {
        let fixture = try ServiceFixture(workflows: ["hourly": hourlyWorkflow])
        try fixture.start("hourly", id: "V1", at: "2025-03-03T09:00")
        let report = try fixture.tick(until: "2025-03-03T12:30", now: "2025-03-03T09:00")
        #expect(report.fired.map(\.at) == [stamp("2025-03-03T10:00"), stamp("2025-03-03T11:00")])
        #expect(try fixture.instance("V1").timers.map(\.kind) == [.due])
    }

    static let fragile = """
        return workflow {
          name = "fragile", start = "a", input = { bad = "boolean?" },
          states = {
            a = task {
              title = "办理", assignee = person("agent1"), due = workdays(1),
              timeout = function(ctx)
                if ctx.data.bad then
                  local missing = nil
                  return missing.event
                end
                return "expired"
              end,
              on = { expired = "z", done = "z" },
            },
            z = final { outcome = "closed" },
          },
        }
        """

    @Test("a script error while firing fails only that instance; retry after migrate resumes it")
    func scriptError() throws {
        let fixture = try ServiceFixture(workflows: ["fragile": Self.fragile])
        try fixture.start("fragile", id: "F1", at: "2025-03-03T09:00", input: ["bad": true])
        try fixture.start("fragile", id: "F2", at: "2025-03-03T09:00")
        let report = try fixture.tick(until: "2025-03-10", now: "2025-03-03T09:00")

        // The tick went on with F2 and reported F1.
        #expect(report.failed.map(\.instance) == ["F1"])
        #expect(report.failed.first?.error.contains("attempt to index a nil value") == true)
        #expect(try fixture.instance("F2").outcome == "closed")
        let failed = try fixture.instance("F1")
        #expect(failed.status == .failed)
        let incident = try #require(failed.incident)
        #expect(incident.message.contains("fragile.lua:9:"))
        #expect(incident.traceback?.contains("fragile.lua:9") == true)
        #expect(incident.command == "timer")
        #expect(try fixture.records("F1", kind: "incident").count == 1)
        #expect(try fixture.service.verify("F1").problems.isEmpty)
        // A failed instance is not due any more: the next tick leaves it alone.
        let again = try fixture.tick(until: "2025-03-11")
        #expect(again.failed.isEmpty && again.fired.isEmpty)

        // Fix the definition, migrate (a new process would see the new file), retry.
        try fixture.write("fragile", Self.fragile.replacingOccurrences(of: "return missing.event",
                                                                       with: "return \"expired\""))
        let admin = try fixture.makeService()
        _ = try admin.migrate("F1", mapping: [:], actor: "admin", at: shanghaiTime("2025-03-11T10:00"),
                              reason: "修复 timeout 函数", dryRun: false)
        _ = try admin.execute("F1", Command(kind: .retry, actor: "admin", at: stamp("2025-03-11T10:05")))
        #expect(try admin.instance("F1").status == .running)
        let resumed = try admin.tick(until: shanghaiTime("2025-03-11T10:10"))
        #expect(resumed.failed.isEmpty)
        #expect(resumed.fired.map(\.instance) == ["F1"])
        let done = try admin.instance("F1")
        #expect(done.outcome == "closed")
        #expect(done.incident == nil)
        #expect(try admin.verify("F1").problems.isEmpty)
    }

    @Test("an escalation to a role nobody holds fails the instance instead of stalling tick")
    func misconfiguredLadder() throws {
        let fixture = try ServiceFixture(workflows: ["stuck": """
            return workflow {
              name = "stuck", start = "a",
              states = {
                a = task {
                  title = "办理", assignee = person("agent1"), due = days(3),
                  escalate = { { after = days(1), escalate_to = role("纪委"), level = "督办" } },
                  on = { done = "z" },
                },
                z = final { },
              },
            }
            """, "hourly": hourlyWorkflow])
        try fixture.start("stuck", id: "S1", at: "2025-03-03T09:00")
        try fixture.start("hourly", id: "S2", at: "2025-03-03T09:00")
        let report = try fixture.tick(until: "2025-03-10", now: "2025-03-03T09:00")
        #expect(report.failed.map(\.instance) == ["S1"])
        #expect(report.failed.first?.error.contains("纪委") == true)
        #expect(try fixture.instance("S1").status == .failed)
        #expect(report.fired.filter { $0.instance == "S2" }.count == 3)
    }

    @Test("an instance another process holds is reported busy (on PostgreSQL: skipped at once); the tick still finishes the rest")
    func busyInstance() throws {
        let fixture = try ServiceFixture(workflows: ["hourly": hourlyWorkflow], lockTimeoutSeconds: 0.2)
        try fixture.start("hourly", id: "B1", at: "2025-03-03T09:00")
        try fixture.start("hourly", id: "B2", at: "2025-03-03T09:00")
        let holder = try fixture.makeService().store
        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        let thread = Thread {
            _ = try? holder.withInstanceLock("B1") {
                locked.signal()
                release.wait()
            }
            released.signal()
        }
        thread.start()
        locked.wait()
        let report = try fixture.tick(until: "2025-03-04", now: "2025-03-03T09:00")
        release.signal()
        released.wait()
        if ServiceFixture.postgresURL != nil {
            // A PostgreSQL store's tick claims without waiting (Docs/storage.md, "Ticking
            // from several nodes"): the held instance is skipped, not a failure.
            #expect(report.failed.isEmpty)
            #expect(report.claimedElsewhere == ["B1"])
        } else {
            #expect(report.failed.map(\.instance) == ["B1"])
            #expect(report.failed.first?.error.contains("busy") == true)
        }
        #expect(report.fired.filter { $0.instance == "B2" }.count == 3)
        // Once free, the next tick fires B1's timers.
        let later = try fixture.tick(until: "2025-03-04")
        #expect(later.fired.filter { $0.instance == "B1" }.count == 3)
    }

    @Test("deadlines in working days appear on items, across the Spring Festival and National Day")
    func workingDayDeadlines() throws {
        let fixture = try ServiceFixture(workflows: ["limits": """
            return workflow {
              name = "limits", start = "a", input = { limit = "integer" },
              states = {
                a = task {
                  title = "受理", assignee = person("agent1"), due = workdays(3),
                  on = { done = "b" },
                },
                b = task {
                  title = "审批", assignee = person("agent2"),
                  due = function(ctx) return workdays(ctx.data.limit) end,
                  on = { done = "z" },
                },
                z = final { },
              },
            }
            """])
        // Friday 01-24: 01-26 (Sun, make-up), 01-27, then 春节 01-28…02-04, then 02-05.
        let spring = try fixture.start("limits", id: "D1", at: "2025-01-24T15:00", input: ["limit": 5])
        #expect(spring.openItems.first?.due == stamp("2025-02-06T00:00"))
        // Tuesday 09-30: 国庆 10-01…10-08, then 10-09, 10-10, 10-11 (Sat, make-up).
        try fixture.start("limits", id: "D2", at: "2025-09-30T09:00", input: ["limit": 20])
        let inbox = try fixture.service.inbox("agent1")
        #expect(inbox.map { $0.1.due } == [stamp("2025-02-06T00:00"), stamp("2025-10-12T00:00")])
        // A due time computed by Lua from data: 20 working days after 09-26 is 10-30.
        try fixture.start("limits", id: "D3", at: "2025-09-26T10:00", input: ["limit": 20])
        var done = Command(kind: .complete, actor: "agent1", at: stamp("2025-09-26T11:00"))
        done.event = "done"
        let moved = try fixture.service.execute("D3", done).instance
        #expect(moved.openItems.first?.due == stamp("2025-10-31T00:00"))
    }

    @Test("a tick with nothing due reads no instance file, however many instances there are")
    func costFollowsDueWork() throws {
        func callsOfIdleTick(instances: Int) throws -> (idle: [FaultInjectingFileSystem.Call], busy: Int) {
            let counting = FaultInjectingFileSystem()
            let fixture = try ServiceFixture(workflows: ["hourly": hourlyWorkflow], fileSystem: counting)
            for n in 0..<instances {
                try fixture.start("hourly", id: "K\(n)", at: "2025-03-03T\(String(format: "%02d", 8 + n / 60)):\(String(format: "%02d", n % 60))")
            }
            counting.clearCalls()
            // Before the last start, so neither fixture moves its simulation clock.
            let idle = try fixture.tick(until: "2025-03-03T08:00")
            #expect(idle.fired.isEmpty)
            let idleCalls = counting.calls
            counting.clearCalls()
            let busy = try fixture.tick(until: "2025-03-04")
            #expect(busy.fired.count == 3 * instances)
            let instanceReads = counting.calls.filter { $0.path.contains("/instances/") && $0.operation == .read }
            return (idleCalls, instanceReads.count)
        }
        let small = try callsOfIdleTick(instances: 3)
        let large = try callsOfIdleTick(instances: 40)
        for calls in [small.idle, large.idle] {
            #expect(calls.filter { $0.path.contains("/instances/") || $0.path.contains("/journal/") }.isEmpty,
                    "\(calls)")
        }
        // The idle tick's file-system work does not grow with the number of instances ...
        #expect(small.idle.count == large.idle.count, "\(small.idle) vs \(large.idle)")
        // ... while a tick that fires reads the instances it fires.
        #expect(large.busy >= 40)
    }
}
