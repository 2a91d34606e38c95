import AgencyService
import Testing
import WorkflowEngine
import WorkflowStore
import WorkflowStoreTestSupport

@Suite("tick: an idle tick does not list the instances waiting")
struct TickIdleCostTests {
    @Test("instances due at the same later moment: their markers are not listed")
    func sameMomentNotListed() throws {
        let counting = FaultInjectingFileSystem()
        let fixture = try ServiceFixture(workflows: ["hourly": hourlyWorkflow], fileSystem: counting)
        // All started at 09:00, so all first reminders share one due key (10:00).
        for n in 0..<25 { try fixture.start("hourly", id: "S\(n)", at: "2025-03-03T09:00") }
        counting.clearCalls()
        let idle = try fixture.tick(until: "2025-03-03T09:30")
        #expect(idle.fired.isEmpty)
        // The due folder itself is listed to find the earliest key; the key's folder of
        // 25 markers is not, since its moment is after `until`.
        let keyListings = counting.calls.filter { call in
            call.operation == .list && call.path.contains("/index/due/")
        }
        #expect(keyListings.isEmpty, "\(keyListings)")
        // Once the moment has come, the tick lists them and fires every one.
        let busy = try fixture.tick(until: "2025-03-03T10:00")
        #expect(busy.fired.count == 25)
    }

    @Test("due times whose timers were cancelled are pruned once a tick passes them, not before")
    func emptiedDueTimesArePruned() throws {
        let fixture = try ServiceFixture(workflows: ["hourly": hourlyWorkflow])
        try fixture.start("hourly", id: "E1", at: "2025-03-03T09:00")
        try fixture.start("hourly", id: "E2", at: "2025-03-03T11:00")
        var done = Command(kind: .complete, actor: "agent1", at: stamp("2025-03-03T09:30"))
        done.event = "done"
        _ = try fixture.service.execute("E1", done)
        // Completing E1 cancelled its timers; its next due time stays as an empty folder…
        let store = fixture.service.store
        let keys = try store.keys(kind: "due")
        #expect(keys.count == 2)
        #expect(try store.ids(kind: "due", key: keys[0]).isEmpty)
        #expect(try store.ids(kind: "due", key: keys[1]) == ["E2"])
        _ = try fixture.tick(until: "2025-03-03T09:45")
        #expect(try store.keys(kind: "due") == keys)
        // …until a tick passes it; E2's later one stays.
        let report = try fixture.tick(until: "2025-03-03T10:30")
        #expect(report.fired.isEmpty)
        #expect(try store.keys(kind: "due") == [keys[1]])
    }
}
