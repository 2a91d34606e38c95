import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// 撤销 and 催办 through the service: the store's index follows a completed instance back to
/// running, the revoke state's deadlines fire on tick, and the journal replays.
@Suite("Revoke and urge through the service")
struct RevokeServiceTests {
    static let filing = """
        return workflow {
          name = "filing",
          title = "备案",
          input = { agent = "person" },
          start = "review",
          revoke = "recheck",
          states = {
            review = approval {
              title = "主任审核", approvers = { role("主任") }, rule = "any", due = workdays(2),
              on = { approved = "done", rejected = "done" },
            },
            done = final { outcome = "filed" },
            recheck = task {
              title = "撤销复核", assignee = role("包联领导"), due = workdays(1),
              escalate = { { after = workdays(1), from = "due", escalate_to = role("主任"), level = "督办" } },
              on = { confirmed = "withdrawn", kept = "done" },
            },
            withdrawn = final { outcome = "withdrawn" },
          },
        }
        """

    func command(_ kind: Command.Kind, _ actor: String, _ time: String,
                 _ configure: (inout Command) -> Void = { _ in }) -> Command {
        var command = Command(kind: kind, actor: actor, at: stamp(time))
        configure(&command)
        return command
    }

    @Test("a revoked instance is running again in the index, its new item in the inbox, its timers fire")
    func revokeIndexAndTimers() throws {
        let fixture = try ServiceFixture(workflows: ["filing": Self.filing])
        try fixture.start("filing", id: "F1", at: "2025-03-03T09:00", input: ["agent": "agent1"])
        _ = try fixture.service.execute("F1", command(.urge, "agent1", "2025-03-03T10:00") { $0.comment = "请尽快" })
        #expect(try fixture.notifications(to: "director", kind: "催办").count == 1)
        _ = try fixture.service.execute("F1", command(.approve, "director", "2025-03-03T11:00"))
        #expect(try fixture.service.list(InstanceFilter(status: .completed)).map(\.id) == ["F1"])
        _ = try fixture.service.execute("F1", command(.revoke, "agent1", "2025-03-04T09:00") { $0.reason = "材料有误" })
        #expect(try fixture.service.list(InstanceFilter(status: .completed)).isEmpty)
        #expect(try fixture.service.list(InstanceFilter(status: .running)).map(\.id) == ["F1"])
        #expect(try fixture.service.inbox("leader1").map(\.1.title) == ["撤销复核"])
        let report = try fixture.tick(until: "2025-03-10T09:00")
        #expect(report.fired.contains { $0.instance == "F1" && $0.kind == "escalate" })
        #expect(try fixture.notifications(to: "director").contains { $0["level"]?.stringValue == "督办" })
        _ = try fixture.service.execute("F1", command(.complete, "leader1", "2025-03-10T10:00") { $0.event = "confirmed" })
        #expect(try fixture.instance("F1").outcome == "withdrawn")
        #expect(try fixture.records("F1", kind: "revoke").count == 1)
        #expect(try fixture.service.verify("F1").isOK)
    }

    @Test("a refused revoke is journaled and changes nothing")
    func refusedRevoke() throws {
        let fixture = try ServiceFixture(workflows: ["filing": Self.filing])
        try fixture.start("filing", id: "F2", at: "2025-03-03T09:00", input: ["agent": "agent1"])
        #expect(throws: (any Error).self) {
            _ = try fixture.service.execute("F2", command(.revoke, "agent1", "2025-03-03T10:00") { $0.reason = "x" })
        }
        #expect(try fixture.instance("F2").state == "review")
        #expect(try fixture.records("F2", kind: "refused").count == 1)
    }
}
