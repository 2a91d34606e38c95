import Testing
@testable import WorkflowEngine

/// 加签 seats under every rule and position: the tables of Docs/approvals.md.
@Suite("加签 seats under every rule")
struct AddSignSeatTests {
    static let rules = ["\"any\"", "\"all\"", "\"sequential\"", "{ at_least = 2 }", "{ ratio = 0.6 }"]
    static let positions = ["before", "after", "parallel", "beside"]

    /// leader1 adds agent2; the seat (leader1 + agent2) completes in the position's order,
    /// then the other seats the rule needs approve; the step completes exactly then.
    @Test("leader1 adds agent2: the seat needs both, then the rule counts seats",
          arguments: rules, positions)
    func seat(rule: String, position: String) throws {
        let (h, start) = try reviewHarness(rule: rule)
        var instance = try h.apply(start, .addsign, as: "leader1") { $0.to = "agent2"; $0.position = position }
        let added = try #require(instance.items.first { $0.assignee == "agent2" })
        let adder = try #require(instance.items.first { $0.assignee == "leader1" && $0.state == "review" })
        #expect(added.seat == adder.id)
        let order: [String]
        switch position {
        case "before":
            #expect(added.status == .open)
            #expect(instance.item(adder.id)?.status == .waiting)
            order = ["agent2", "leader1"]
        case "after":
            #expect(added.status == .waiting)
            order = ["leader1", "agent2"]
        default:
            #expect(added.status == .open && adder.status == .open)
            order = ["leader1", "agent2"]
        }
        for (step, person) in order.enumerated() {
            #expect(instance.state == "review", "\(rule) \(position): decided before \(person)")
            if rule == "\"sequential\"" {
                // The next approver waits for the whole seat.
                #expect(instance.items.first { $0.assignee == "leader2" }?.status == .waiting)
            }
            instance = try h.apply(instance, .approve, as: person)
            if step == 0 { #expect(instance.items.first { $0.assignee == order[1] }?.status == .open) }
        }
        let others: [String]
        switch rule {
        case "\"any\"": others = []
        case "\"all\"", "\"sequential\"": others = ["leader2", "leader3"]
        default: others = ["leader2"]
        }
        for person in others {
            #expect(instance.state == "review", "\(rule) \(position): decided before \(person)")
            instance = try h.apply(instance, .approve, as: person)
        }
        #expect(instance.state == "done", "\(rule) \(position)")
    }

    @Test("依次: a later approver's 前加签 and 并加签 open at once, and the next waits for the seat",
          arguments: ["before", "parallel"])
    func sequentialLater(position: String) throws {
        let (h, start) = try reviewHarness(rule: "\"sequential\"")
        var instance = try h.apply(start, .approve, as: "leader1")
        instance = try h.apply(instance, .addsign, as: "leader2") { $0.to = "director"; $0.position = position }
        #expect(instance.items.first { $0.assignee == "director" }?.status == .open)
        instance = try h.apply(instance, .approve, as: "director")
        #expect(instance.items.first { $0.assignee == "leader3" }?.status == .waiting)
        instance = try h.apply(instance, .approve, as: "leader2")
        #expect(openAssignees(instance) == ["leader3"])
        instance = try h.apply(instance, .approve, as: "leader3")
        #expect(instance.state == "done")
    }

    @Test("或签 后加签: the added signer's item stays open when the adder approves, and decides the seat")
    func anyAfter() throws {
        let (h, start) = try reviewHarness(rule: "\"any\"")
        var instance = try h.apply(start, .addsign, as: "leader1") { $0.to = "director"; $0.position = "after" }
        instance = try h.apply(instance, .approve, as: "leader1")
        #expect(instance.state == "review")
        #expect(instance.items.first { $0.assignee == "director" }?.status == .open)
        instance = try h.apply(instance, .approve, as: "director")
        #expect(instance.state == "done")
    }

    @Test("或签 前加签: the added signer's approval hands the seat back to the adder, who decides")
    func anyBefore() throws {
        let (h, start) = try reviewHarness(rule: "\"any\"")
        var instance = try h.apply(start, .addsign, as: "leader1") { $0.to = "director"; $0.position = "before" }
        instance = try h.apply(instance, .approve, as: "director")
        #expect(instance.state == "review")
        #expect(instance.items.first { $0.assignee == "leader1" }?.status == .open)
        instance = try h.apply(instance, .approve, as: "leader1")
        #expect(instance.state == "done")
    }

    @Test("a rejection inside a seat rejects the seat; under 或签 another seat may still approve first")
    func rejectionInSeat() throws {
        let (h, start) = try reviewHarness(rule: "\"any\"")
        var instance = try h.apply(start, .addsign, as: "leader1") { $0.to = "director"; $0.position = "after" }
        instance = try h.apply(instance, .approve, as: "leader2")
        #expect(instance.state == "done")
        let (h2, start2) = try reviewHarness(rule: "{ at_least = 3 }")
        instance = try h2.apply(start2, .addsign, as: "leader1") { $0.to = "director"; $0.position = "parallel" }
        instance = try h2.apply(instance, .reject, as: "director")
        #expect(instance.state == "draft")
    }

    @Test("an unknown position is refused, and beside is parallel")
    func unknownAndBeside() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        #expect(h.refusal(start, .addsign, as: "leader1") { $0.to = "director"; $0.position = "above" }?.code
                == "invalid")
        let beside = try h.apply(start, .addsign, as: "leader1") { $0.to = "director"; $0.position = "beside" }
        #expect(beside.items.first { $0.assignee == "leader1" }?.history.last?.action == "addsign:parallel")
    }

    @Test("前加签: the adder's item waits without due or timers, and gets a fresh due when it reopens")
    func beforeClearsTimers() throws {
        let source = chainFlow.replacingOccurrences(of: "RULE", with: "\"any\"")
            .replacingOccurrences(of: "RESUBMIT", with: "due = workdays(2),")
        let h = try EngineHarness(source)
        var instance = try h.start("chain", input: ["agent": "agent1"]).instance
        instance = try h.apply(instance, .complete, as: "agent1") { $0.event = "submitted" }
        instance = try h.apply(instance, .approve, as: "director")
        let adder = try #require(instance.items.first { $0.assignee == "leader1" && $0.state == "review" })
        #expect(adder.due != nil)
        #expect(instance.timers.contains { $0.item == adder.id })
        instance = try h.apply(instance, .addsign, as: "leader1") { $0.to = "agent2"; $0.position = "before" }
        let waiting = try #require(instance.items.first { $0.id == adder.id })
        #expect(waiting.status == .waiting)
        // Before the fix its reminders and timeout ran on during agent2's turn.
        #expect(waiting.due == nil && waiting.plan == nil)
        #expect(!instance.timers.contains { $0.item == adder.id })
        h.now = "2025-03-05T09:00:00+08:00"
        instance = try h.apply(instance, .approve, as: "agent2")
        let reopened = try #require(instance.items.first { $0.id == adder.id })
        #expect(reopened.status == .open)
        #expect(reopened.due != nil && reopened.due != adder.due, "due counts from its new turn")
        #expect(instance.timers.contains { $0.item == adder.id })
    }
}
