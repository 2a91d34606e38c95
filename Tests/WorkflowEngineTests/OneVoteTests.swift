import Testing
@testable import WorkflowEngine

/// One person, one vote per approval visit (Docs/approvals.md).
@Suite("One vote per person in an approval")
struct OneVoteTests {
    @Test("2 of 3: transfer to another approver is refused, naming the person, their item and the state")
    func transferToHolder() throws {
        let (h, start) = try reviewHarness(rule: "{ at_least = 2 }")
        let item = try #require(start.openItems.first { $0.assignee == "leader2" })
        let refusal = try #require(h.refusal(start, .transfer, as: "leader1") { $0.to = "leader2" })
        #expect(refusal.code == "conflict")
        #expect(refusal.description.contains("赵领导 (leader2)"))
        #expect(refusal.description.contains(item.id))
        #expect(refusal.description.contains("'review'"))
    }

    @Test("2 of 3: an admin's reassign to another approver is refused; to someone new it works")
    func reassignToHolder() throws {
        let (h, start) = try reviewHarness(rule: "{ at_least = 2 }")
        let item = try #require(start.openItems.first { $0.assignee == "leader1" })
        let refusal = h.refusal(start, .reassign, as: "admin") { $0.item = item.id; $0.to = "leader3"; $0.reason = "调岗" }
        #expect(refusal?.code == "conflict")
        let moved = try h.apply(start, .reassign, as: "admin") { $0.item = item.id; $0.to = "director"; $0.reason = "调岗" }
        #expect(openAssignees(moved) == ["director", "leader2", "leader3"])
    }

    @Test("委派 to an approver, and transfer to someone who already decided, are refused")
    func delegateAndDecided() throws {
        let (h, start) = try reviewHarness(rule: "{ at_least = 2 }")
        #expect(h.refusal(start, .delegate, as: "leader1") { $0.to = "leader3" }?.code == "conflict")
        let decided = try h.apply(start, .approve, as: "leader2")
        let refusal = h.refusal(decided, .transfer, as: "leader1") { $0.to = "leader2" }
        #expect(refusal?.code == "conflict")
        #expect(refusal?.description.contains("has already decided (approved)") == true)
        // Before the fix, leader2 approved twice and the 2-of-3 step passed on one person's decision.
        #expect(decided.state == "review")
    }

    @Test("the owner of a 委派 item keeps their vote; add-sign of a decided approver is refused")
    func ownerAndAddSign() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        let delegated = try h.apply(start, .delegate, as: "leader1") { $0.to = "agent2" }
        let refusal = h.refusal(delegated, .transfer, as: "leader2") { $0.to = "leader1" }
        #expect(refusal?.description.contains("owns item") == true)
        #expect(h.refusal(delegated, .transfer, as: "leader2") { $0.to = "agent2" }?.code == "conflict")
        let decided = try h.apply(start, .approve, as: "leader3")
        #expect(h.refusal(decided, .addsign, as: "leader1") { $0.to = "leader3"; $0.position = "after" }?.code
                == "conflict")
    }

    @Test("a 委派 delegate cannot pass the item on: the owner keeps the decision")
    func delegateCannotPassOn() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        let delegated = try h.apply(start, .delegate, as: "leader1") { $0.to = "agent2" }
        // Before the fix agent2 could delegate again, and the second delegate's opinion came
        // back to agent2, who then decided leader1's item.
        for kind in [Command.Kind.delegate, .transfer] {
            let refusal = h.refusal(delegated, kind, as: "agent2") { $0.to = "director" }
            #expect(refusal?.code == "conflict")
            #expect(refusal?.description.contains("was delegated (委派)") == true, "\(refusal?.description ?? "")")
        }
        let opinion = try h.apply(delegated, .approve, as: "agent2")
        #expect(opinion.openItems.contains { $0.assignee == "leader1" && $0.owner == nil })
    }

    @Test("a vote of an earlier visit does not count in the next one")
    func earlierVisit() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        var instance = try h.apply(start, .approve, as: "leader2")
        instance = try h.apply(instance, .return, as: "leader1") { $0.to = "draft" }
        instance = try h.apply(instance, .complete, as: "agent1")
        // leader2 holds an item of this visit, so the transfer is refused; director holds none.
        #expect(h.refusal(instance, .transfer, as: "leader1") { $0.to = "leader2" }?.code == "conflict")
        instance = try h.apply(instance, .transfer, as: "leader1") { $0.to = "director" }
        #expect(openAssignees(instance) == ["director", "leader2", "leader3"])
    }
}
