import AgencyJSON
import Testing
@testable import WorkflowEngine

/// A delegation covering the harness's day (2025-03-03).
func away(to: String, from: String = "2025-03-01", until: String = "2025-03-09") -> [PeopleDirectory.Delegation] {
    [.init(to: to, from: from, until: until, reason: "出差")]
}

@Suite("Standing delegation (代理)")
struct DelegationTests {
    @Test("an item given to someone away goes to their delegate, on their behalf, with a proxy event")
    func proxy() throws {
        let h = try steps(people: try orgPeople(delegations: ["lead": away(to: "li")]))
        let outcome = try h.engine.apply(h.command(.complete, "wang"),
                                         to: try h.start("steps", as: "wang", input: ["applicant": "wang"]).instance)
        let item = try #require(outcome.instance.openItems.first)
        #expect(item.assignee == "li")
        #expect(item.onBehalfOf == "lead")
        #expect(item.history.map(\.action) == ["proxy"])
        #expect(item.history.first?.comment == "代理：张科长 → 李（2025-03-01 至 2025-03-09，出差）")
        #expect(outcome.notifications.first?.to == "li")
        #expect(outcome.notifications.first?.body.hasSuffix("（代 张科长）") == true)
        #expect(try h.apply(outcome.instance, .withdraw, as: "wang").state == "submit",
                "a proxy assignment is nobody acting: the initiator may still withdraw")
        let commented = try h.apply(outcome.instance, .comment, as: "lead") { $0.comment = "我在出差，请李代办" }
        #expect(commented.comments.count == 1, "the principal still takes part")
        let approved = try h.apply(outcome.instance, .approve, as: "li")
        #expect(approved.state == "b")
    }

    @Test("outside the window, items stay; an item given before the window stays where it is")
    func window() throws {
        let h = try steps(people: try orgPeople(delegations: ["lead": away(to: "li", from: "2025-03-04")]))
        var instance = try submitted(h)
        #expect(openAssignees(instance) == ["lead"])
        h.now = "2025-03-05T09:00:00+08:00"
        instance = try h.apply(instance, .comment, as: "wang") { $0.comment = "催一下" }
        #expect(openAssignees(instance) == ["lead"])
        #expect(instance.openItems.first?.onBehalfOf == nil)
    }

    @Test("chains are followed three deep; a cycle goes to the first admin")
    func chains() throws {
        var h = try steps(people: try orgPeople(delegations: ["lead": away(to: "li"), "li": away(to: "wang"),
                                                              "wang": away(to: "boss"), "boss": away(to: "zhao")]))
        var instance = try submitted(h, applicant: "zhao")
        #expect(openAssignees(instance) == ["boss"], "lead → li → wang → boss, no further")
        #expect(instance.openItems.first?.onBehalfOf == "lead")

        h = try steps(people: try orgPeople(delegations: ["lead": away(to: "li"), "li": away(to: "lead")]))
        instance = try submitted(h, applicant: "zhao")
        #expect(openAssignees(instance) == ["admin"])
        #expect(instance.openItems.first?.history.first?.comment?.hasPrefix("代理循环（张科长 → 李 → …），转系统管理员") == true)
    }

    @Test("a delegate who is an approver of the same step keeps one vote: the item stays")
    func delegateAlreadyVotes() throws {
        let h = try steps(#"{ person("lead"), person("li") }"#, people: try orgPeople(delegations: ["lead": away(to: "li")]))
        let instance = try submitted(h)
        #expect(openAssignees(instance) == ["lead", "li"])
        #expect(instance.openItems.allSatisfy { $0.onBehalfOf == nil })
    }

    @Test("transfer and reassign go through the new assignee's delegation")
    func transferAndReassign() throws {
        let h = try steps(people: try orgPeople(delegations: ["boss": away(to: "zhao")]))
        var instance = try submitted(h)
        instance = try h.apply(instance, .transfer, as: "lead") { $0.to = "boss" }
        #expect(openAssignees(instance) == ["zhao"])
        #expect(instance.openItems.first?.onBehalfOf == "boss")
        let item = try #require(instance.openItems.first?.id)
        instance = try h.apply(instance, .reassign, as: "admin") { $0.item = item; $0.to = "li"; $0.reason = "调整" }
        #expect(openAssignees(instance) == ["li"])
        #expect(instance.openItems.first?.onBehalfOf == nil)
        // Someone not in the people directory is not found (exit 2), not invalid input.
        let unknown = try #require(h.refusal(instance, .reassign, as: "admin") { $0.item = item; $0.to = "nobody"; $0.reason = "调整" })
        #expect(unknown.code == "not_found" && unknown.description == "no person 'nobody' in the people directory")
        #expect(h.refusal(instance, .transfer, as: "li") { $0.to = "nobody" }?.code == "not_found")
        #expect(h.refusal(instance, .transfer, as: "li")?.code == "invalid")
    }

    @Test("the principal votes through their delegate's item: giving them a second item is refused")
    func principalHasOneVote() throws {
        let h = try steps(#"{ person("lead"), person("boss") }"#, people: try orgPeople(delegations: ["lead": away(to: "li")]))
        let instance = try submitted(h)
        #expect(openAssignees(instance) == ["boss", "li"])
        let held = try #require(instance.openItems.first { $0.onBehalfOf == "lead" })
        let bossItem = try #require(instance.openItems.first { $0.assignee == "boss" })
        // Before the fix the item stayed with lead (li already votes), and lead had two seats.
        let transfer = try #require(h.refusal(instance, .transfer, as: "boss") { $0.to = "lead" })
        #expect(transfer.code == "conflict")
        #expect(transfer.description.contains("张科长 (lead) already votes through item \(held.id), held by their delegate 李 (li)"),
                "\(transfer.description)")
        #expect(h.refusal(instance, .addsign, as: "boss") { $0.to = "lead"; $0.position = "after" }?.code == "conflict")
        #expect(h.refusal(instance, .reassign, as: "admin") { $0.item = bossItem.id; $0.to = "lead"; $0.reason = "调整" }?.code
                == "conflict")
        let decided = try h.apply(instance, .approve, as: "li")
        let after = h.refusal(decided, .transfer, as: "boss") { $0.to = "lead" }
        #expect(after?.code == "conflict", "a decision by the delegate is the principal's vote too")
        #expect(after?.description.contains("decided (approved) by their delegate 李 (li) (代理)") == true,
                "\(after?.description ?? "")")
    }

    @Test("the turn notice of a sequential approver's item says on whose behalf it is held")
    func turnNotice() throws {
        let h = try steps(#"{ person("lead"), person("boss") }"#, policyA: #"rule = "sequential""#,
                          people: try orgPeople(delegations: ["boss": away(to: "zhao")]))
        let instance = try submitted(h)
        let outcome = try h.engine.apply(h.command(.approve, "lead"), to: instance)
        let notice = try #require(outcome.notifications.first { $0.to == "zhao" })
        #expect(notice.body.hasSuffix("轮到您审批（代 孙主任）"), "\(notice.body)")
    }

    @Test("a 委派 item held by proxy comes back to its owner without the delegate's 代理")
    func delegatedBack() throws {
        let h = try steps(people: try orgPeople(delegations: ["boss": away(to: "zhao")]))
        var instance = try submitted(h)
        instance = try h.apply(instance, .delegate, as: "lead") { $0.to = "boss" }
        #expect(instance.openItems.first?.assignee == "zhao" && instance.openItems.first?.onBehalfOf == "boss")
        instance = try h.apply(instance, .approve, as: "zhao")
        let back = try #require(instance.openItems.first)
        #expect(back.assignee == "lead" && back.owner == nil)
        #expect(back.onBehalfOf == nil, "before the fix: 张科长（代 孙主任）")

        // The same for a task (complete by the 委派 delegate).
        var task = try h.start("steps", as: "wang", input: ["applicant": "wang"]).instance
        task = try h.apply(task, .delegate, as: "wang") { $0.to = "boss" }
        task = try h.apply(task, .complete, as: "zhao")
        let mine = try #require(task.openItems.first)
        #expect(mine.assignee == "wang" && mine.onBehalfOf == nil)
    }
}

