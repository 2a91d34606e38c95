import AgencyJSON
import AgencyService
import AgencyTestRunner
import Foundation
import Testing
import WorkflowEngine

/// leave: submit → review (director) → done, the version instances are pinned to.
let pinnedLeave = """
return workflow {
  name = "leave",
  input = { applicant = "person" },
  start = "submit",
  states = {
    submit = task { title = "提交", assignee = "applicant", on = { submitted = "review" } },
    review = approval {
      title = "审批", approvers = { role("主任") }, rule = "any", due = workdays(2),
      on = { approved = "done", rejected = "submit" },
    },
    done = final { outcome = "approved" },
  },
}
"""

@Suite("agency test --replay")
struct ReplayCheckTests {
    /// Three instances: l1 approved, l2 waiting for the director (after agent2's refused
    /// attempt to approve), l3 in submit (after agent1's refused attempt to skip).
    func populated() throws -> ServiceFixture {
        let fixture = try ServiceFixture(workflows: ["leave": pinnedLeave])
        for id in ["l1", "l2", "l3"] {
            try fixture.start("leave", id: id, at: "2025-01-06T09:00", input: ["applicant": "agent1"])
        }
        for id in ["l1", "l2"] {
            _ = try fixture.service.execute(id, Command(kind: .complete, actor: "agent1", at: stamp("2025-01-06T10:00")))
        }
        _ = try fixture.service.execute("l1", Command(kind: .approve, actor: "director", at: stamp("2025-01-06T11:00")))
        #expect(throws: (any Error).self) {
            try fixture.service.execute("l2", Command(kind: .approve, actor: "agent2", at: stamp("2025-01-06T11:00")))
        }
        var skip = Command(kind: .complete, actor: "agent1", at: stamp("2025-01-06T12:00"))
        skip.event = "skip"
        #expect(throws: (any Error).self) { try fixture.service.execute("l3", skip) }
        return fixture
    }

    func check(_ fixture: ServiceFixture) throws -> ReplayReport {
        try ReplayCheck(service: try fixture.makeService()).run()
    }

    @Test("unchanged definitions: every instance replays the same")
    func unchanged() throws {
        let fixture = try populated()
        let report = try check(fixture)
        #expect(report.instances.map(\.outcome) == [.same, .same, .same])
        #expect(report.summaryLine == "3 instances: 3 same, 0 differ")
    }

    @Test("a changed route is found at the first record that behaves differently")
    func changedRoute() throws {
        let fixture = try populated()
        try fixture.write("leave", pinnedLeave
            .replacingOccurrences(of: "on = { approved = \"done\", rejected = \"submit\" }",
                                  with: "on = { approved = \"archive\", rejected = \"submit\" }")
            .replacingOccurrences(of: "    done = final",
                                  with: "    archive = task { title = \"归档\", assignee = \"applicant\", on = { filed = \"done\" } },\n    done = final"))
        let report = try check(fixture)
        #expect(report.instances.map(\.id) == ["l1", "l2", "l3"])
        guard case .differs(let seq, let record, let difference) = report.instances[0].outcome else {
            Issue.record("l1 should differ: \(report.text)")
            return
        }
        #expect(seq == 3)
        #expect(record.hasPrefix("approve by director at 2025-01-06T11:00:00+08:00"))
        #expect(difference.hasPrefix("status: pinned \"completed\", current \"running\""))
        #expect(report.instances[1].outcome == .same)
        #expect(report.instances[2].outcome == .same)
        #expect(report.summaryLine == "3 instances: 2 same, 1 differ")
        #expect(report.json["differ"] == 1)
        // Read-only: the store still verifies.
        #expect(try fixture.makeService().verify("l1").isOK)
    }

    @Test("a state the current file no longer has: the replay is refused there")
    func removedState() throws {
        let fixture = try populated()
        try fixture.write("leave", pinnedLeave
            .replacingOccurrences(of: "start = \"submit\"", with: "start = \"draft\"")
            .replacingOccurrences(of: "submit = task", with: "draft = task")
            .replacingOccurrences(of: "rejected = \"submit\"", with: "rejected = \"draft\""))
        let report = try check(fixture)
        guard case .differs(let seq, _, let difference) = report.instances[0].outcome else {
            Issue.record("l1 should differ: \(report.text)")
            return
        }
        #expect(seq == 1)
        #expect(difference.contains("state: pinned \"submit\", current \"draft\""))
    }

    @Test("a refusal the current definition would accept is reported")
    func nowAccepted() throws {
        let fixture = try populated()
        // submit gains a "skip" outcome: agent1's refused attempt on l3 would now pass.
        try fixture.write("leave", pinnedLeave.replacingOccurrences(
            of: "on = { submitted = \"review\" }", with: "on = { submitted = \"review\", skip = \"done\" }"))
        let report = try check(fixture)
        #expect(report.instances[2].outcome == .differs(
            seq: 2, record: "refused by agent1 at 2025-01-06T12:00:00+08:00",
            difference: "it was refused, and the current definition accepts it (the instance would go to state \"done\")"))
    }

    @Test("a workflow file that is gone leaves its instances unchecked")
    func missingFile() throws {
        let fixture = try populated()
        try FileManager.default.removeItem(at: fixture.workflows.appendingPathComponent("leave.lua"))
        let report = try check(fixture)
        guard case .unchecked(let reason) = report.instances[0].outcome else {
            Issue.record("l1 should be unchecked: \(report.text)")
            return
        }
        #expect(reason.contains("no workflow 'leave'"))
        #expect(report.differing == 3)
        #expect(report.text.contains("  UNCHECKED l1 (leave): no workflow 'leave'"))
    }
}
