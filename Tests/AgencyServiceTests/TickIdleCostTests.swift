import AgencyService
import Testing
import WorkflowStore

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
}
