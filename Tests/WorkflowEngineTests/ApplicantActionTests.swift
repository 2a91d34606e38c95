import AgencyJSON
import Foundation
import LuaRuntime
import Testing
@testable import WorkflowEngine

/// An application the agent starts; three leaders approve; POLICY holds the urge and
/// revoke keys of each test.
let applicantFlow = """
return workflow {
  name = "apply",
  title = "项目备案",
  input = { agent = "person" },
  start = "review",
  POLICY
  states = {
    review = approval {
      title = "领导会签", approvers = { role("包联领导") }, rule = "all",
      -- reopen: only an admin's goto takes it; it keeps recheck reachable without revoke.
      on = { approved = "done", rejected = "refused", reopen = "recheck" },
    },
    done = final { outcome = "approved" },
    refused = final { outcome = "rejected" },
    recheck = task { title = "撤销审核", assignee = person("director"), on = { confirmed = "revoked", kept = "done" } },
    revoked = final { outcome = "revoked" },
  },
}
"""

func applicantHarness(_ policy: String) throws -> (EngineHarness, Instance) {
    let harness = try EngineHarness(applicantFlow.replacingOccurrences(of: "POLICY", with: policy))
    let instance = try harness.start("apply", input: ["agent": "agent1"]).instance
    return (harness, instance)
}