@Suite("Approver policies: dedupe, self, when_empty")
struct ApproverPolicyTests {
    @Test("dedupe once: someone who approved an earlier step is auto-approved, with a comment")
    func dedupeOnce() throws {
        let h = try steps(#"person("lead")"#, #"{ person("lead"), person("boss") }"#, policyB: #"dedupe = "once""#)
        var instance = try submitted(h)
        instance = try h.apply(instance, .approve, as: "lead")
        let auto = try #require(instance.items.first { $0.state == "b" && $0.assignee == "lead" })
        #expect(auto.status == .done && auto.decision == "approved" && auto.actedBy == "system")
        #expect(auto.history.map(\.action) == ["auto:dedupe"])
        #expect(auto.comment?.contains("已在「一审」审批同意") == true)
        #expect(openAssignees(instance) == ["boss"])
        instance = try h.apply(instance, .approve, as: "boss")
        #expect(instance.state == "c")
    }

    @Test("dedupe consecutive: only the step just before counts; once counts any earlier step")
    func consecutive() throws {
        for (policy, expected) in [("consecutive", ["lead"]), ("once", [String]())] {
            let h = try steps(#"person("lead")"#, #"person("boss")"#, #"person("lead")"#, policyC: "dedupe = \"\(policy)\"")
            var instance = try submitted(h)
            instance = try h.apply(instance, .approve, as: "lead")
            instance = try h.apply(instance, .approve, as: "boss")
            #expect(openAssignees(instance) == expected, "\(policy)")
            #expect(instance.state == (expected.isEmpty ? "done" : "c"), "\(policy): all auto-approved takes approved")
        }
    }

    @Test("dedupe never applies to a step entered through a return, nor to a resubmission's earlier round")
    func dedupeAfterReturn() throws {
        let h = try steps(#"person("lead")"#, #"{ person("lead"), person("boss") }"#, #"person("li")"#,
                          policyB: #"dedupe = "once""#)
        var instance = try submitted(h)
        instance = try h.apply(instance, .approve, as: "lead")
        instance = try h.apply(instance, .approve, as: "boss")
        instance = try h.apply(instance, .return, as: "li") { $0.to = "b" }
        #expect(openAssignees(instance) == ["boss", "lead"], "returned: everyone decides again")
        instance = try h.apply(instance, .reject, as: "boss")
        instance = try h.apply(instance, .complete, as: "wang")
        instance = try h.apply(instance, .approve, as: "lead")
        #expect(openAssignees(instance) == ["boss"], "a new round: lead approved step a in it")
    }

    @Test("dedupe never applies to a step an admin's goto moved the instance to")
    func dedupeAfterGoto() throws {
        let h = try steps(#"person("lead")"#, #"person("boss")"#, #"{ person("lead"), person("boss") }"#,
                          policyC: #"dedupe = "once""#)
        var instance = try submitted(h)
        instance = try h.apply(instance, .approve, as: "lead")
        #expect(instance.state == "b")
        let moved = try h.apply(instance, .goto, as: "admin") { $0.to = "c"; $0.reason = "直接终审" }
        #expect(openAssignees(moved) == ["boss", "lead"], "before the fix lead was auto-approved")
    }

    @Test("dedupe credits a delegate's approval to the principal, and names the alias as written")
    func dedupeCreditsPrincipal() throws {
        let h = try steps(#"person("lead")"#, #"{ person("lead"), person("li") }"#, policyB: #"dedupe = "skip""#,
                          people: try orgPeople(delegations: ["lead": away(to: "li")]))
        var instance = try submitted(h)
        #expect(openAssignees(instance) == ["li"])
        instance = try h.apply(instance, .approve, as: "li")
        // li approved step a for lead: lead is not asked again; li, an approver of b in her own right, is.
        #expect(openAssignees(instance) == ["li"])
        let auto = try #require(instance.items.first { $0.state == "b" && $0.actedBy == "system" })
        #expect(auto.assignee == "lead")
        #expect(auto.comment?.contains(#"按 dedupe = "skip" 自动同意"#) == true, "\(auto.comment ?? "")")
    }

    @Test("self = skip auto-approves the initiator; self = head asks their manager instead")
    func selfPolicies() throws {
        var h = try steps(#"{ person("wang"), person("boss") }"#, policyA: #"self = "skip""#)
        var instance = try submitted(h)
        #expect(openAssignees(instance) == ["boss"])
        #expect(instance.items.first { $0.assignee == "wang" && $0.kind == .approval }?.history.map(\.action) == ["auto:self"])

        // An auto-approval is nobody acting: the initiator may still withdraw.
        let withdrawn = try h.apply(instance, .withdraw, as: "wang")
        #expect(withdrawn.state == "submit")

        h = try steps(#"{ person("wang"), person("boss") }"#, policyA: #"self = "head""#)
        instance = try submitted(h)
        #expect(openAssignees(instance) == ["boss", "lead"])

        h = try steps(#"{ person("wang") }"#, policyA: #"self = "head""#)
        instance = try h.start("steps", as: "boss", input: ["applicant": "wang"]).instance
        instance = try h.apply(instance, .complete, as: "wang")
        #expect(openAssignees(instance) == ["wang"], "only the initiator (boss) is replaced")
    }

    @Test("when_empty: refuse (default) names the state; skip takes approved; admin asks the admins")
    func whenEmpty() throws {
        var h = try steps(#"role("处长")"#)
        var instance = try h.start("steps", as: "wang", input: ["applicant": "wang"]).instance
        #expect(h.refusal(instance, .complete, as: "wang")?.description
                .contains("state 'a' approvers: nobody holds the role '处长' in the people directory") == true)

        h = try steps(#"role("处长")"#, policyA: #"when_empty = "skip""#)
        instance = try submitted(h)
        #expect(instance.state == "b")
        #expect(instance.path.map(\.event).suffix(2) == ["submitted", "approved"])

        h = try steps(#"{ role("处长"), manager_of("applicant") }"#, policyA: #"when_empty = "admin""#)
        instance = try submitted(h, applicant: "boss")
        #expect(openAssignees(instance) == ["admin"])
    }

    @Test("a policy value that is not one of the choices is a definition problem")
    func badValue() throws {
        let source = threeSteps.replacingOccurrences(of: "APPROVERS_A", with: #"person("lead")"#)
            .replacingOccurrences(of: "APPROVERS_B", with: #"person("lead")"#).replacingOccurrences(of: "APPROVERS_C", with: #"person("lead")"#)
            .replacingOccurrences(of: "POLICY_A", with: #"dedupe = "twice","#).replacingOccurrences(of: "POLICY_B", with: "")
            .replacingOccurrences(of: "POLICY_C", with: "")
        #expect(problems(source).contains { $0.contains(#"dedupe must be one of "once", "skip", "consecutive", got "twice""#) })
    }

    @Test("lint: unknown department, stop role nobody holds, no org chart, chain not sequential")
    func lint() throws {
        let h = try steps(#"head_of("finance")"#, #"managers_up_to("applicant", role("处长"))"#, #"manager_of("applicant")"#)
        let definition = try #require(h.definitions["steps"])
        let rules = DefinitionLint.warnings(definition, people: try orgPeople()).map(\.kind)
        #expect(rules.contains("unknown-department"))
        #expect(rules.contains("unknown-role"))
        #expect(rules.contains("chain-not-sequential"))
        #expect(!rules.contains("no-org-chart"))
        let flat = DefinitionLint.warnings(definition, people: testPeople).map(\.kind)
        #expect(flat.contains("no-org-chart"))
    }
}
