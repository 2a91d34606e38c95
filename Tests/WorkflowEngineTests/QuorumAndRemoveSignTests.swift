import Testing
@testable import WorkflowEngine

@Suite("Quorum on entry and 减签 edges")
struct QuorumAndRemoveSignTests {
    @Test("entering an approval whose at_least exceeds its approvers refuses the command")
    func quorumOnEntry() throws {
        let harness = try EngineHarness(approvalFlow.replacingOccurrences(of: "RULE", with: "{ at_least = 4 }"))
        let start = try harness.start("review", input: ["project": "光伏", "agent": "agent1"]).instance
        let refusal = try #require(harness.refusal(start, .complete, as: "agent1"))
        #expect(refusal.code == "invalid", "like approvers resolving to nobody: the definition or directory is at fault")
        #expect(refusal.description.contains("'review'"))
        #expect(refusal.description.contains("at least 4"))
        #expect(refusal.description.contains("张领导 (leader1), 赵领导 (leader2), 钱领导 (leader3)"))
        // Three is within reach.
        let (_, entered) = try reviewHarness(rule: "{ at_least = 3 }")
        #expect(entered.state == "review")
    }

    @Test("lint --people warns quorum-unreachable when the roles have fewer holders than at_least")
    func quorumLint() throws {
        let source = cleanFlow.replacingOccurrences(of: "approvers = { role(\"主任\") },",
                                                    with: "approvers = { role(\"包联领导\"), person(\"leader1\") }, rule = { at_least = 4 },")
        let warnings = try lint(source)
        #expect(warnings.map(\.kind) == ["quorum-unreachable"])
        #expect(warnings.first?.message.contains("only 3 people") == true)
        let reachable = source.replacingOccurrences(of: "at_least = 4", with: "at_least = 3")
        #expect(try lint(reachable).isEmpty)
        // A data-field approver is only known at run time: no warning.
        let dynamic = source.replacingOccurrences(of: "person(\"leader1\")", with: "\"agent\"")
        #expect(try lint(dynamic).isEmpty)
        #expect(try lint(source, people: nil).isEmpty)
    }

    @Test("removing the last pending approver is refused; so is breaking the quorum")
    func lastHandler() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        var instance = try h.apply(start, .removesign, as: "agent1") { $0.to = "leader1" }
        instance = try h.apply(instance, .removesign, as: "agent1") { $0.to = "leader2" }
        let refusal = h.refusal(instance, .removesign, as: "agent1") { $0.to = "leader3" }
        #expect(refusal?.code == "conflict")
        #expect(refusal?.description.contains("last approver") == true)

        let (h2, start2) = try reviewHarness(rule: "{ at_least = 2 }")
        let one = try h2.apply(start2, .removesign, as: "agent1") { $0.to = "leader1" }
        let quorum = h2.refusal(one, .removesign, as: "agent1") { $0.to = "leader2" }
        #expect(quorum?.code == "conflict")
        #expect(quorum?.description.contains("at_least = 2") == true)
    }

    @Test("a decided signer's vote stays: removing them is refused with a clear message")
    func decidedVoteKept() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        let decided = try h.apply(start, .approve, as: "leader1")
        let refusal = h.refusal(decided, .removesign, as: "agent1") { $0.to = "leader1" }
        #expect(refusal?.code == "conflict")
        #expect(refusal?.description.contains("already decided (approved)") == true)
        #expect(refusal?.description.contains("cannot be removed") == true)
    }

    @Test("减签 never settles a step: removing the last undecided approver is refused")
    func removalNeverDecides() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        var instance = try h.apply(start, .approve, as: "leader1")
        instance = try h.apply(instance, .removesign, as: "agent1") { $0.to = "leader2" }
        // Before the fix this removal passed the 会签 on leader1's approval alone.
        let refusal = h.refusal(instance, .removesign, as: "agent1") { $0.to = "leader3" }
        #expect(refusal?.code == "conflict")
        #expect(refusal?.description.contains("the removal itself would settle the step") == true)
        #expect(instance.state == "review")
    }

    @Test("减签 counts only the current visit: an earlier visit's vote does not keep the step alive")
    func currentVisitOnly() throws {
        let (h, start) = try reviewHarness(rule: "\"all\"")
        var instance = try h.apply(start, .approve, as: "leader1")
        instance = try h.apply(instance, .return, as: "leader2") { $0.to = "draft" }
        instance = try h.apply(instance, .complete, as: "agent1")
        instance = try h.apply(instance, .removesign, as: "agent1") { $0.to = "leader1" }
        instance = try h.apply(instance, .removesign, as: "agent1") { $0.to = "leader2" }
        // Before the fix the first visit's approval counted as "remaining" and the step was stranded.
        #expect(h.refusal(instance, .removesign, as: "agent1") { $0.to = "leader3" }?.code == "conflict")
        instance = try h.apply(instance, .approve, as: "leader3")
        #expect(instance.state == "done")
    }

    @Test("减签 finds a principal whose item their standing delegate or 委派 delegate holds")
    func removeHeldByOthers() throws {
        let h = try steps(#"{ person("lead"), person("boss"), person("li") }"#, policyA: "remove_sign = true",
                          people: try orgPeople(delegations: ["lead": away(to: "zhao")]))
        var instance = try submitted(h)
        #expect(openAssignees(instance) == ["boss", "li", "zhao"])
        // Before the fix: "no pending approver 'lead'".
        instance = try h.apply(instance, .removesign, as: "wang") { $0.to = "lead" }
        #expect(openAssignees(instance) == ["boss", "li"])
        instance = try h.apply(instance, .delegate, as: "boss") { $0.to = "wang" }
        instance = try h.apply(instance, .removesign, as: "wang") { $0.to = "boss" }
        #expect(openAssignees(instance) == ["li"])
    }

    @Test("减签 refusals: not an approval is invalid; someone not pending is named")
    func removeSignRefusals() throws {
        let h = try steps(#"{ person("lead"), person("boss") }"#, policyA: "remove_sign = true")
        let first = try h.start("steps", as: "wang", input: ["applicant": "wang"]).instance
        let task = try #require(h.refusal(first, .removesign, as: "wang") { $0.to = "lead" })
        #expect(task.code == "invalid", "before the fix: not_permitted")
        #expect(task.description.contains("state 'submit' is a task"))
        let instance = try submitted(h)
        let nobody = try #require(h.refusal(instance, .removesign, as: "wang") { $0.to = "zhao" })
        #expect(nobody.code == "not_found")
        #expect(nobody.description.contains("赵 (zhao) is not a pending approver of state 'a'"), "\(nobody.description)")
        let barred = try steps(#"{ person("lead"), person("boss") }"#)
        #expect(barred.refusal(try submitted(barred), .removesign, as: "wang") { $0.to = "lead" }?.code == "not_permitted")
    }
}