@Suite("The applicant's 催办 and 撤销")
struct ApplicantActionTests {
    @Test("urge notifies every open item's assignee and records 'urge' on each item")
    func urge() throws {
        let (h, start) = try applicantHarness("")
        let outcome = try h.engine.apply(h.command(.urge, "agent1") { $0.comment = "企业急等开工" }, to: start)
        #expect(outcome.notifications.map(\.to).sorted() == ["leader1", "leader2", "leader3"])
        #expect(outcome.notifications.allSatisfy { $0.kind == "催办" && $0.title == "催办：领导会签" })
        #expect(outcome.notifications.first?.body == "王代办 (agent1) 催办「项目备案」i1 的「领导会签」：企业急等开工"
                    || outcome.notifications.first?.body.contains("催办「项目备案」i1 的「领导会签」：企业急等开工") == true)
        #expect(outcome.instance.openItems.allSatisfy { $0.history.last?.action == "urge" })
        #expect(outcome.record["details"]?["urged"]?.arrayValue?.count == 3)
        #expect(outcome.record["kind"] == "urge")
    }

    @Test("urge: only the initiator or an admin, at most once an hour by default")
    func urgeLimits() throws {
        let (h, start) = try applicantHarness("")
        #expect(h.refusal(start, .urge, as: "leader1")?.code == "not_permitted")
        var instance = try h.apply(start, .urge, as: "agent1")
        h.now = "2025-03-03T09:59:00+08:00"
        let error = h.refusal(instance, .urge, as: "agent1")
        #expect(error?.code == "conflict")
        #expect(error?.description == "i1 was urged at 2025-03-03T09:00:00+08:00; the next urge is possible "
                    + "from 2025-03-03T10:00:00+08:00 (urge_interval = 1h)")
        #expect(h.refusal(instance, .urge, as: "admin")?.code == "conflict")
        h.now = "2025-03-03T10:00:00+08:00"
        instance = try h.apply(instance, .urge, as: "admin")
        #expect(instance.openItems.allSatisfy { $0.history.filter { $0.action == "urge" }.count == 2 })
    }

    @Test("urge_interval changes the limit; urge = false forbids urging")
    func urgePolicy() throws {
        let (h, start) = try applicantHarness("urge_interval = workdays(1),")
        let instance = try h.apply(start, .urge, as: "agent1")
        h.now = "2025-03-03T23:00:00+08:00"
        #expect(h.refusal(instance, .urge, as: "agent1")?.description.contains("from 2025-03-05T00:00:00+08:00") == true)
        let (h2, start2) = try applicantHarness("urge = false,")
        #expect(h2.refusal(start2, .urge, as: "agent1")?.description.contains("urge = false") == true)
        #expect(problems(applicantFlow.replacingOccurrences(of: "POLICY", with: "urge = false, urge_interval = hours(2),"))
                    .contains { $0.contains("urge_interval is set but urge = false") })
    }

    @Test("urge needs a running instance with open items of someone else")
    func urgeNothing() throws {
        let (h, start) = try applicantHarness("")
        var instance = start
        for leader in ["leader1", "leader2", "leader3"] { instance = try h.apply(instance, .approve, as: leader) }
        #expect(instance.status == .completed)
        #expect(h.refusal(instance, .urge, as: "agent1")?.description.contains("is completed") == true)
    }

    @Test("revoke into a task: the instance runs again there, journaled with the reason")
    func revokeToTask() throws {
        let (h, start) = try applicantHarness("revoke = \"recheck\",")
        var instance = start
        for leader in ["leader1", "leader2", "leader3"] { instance = try h.apply(instance, .approve, as: leader) }
        #expect(instance.outcome == "approved")
        h.now = "2025-03-10T09:00:00+08:00"
        #expect(h.refusal(instance, .revoke, as: "agent1")?.description == "revoke needs a reason (--reason \"...\")")
        #expect(h.refusal(instance, .revoke, as: "leader1") { $0.reason = "x" }?.code == "not_permitted")
        let outcome = try h.engine.apply(h.command(.revoke, "agent1") { $0.reason = "企业撤回备案" }, to: instance)
        instance = outcome.instance
        #expect(instance.status == .running && instance.outcome == nil)
        #expect(instance.state == "recheck")
        #expect(instance.path.last?.event == "revoke")
        #expect(openAssignees(instance) == ["director"])
        #expect(instance.comments.last?.action == "revoke" && instance.comments.last?.comment == "企业撤回备案")
        #expect(outcome.record["details"]?["revoked"] == "approved")
        instance = try h.apply(instance, .complete, as: "director") { $0.event = "confirmed" }
        #expect(instance.status == .completed && instance.outcome == "revoked")
        // Once: the 主任 kept it instead of confirming, and the applicant tries again.
        let kept = try h.apply(outcome.instance, .complete, as: "director") { $0.event = "kept" }
        #expect(kept.status == .completed)
        let again = h.refusal(kept, .revoke, as: "agent1") { $0.reason = "再次撤销" }
        #expect(again?.code == "conflict")
        #expect(again?.description.contains("was already revoked (撤销)") == true, "\(again?.description ?? "")")
    }

    @Test("revoke into a final state ends the instance again with that outcome, once")
    func revokeToFinal() throws {
        let (h, start) = try applicantHarness("revoke = \"revoked\", revoke_by = role(\"主任\"),")
        var instance = start
        for leader in ["leader1", "leader2", "leader3"] { instance = try h.apply(instance, .approve, as: leader) }
        #expect(h.refusal(instance, .revoke, as: "agent1") { $0.reason = "x" }?.code == "not_permitted")
        instance = try h.apply(instance, .revoke, as: "director") { $0.reason = "备案有误" }
        #expect(instance.status == .completed && instance.outcome == "revoked")
        #expect(h.refusal(instance, .revoke, as: "director") { $0.reason = "x" }?.description
                    .contains("already ended in the revoke state") == true)
    }

    @Test("revoke is refused where not allowed, while running, after revoke_within, and for subflows")
    func revokeRefusals() throws {
        let (h, start) = try applicantHarness("")
        #expect(h.refusal(start, .revoke, as: "agent1") { $0.reason = "x" }?.description
                    .contains("does not allow revoking") == true)
        let (h2, start2) = try applicantHarness("revoke = \"recheck\", revoke_within = workdays(2),")
        #expect(h2.refusal(start2, .revoke, as: "agent1") { $0.reason = "x" }?.description
                    == "instance i1 is running; only a completed instance can be revoked (withdraw or cancel a running one)")
        var instance = start2
        for leader in ["leader1", "leader2", "leader3"] { instance = try h2.apply(instance, .approve, as: leader) }
        var child = instance
        child.parent = ParentLink(id: "p1", state: "permits")
        h2.now = "2025-03-04T09:00:00+08:00"
        #expect(h2.refusal(child, .revoke, as: "agent1") { $0.reason = "x" }?.description.contains("subflow of p1") == true)
        #expect(try h2.apply(instance, .revoke, as: "agent1") { $0.reason = "x" }.state == "recheck")
        h2.now = "2025-03-06T09:00:00+08:00"
        #expect(h2.refusal(instance, .revoke, as: "agent1") { $0.reason = "x" }?.description
                    == "instance i1 completed at 2025-03-03T09:00:00+08:00 and could be revoked until "
                    + "2025-03-06T00:00:00+08:00 (revoke_within = 2wd)")
    }

    @Test("validate and lint: unknown revoke state, revoke_by without revoke, revoke to a shared final")
    func definitionChecks() throws {
        let unknown = problems(applicantFlow.replacingOccurrences(of: "POLICY", with: "revoke = \"rechek\","))
        #expect(unknown.contains { $0.contains("revoke names unknown state 'rechek' (did you mean 'recheck'?)") })
        let orphan = problems(applicantFlow.replacingOccurrences(of: "POLICY", with: "revoke_within = days(3),"))
        #expect(orphan.contains { $0.contains("revoke_by and revoke_within need revoke") })
        let shared = try lint(applicantFlow.replacingOccurrences(of: "POLICY", with: "revoke = \"done\",\n"))
        #expect(shared.contains { $0.kind == "revoke-same-final" })
        let own = try lint(applicantFlow.replacingOccurrences(of: "POLICY", with: "revoke = \"recheck\", revoke_by = role(\"处长\"),"))
        #expect(!own.contains { $0.kind == "revoke-same-final" })
        #expect(own.contains { $0.kind == "unknown-role" && $0.message.contains("revoke_by names role '处长'") })
    }

    @Test("graph: revoke edges from the final states to the revoke state")
    func diagram() throws {
        let h = try EngineHarness(applicantFlow.replacingOccurrences(of: "POLICY", with: "revoke = \"recheck\","))
        let definition = try #require(h.definitions["apply"])
        let mermaid = WorkflowDiagram.mermaid(definition)
        #expect(mermaid.contains("done --> recheck: ↶ 撤销"))
        #expect(mermaid.contains("refused --> recheck: ↶ 撤销"))
        #expect(mermaid.contains("revoked --> recheck: ↶ 撤销"))
        #expect(WorkflowDiagram.dot(definition).contains("\"done\" -> \"recheck\" [label=\"撤销\", style=dashed, color=purple"))
    }
}
