import AgencyJSON
import Testing
@testable import WorkflowEngine

let approvalFlow = """
return workflow {
  name = "review",
  title = "联审",
  input = { project = "string", agent = "person" },
  start = "draft",
  states = {
    draft = task { title = "准备材料", assignee = "agent", on = { submitted = "review" } },
    review = approval {
      title = "领导会签",
      approvers = { role("包联领导") },
      rule = RULE,
      remove_sign = true,
      on = { approved = "done", rejected = "draft" },
    },
    done = final { outcome = "approved" },
  },
}
"""

func reviewHarness(rule: String) throws -> (EngineHarness, Instance) {
    let harness = try EngineHarness(approvalFlow.replacingOccurrences(of: "RULE", with: rule))
    var instance = try harness.start("review", input: ["project": "光伏", "agent": "agent1"]).instance
    instance = try harness.apply(instance, .complete, as: "agent1")
    return (harness, instance)
}

@Suite("Approval rules and operations")
struct ApprovalTests {
    @Test("会签 (all): every approver must approve")
    func countersign() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        #expect(start.state == "review")
        #expect(openAssignees(start) == ["leader1", "leader2", "leader3"])
        var instance = try h.apply(start, .approve, as: "leader1")
        instance = try h.apply(instance, .approve, as: "leader2")
        #expect(instance.state == "review")
        instance = try h.apply(instance, .approve, as: "leader3") { $0.comment = "同意" }
        #expect(instance.state == "done")
        #expect(instance.status == .completed)
        #expect(instance.outcome == "approved")
    }

    @Test("会签: one rejection sends it back")
    func countersignReject() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        let instance = try h.apply(start, .reject, as: "leader2") { $0.comment = "材料不全" }
        #expect(instance.state == "draft")
        #expect(instance.items.filter { $0.state == "review" && $0.status == .cancelled }.count == 2)
        #expect(openAssignees(instance) == ["agent1"])
    }

    @Test("或签 (any): the first decision decides")
    func anyRule() throws {
        let (h, start) = try reviewHarness(rule: "\"any\"")
        let instance = try h.apply(start, .approve, as: "leader3")
        #expect(instance.state == "done")
    }

    @Test("依次 (sequential): one after another in order")
    func sequential() throws {
        let (h, start) = try reviewHarness(rule: "\"sequential\"")
        #expect(openAssignees(start) == ["leader1"])
        #expect(h.refusal(start, .approve, as: "leader2") != nil)
        var instance = try h.apply(start, .approve, as: "leader1")
        #expect(openAssignees(instance) == ["leader2"])
        instance = try h.apply(instance, .approve, as: "leader2")
        instance = try h.apply(instance, .approve, as: "leader3")
        #expect(instance.state == "done")
    }

    @Test("at least N: approved at N, rejected once N is out of reach")
    func atLeast() throws {
        let (h, start) = try reviewHarness(rule: "{ at_least = 2 }")
        var instance = try h.apply(start, .approve, as: "leader1")
        instance = try h.apply(instance, .approve, as: "leader3")
        #expect(instance.state == "done")
        let (h2, start2) = try reviewHarness(rule: "{ at_least = 2 }")
        var rejected = try h2.apply(start2, .reject, as: "leader1")
        #expect(rejected.state == "review")
        rejected = try h2.apply(rejected, .reject, as: "leader2")
        #expect(rejected.state == "draft")
    }

    @Test("票签 (ratio): approved when the share of approvals reaches the ratio")
    func ratio() throws {
        let (h, start) = try reviewHarness(rule: "{ ratio = 0.6 }")
        var instance = try h.apply(start, .approve, as: "leader1")
        #expect(instance.state == "review")
        instance = try h.apply(instance, .approve, as: "leader2")
        #expect(instance.state == "done")
    }

    @Test("转办 (transfer) moves the item; the new assignee decides")
    func transfer() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        var instance = try h.apply(start, .transfer, as: "leader1") { $0.to = "director"; $0.comment = "出差" }
        #expect(openAssignees(instance) == ["director", "leader2", "leader3"])
        #expect(h.refusal(instance, .approve, as: "leader1") != nil)
        instance = try h.apply(instance, .approve, as: "director")
        let item = try #require(instance.items.first { $0.actedBy == "director" })
        #expect(item.history.first?.action == "transfer")
        #expect(item.history.first?.actor == "leader1")
    }

    @Test("委派 (delegate): the delegate's opinion returns to the owner, who decides")
    func delegate() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        var instance = try h.apply(start, .delegate, as: "leader1") { $0.to = "agent2" }
        instance = try h.apply(instance, .approve, as: "agent2")
        let item = try #require(instance.items.first { $0.history.contains { $0.action == "opinion:approved" } })
        #expect(item.assignee == "leader1")
        #expect(item.status == .open)
        instance = try h.apply(instance, .approve, as: "leader1")
        #expect(instance.items.first { $0.id == item.id }?.decision == "approved")
    }

    @Test("加签 before, after and in parallel")
    func addSign() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        var instance = try h.apply(start, .addsign, as: "leader1") { $0.to = "director"; $0.position = "before" }
        #expect(openAssignees(instance) == ["director", "leader2", "leader3"])
        #expect(h.refusal(instance, .approve, as: "leader1") != nil)
        instance = try h.apply(instance, .approve, as: "director")
        #expect(openAssignees(instance) == ["leader1", "leader2", "leader3"])
        instance = try h.apply(instance, .addsign, as: "leader2") { $0.to = "agent2"; $0.position = "after" }
        instance = try h.apply(instance, .approve, as: "leader2")
        #expect(openAssignees(instance) == ["agent2", "leader1", "leader3"])
        instance = try h.apply(instance, .addsign, as: "leader3") { $0.to = "admin"; $0.position = "parallel" }
        for person in ["agent2", "leader1", "leader3"] { instance = try h.apply(instance, .approve, as: person) }
        #expect(instance.state == "review")
        instance = try h.apply(instance, .approve, as: "admin")
        #expect(instance.state == "done")
    }

    @Test("减签 removes a pending approver where allowed, and the rule re-applies")
    func removeSign() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        var instance = try h.apply(start, .approve, as: "leader1")
        #expect(h.refusal(instance, .removesign, as: "leader2") { $0.to = "leader3" }?.code == "not_permitted")
        instance = try h.apply(instance, .removesign, as: "agent1") { $0.to = "leader3" }
        #expect(instance.state == "review")
        // The last undecided approver stays (issue 15: a removal never settles the step) ...
        #expect(h.refusal(instance, .removesign, as: "agent1") { $0.to = "leader2" }?.code == "conflict")
        // ... and the rule, re-applied over the two left, passes on their decisions.
        instance = try h.apply(instance, .approve, as: "leader2")
        #expect(instance.state == "done")
    }

    @Test("退回 to a named earlier state, and 撤回 by the initiator before anyone acts")
    func returnAndWithdraw() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        let withdrawn = try h.apply(start, .withdraw, as: "agent1")
        #expect(withdrawn.state == "draft")
        let acted = try h.apply(start, .approve, as: "leader1")
        #expect(h.refusal(acted, .withdraw, as: "agent1")?.code == "conflict")
        #expect(h.refusal(start, .withdraw, as: "leader1")?.code == "not_permitted")
        let returned = try h.apply(acted, .return, as: "leader2") { $0.to = "draft"; $0.comment = "补材料" }
        #expect(returned.state == "draft")
        #expect(h.refusal(acted, .return, as: "leader2") { $0.to = "done" }?.code == "invalid")
        // Back in review, only the new round's decisions count.
        var again = try h.apply(returned, .complete, as: "agent1")
        #expect(openAssignees(again) == ["leader1", "leader2", "leader3"])
        again = try h.apply(again, .approve, as: "leader2")
        #expect(again.state == "review")
    }

    @Test("refusals: not assigned, not an approver, finished instance, admin only")
    func refusals() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        #expect(h.refusal(start, .approve, as: "agent2")?.code == "not_permitted")
        #expect(h.refusal(start, .complete, as: "agent1")?.code == "not_permitted")
        #expect(h.refusal(start, .cancel, as: "leader1") { $0.reason = "x" }?.code == "not_permitted")
        #expect(h.refusal(start, .cancel, as: "admin")?.code == "invalid")
        let cancelled = try h.apply(start, .cancel, as: "admin") { $0.reason = "项目终止" }
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.openItems.isEmpty)
        #expect(h.refusal(cancelled, .approve, as: "leader1")?.code == "conflict")
    }

    @Test("admin reassign and goto, with a reason")
    func adminActions() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        let item = try #require(start.openItems.first { $0.assignee == "leader1" })
        var instance = try h.apply(start, .reassign, as: "admin") { $0.item = item.id; $0.to = "director"; $0.reason = "调岗" }
        #expect(openAssignees(instance) == ["director", "leader2", "leader3"])
        instance = try h.apply(instance, .goto, as: "admin") { $0.to = "done"; $0.reason = "线下已批" }
        #expect(instance.status == .completed)
    }
}
