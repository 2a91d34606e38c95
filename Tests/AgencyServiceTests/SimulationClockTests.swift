import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowEngine
import WorkflowStore

/// Time in a store runs forward: a simulation store's own clock, and commands on an
/// instance that may not be dated before its last record.
@Suite("simulation clock and time order")
struct SimulationClockTests {
    /// One task due in 2 working days, reminded after 1.
    static let task = """
        return workflow {
          name = "errand",
          title = "跑办",
          start = "run",
          states = {
            run = task {
              title = "跑办",
              assignee = person("agent1"),
              due = workdays(2),
              escalate = { { after = workdays(1), remind = "assignee" } },
              on = { done = "finished" },
            },
            finished = final {},
          },
        }
        """

    func complete(_ fixture: ServiceFixture, _ id: String, at time: String) throws -> CommandResult {
        var command = Command(kind: .complete, actor: "agent1", at: stamp(time))
        command.event = "done"
        return try fixture.service.execute(id, command)
    }

    @Test("the clock follows the latest command, start and tick, and never goes back")
    func clockAdvances() throws {
        let fixture = try ServiceFixture(workflows: ["errand": Self.task])
        #expect(try fixture.service.simulationClock() == nil)
        try fixture.start("errand", id: "E1", at: "2025-03-03T09:00")
        #expect(try fixture.service.simulationClock() == shanghaiTime("2025-03-03T09:00"))
        // An earlier start is allowed (days replayed side by side) and leaves the clock.
        try fixture.start("errand", id: "E2", at: "2025-03-01T09:00")
        #expect(try fixture.service.simulationClock() == shanghaiTime("2025-03-03T09:00"))
        try fixture.tick(until: "2025-03-04T18:00")
        #expect(try fixture.service.simulationClock() == shanghaiTime("2025-03-04T18:00"))
        // Another process on the same store reads the clock from the store.
        let other = try fixture.makeService()
        #expect(try other.simulationClock() == shanghaiTime("2025-03-04T18:00"))
        _ = try complete(fixture, "E1", at: "2025-03-05T10:00")
        #expect(try fixture.makeService().simulationClock() == shanghaiTime("2025-03-05T10:00"))
    }

    @Test("a command dated before the instance's last record is refused and changes nothing")
    func earlierCommandRefused() throws {
        let fixture = try ServiceFixture(workflows: ["errand": Self.task])
        try fixture.start("errand", id: "E1", at: "2025-03-05T09:00")
        let before = try fixture.records("E1").count
        let error = #expect(throws: ServiceError.self) { try complete(fixture, "E1", at: "2025-03-04T09:00") }
        #expect(error?.category == .invalid)
        #expect(error?.description.contains("before the last record of E1") == true)
        #expect(error?.description.contains("--now \(stamp("2025-03-05T09:00")) or later") == true)
        #expect(try fixture.records("E1").count == before)
        #expect(try fixture.instance("E1").status == .running)
        // The same time as the last record is fine.
        let done = try complete(fixture, "E1", at: "2025-03-05T09:00")
        #expect(done.instance.status == .completed)
    }

    @Test("a clock-dated command that waited for the lock while another writer committed is dated at that commit")
    func clockDatedCommandRedated() throws {
        let fixture = try ServiceFixture(workflows: ["errand": Self.task])
        try fixture.start("errand", id: "E1", at: "2025-03-05T09:00")
        // The clock read 2025-03-04T09:00 before another process committed at 03-05 09:00.
        var command = Command(kind: .complete, actor: "agent1", at: stamp("2025-03-04T09:00"))
        command.event = "done"
        let done = try fixture.service.execute("E1", command, clockDated: true)
        #expect(done.instance.status == .completed)
        #expect(try fixture.records("E1").last?["at"]?.stringValue == stamp("2025-03-05T09:00"))
    }

    @Test("a timer due before the instance's last record fires dated at that record")
    func lateTimerMovesForward() throws {
        let fixture = try ServiceFixture(workflows: ["errand": Self.task])
        try fixture.start("errand", id: "E1", at: "2025-03-03T09:00")
        // Someone comments on Thursday before any tick walked past Tuesday's reminder.
        var comment = Command(kind: .comment, actor: "agent1", at: stamp("2025-03-06T10:00"))
        comment.comment = "材料已备齐"
        _ = try fixture.service.execute("E1", comment)
        try fixture.tick(until: "2025-03-06T12:00")
        let times = try fixture.records("E1").compactMap { $0["at"]?.stringValue }
        #expect(times == times.sorted(), "the journal reads in time order: \(times)")
        let reminder = try #require(try fixture.records("E1", kind: "timer").first)
        #expect(reminder["at"]?.stringValue == stamp("2025-03-06T10:00"))
        #expect(reminder["details"]?["timer"]?["due"]?.stringValue == stamp("2025-03-05T00:00"))
        #expect(try fixture.service.verify("E1").isOK)
    }

    static let parent = """
        return workflow {
          name = "plan", title = "手续计划", start = "run",
          states = {
            run = subflow { workflow = "errand", on = { completed = "done", cancelled = "done", failed = "done" } },
            done = final {},
          },
        }
        """

    @Test("a parent's cancel reaches a child whose last record is later, dated at that record")
    func parentCancelMovesForward() throws {
        let fixture = try ServiceFixture(workflows: ["errand": Self.task, "plan": Self.parent])
        try fixture.start("plan", id: "P", at: "2025-03-03T09:00")
        var comment = Command(kind: .comment, actor: "agent1", at: stamp("2025-03-03T12:00"))
        comment.comment = "已到窗口"
        _ = try fixture.service.execute("P.c1", comment)
        var cancel = Command(kind: .cancel, actor: "admin", at: stamp("2025-03-03T10:00"))
        cancel.reason = "项目终止"
        let result = try fixture.service.execute("P", cancel)
        #expect(result.delivery.cancelled == ["P.c1"])
        let child = try fixture.instance("P.c1")
        #expect(child.status == .cancelled)
        #expect(try fixture.records("P.c1", kind: "cancel").first?["at"]?.stringValue == stamp("2025-03-03T12:00"))
        #expect(try fixture.service.verify("P.c1").isOK)
    }

    @Test("a store that is not for simulation keeps no clock")
    func realStoreHasNoClock() throws {
        let store = try MemoryStore(config: StoreConfig(simulation: false))
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("clock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(Self.task.utf8).write(to: root.appendingPathComponent("errand.lua"))
        let service = try AgencyService(store: store, workflowsFolder: root, people: zonePeople, calendar: .official)
        _ = try service.start("errand", id: "E1", input: [:], actor: "agent1", at: shanghaiTime("2025-03-03T09:00"))
        #expect(try service.simulationClock() == nil)
        #expect(try store.simulationClock() == nil)
    }
}
