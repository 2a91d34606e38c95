import Testing
@testable import WorkflowEngine

/// draft → check (主任) → review (包联领导, all) → filing (代办员) → done.
let chainFlow = """
return workflow {
  name = "chain",
  title = "联审",
  input = { agent = "person" },
  start = "draft",
  states = {
    draft = task { title = "准备材料", assignee = "agent", on = { submitted = "check", dropped = "dropped" } },
    check = approval { title = "主任初审", approvers = { role("主任") }, rule = "any",
                       on = { approved = "review", rejected = "draft" } },
    review = approval { title = "领导会签", approvers = { role("包联领导") }, rule = RULE, RESUBMIT
                        on = { approved = "filing", rejected = "draft" } },
    filing = task { title = "归档", assignee = "agent", on = { filed = "done" } },
    done = final { },
    dropped = final { },
  },
}
"""

func chainHarness(rule: String = "\"all\"", resubmit: String? = nil) throws -> (EngineHarness, Instance) {
    let source = chainFlow.replacingOccurrences(of: "RULE", with: rule)
        .replacingOccurrences(of: "RESUBMIT", with: resubmit.map { "resubmit = \"\($0)\"," } ?? "")
    let harness = try EngineHarness(source)
    var instance = try harness.start("chain", input: ["agent": "agent1"]).instance
    instance = try harness.apply(instance, .complete, as: "agent1") { $0.event = "submitted" }
    instance = try harness.apply(instance, .approve, as: "director")
    return (harness, instance)
}

@Suite("拿回 and 退回 resubmit modes")
struct TakeBackAndResubmitTests {
    @Test("拿回: the previous handler takes the step back while nobody here has acted")
    func takeBackStep() throws {
        let (h, review) = try chainHarness()
        #expect(review.state == "review")
        #expect(h.refusal(review, .takeback, as: "agent1")?.code == "not_permitted")
        let back = try h.apply(review, .takeback, as: "director") { $0.comment = "意见有误" }
        #expect(back.state == "check")
        #expect(back.path.last?.event == "takeback")
        #expect(openAssignees(back) == ["director"])
        #expect(back.items.filter { $0.state == "review" }.allSatisfy { $0.status == .cancelled })
        let acted = try h.apply(review, .approve, as: "leader2")
        let refusal = h.refusal(acted, .takeback, as: "director")
        #expect(refusal?.code == "conflict")
        #expect(refusal?.description.contains("赵领导 (leader2) has already acted") == true)
        let transferred = try h.apply(review, .transfer, as: "leader3") { $0.to = "agent2" }
        #expect(h.refusal(transferred, .takeback, as: "director")?.code == "conflict")
    }

    @Test("拿回 within a sequential approval: the approver reopens their decision until the next one acts")
    func takeBackDecision() throws {
        let (h, review) = try chainHarness(rule: "\"sequential\"")
        var instance = try h.apply(review, .approve, as: "leader1")
        #expect(openAssignees(instance) == ["leader2"])
        instance = try h.apply(instance, .takeback, as: "leader1")
        #expect(openAssignees(instance) == ["leader1"])
        #expect(instance.items.first { $0.assignee == "leader2" }?.status == .waiting)
        #expect(instance.items.first { $0.assignee == "leader1" }?.history.last?.action == "takeback")
        instance = try h.apply(instance, .approve, as: "leader1")
        instance = try h.apply(instance, .approve, as: "leader2")
        let refusal = h.refusal(instance, .takeback, as: "leader1")
        #expect(refusal?.code == "conflict")
        #expect(refusal?.description.contains("赵领导 (leader2) has already acted") == true)
    }

    @Test("拿回 is refused in the first state and after a return")
    func takeBackRefusals() throws {
        let harness = try EngineHarness(chainFlow.replacingOccurrences(of: "RULE", with: "\"all\"")
            .replacingOccurrences(of: "RESUBMIT", with: ""))
        let first = try harness.start("chain", input: ["agent": "agent1"]).instance
        #expect(harness.refusal(first, .takeback, as: "agent1")?.description.contains("first state") == true)
        let (h, review) = try chainHarness()
        let returned = try h.apply(review, .return, as: "leader1") { $0.to = "check" }
        let refusal = h.refusal(returned, .takeback, as: "leader1")
        #expect(refusal?.code == "not_permitted")
        #expect(refusal?.description.contains("entered by return") == true)
    }

    @Test("拿回 of a 前加签 signer's approval: the adder waits again")
    func takeBackBeforeSigner() throws {
        let (h, review) = try chainHarness(rule: "\"any\"")
        var instance = try h.apply(review, .addsign, as: "leader1") { $0.to = "agent2"; $0.position = "before" }
        h.now = "2025-03-03T10:00:00+08:00"
        instance = try h.apply(instance, .approve, as: "agent2")
        #expect(instance.items.first { $0.assignee == "leader1" && $0.state == "review" }?.status == .open)
        h.now = "2025-03-03T11:00:00+08:00"
        instance = try h.apply(instance, .takeback, as: "agent2")
        #expect(instance.items.first { $0.assignee == "leader1" && $0.state == "review" }?.status == .waiting)
        #expect(instance.items.first { $0.assignee == "agent2" }?.status == .open)
        instance = try h.apply(instance, .approve, as: "agent2")
        instance = try h.apply(instance, .transfer, as: "leader1") { $0.to = "admin" }
        #expect(h.refusal(instance, .takeback, as: "agent2")?.code == "conflict")
    }

    @Test("拿回 of a step: a proxy assignment, an auto-approval and the applicant's 催办 are nobody acting")
    func takeBackStepPastNonActions() throws {
        let h = try steps(#"person("lead")"#, #"{ person("wang"), person("boss") }"#, policyB: #"self = "skip""#,
                          people: try orgPeople(delegations: ["boss": away(to: "zhao")]))
        var instance = try submitted(h)
        instance = try h.apply(instance, .approve, as: "lead")
        #expect(openAssignees(instance) == ["zhao"], "wang auto-approved, boss's item with zhao (代)")
        instance = try h.apply(instance, .urge, as: "wang")
        // Before the fix: "system has already acted on item …".
        let back = try h.apply(instance, .takeback, as: "lead")
        #expect(back.state == "a")
        #expect(openAssignees(back) == ["lead"])
        // A person acting still stops it, and is named.
        let transferred = try h.apply(instance, .transfer, as: "zhao") { $0.to = "li" }
        #expect(h.refusal(transferred, .takeback, as: "lead")?.description.contains("赵 (zhao) has already acted") == true)
    }

    @Test("拿回 of a decision at one instant: the next approver's proxy event and an urge do not stop it")
    func takeBackDecisionPastNonActions() throws {
        let h = try steps(#"{ person("lead"), person("boss") }"#, policyA: #"rule = "sequential""#,
                          people: try orgPeople(delegations: ["boss": away(to: "zhao")]))
        var instance = try submitted(h)
        instance = try h.apply(instance, .approve, as: "lead")
        #expect(openAssignees(instance) == ["zhao"])
        instance = try h.apply(instance, .urge, as: "wang")
        // Before the fix the proxy event, at the same instant as the decision, counted as acting.
        instance = try h.apply(instance, .takeback, as: "lead")
        #expect(openAssignees(instance) == ["lead"])
        #expect(instance.items.first { $0.assignee == "zhao" }?.status == .waiting)
    }

    @Test("拿回 of a 前加签 signer's approval at the same instant as the 加签")
    func takeBackBeforeSignerSameInstant() throws {
        let (h, review) = try chainHarness(rule: "\"any\"")
        var instance = try h.apply(review, .addsign, as: "leader1") { $0.to = "agent2"; $0.position = "before" }
        instance = try h.apply(instance, .approve, as: "agent2")
        instance = try h.apply(instance, .takeback, as: "agent2")
        #expect(instance.items.first { $0.assignee == "leader1" && $0.state == "review" }?.status == .waiting)
        #expect(instance.items.first { $0.assignee == "agent2" }?.status == .open)
    }

    @Test("拿回 passes over a step nobody decided (auto-approved or when_empty skip) to the taker's own")
    func takeBackOverAutoStep() throws {
        for (b, policy) in [(#"person("lead")"#, #"dedupe = "once""#), (#"role("处长")"#, #"when_empty = "skip""#)] {
            let h = try steps(#"person("lead")"#, b, #"person("boss")"#, policyB: policy)
            var instance = try submitted(h)
            instance = try h.apply(instance, .approve, as: "lead")
            #expect(instance.state == "c", "\(policy)")
            // Before the fix the take-back entered b, which passed itself again (or waited there).
            instance = try h.apply(instance, .takeback, as: "lead")
            #expect(instance.state == "a", "\(policy)")
            #expect(openAssignees(instance) == ["lead"], "\(policy)")
        }
    }

    @Test("撤回 into a subflow or auto state is refused, naming it; 撤回 names who acted")
    func withdrawIntoMachineState() throws {
        let routed = try EngineHarness("""
            return workflow {
              name = "routed", start = "submit", input = { agent = "person" },
              states = {
                submit = task { title = "提交", assignee = "agent", on = { submitted = "route" } },
                route = auto { choose = function(ctx) return "go" end, on = { go = "review" } },
                review = approval { title = "审核", approvers = { role("主任") }, on = { approved = "done", rejected = "submit" } },
                done = final { },
              },
            }
            """)
        var instance = try routed.start("routed", input: ["agent": "agent1"]).instance
        instance = try routed.apply(instance, .complete, as: "agent1")
        #expect(instance.state == "review")
        let auto = try #require(routed.refusal(instance, .withdraw, as: "agent1"))
        #expect(auto.code == "invalid", "before the fix the route ran again and came back to review")
        #expect(auto.description.contains("the previous state 'route' (auto) is not one a person handles"))
        let transferred = try routed.apply(instance, .transfer, as: "director") { $0.to = "leader1" }
        let acted = try #require(routed.refusal(transferred, .withdraw, as: "agent1"))
        #expect(acted.code == "conflict")
        #expect(acted.description.contains("孙主任 (director) has already acted on item"), "\(acted.description)")

        let h = try EngineHarness(SubflowEndTests.child, """
            return workflow {
              name = "parent", start = "wait_child", input = { agent = "person" },
              states = {
                wait_child = subflow {
                  workflow = "child", input = function(ctx) return { agent = ctx.data.agent } end,
                  on = { ok = "review", refused = "done", cancelled = "done", failed = "done" },
                },
                review = approval { title = "审核", approvers = { role("主任") }, on = { approved = "done", rejected = "done" } },
                done = final { },
              },
            }
            """)
        let parent = try h.start("parent", input: ["agent": "agent1"]).instance
        let reviewing = try h.apply(parent, .message, as: "system") { command in
            command.event = "ok"
            command.data = ["child": "i1.c1", "status": "completed", "outcome": "ok", "data": [:]]
            command.key = "a"
        }
        #expect(reviewing.state == "review")
        let subflow = try #require(h.refusal(reviewing, .withdraw, as: "agent1"))
        #expect(subflow.code == "invalid", "before the fix the child was started again")
        #expect(subflow.description.contains("'wait_child' (subflow)"))
        #expect(subflow.description.contains("would start its subflow again"))
    }

    @Test("退回 then 正常流转: the steps in between run again")
    func resubmitFlow() throws {
        let (h, review) = try chainHarness()
        var instance = try h.apply(review, .return, as: "leader1") { $0.to = "draft" }
        instance = try h.apply(instance, .complete, as: "agent1") { $0.event = "submitted" }
        #expect(instance.state == "check")
    }

    @Test("退回 then 直达: the returned-to step goes straight back to the state that returned it")
    func resubmitDirect() throws {
        let (h, review) = try chainHarness(resubmit: "direct")
        var instance = try h.apply(review, .return, as: "leader1") { $0.to = "draft"; $0.comment = "补材料" }
        #expect(instance.state == "draft")
        // Returning forward (to review, visited but after draft now) is refused.
        let forward = h.refusal(instance, .return, as: "agent1") { $0.to = "review" }
        #expect(forward?.code == "invalid")
        #expect(forward?.description.contains("returning forward is refused") == true)
        let outcome = try h.engine.apply(h.command(.complete, "agent1") { $0.event = "submitted" }, to: instance)
        instance = outcome.instance
        #expect(instance.state == "review")
        #expect(openAssignees(instance) == ["leader1", "leader2", "leader3"])
        #expect(outcome.logs.contains { $0.contains("直达") })
        // Another outcome of the returned-to step takes its own route.
        var dropped = try h.apply(review, .return, as: "leader1") { $0.to = "draft" }
        dropped = try h.apply(dropped, .complete, as: "agent1") { $0.event = "dropped" }
        #expect(dropped.state == "dropped")
        // Returned to check (the step right before): its approval goes on to review as usual.
        var checked = try h.apply(review, .return, as: "leader2") { $0.to = "check" }
        checked = try h.apply(checked, .approve, as: "director")
        #expect(checked.state == "review")
        // A later, ordinary pass through draft flows normally.
        var later = try h.apply(instance, .reject, as: "leader1")
        later = try h.apply(later, .complete, as: "agent1") { $0.event = "submitted" }
        #expect(later.state == "check")
    }

    @Test("the diagram notes 直达 on the state, and labels its declared returns")
    func diagram() throws {
        let source = chainFlow.replacingOccurrences(of: "RULE", with: "\"all\"")
            .replacingOccurrences(of: "RESUBMIT", with: "resubmit = \"direct\", return_to = { \"draft\" },")
        let definition = try #require(try EngineHarness(source).definitions["chain"])
        let text = WorkflowDiagram.mermaid(definition, highlight: nil)
        #expect(text.contains("note right of review: 退回后直达 (resubmit direct)"), "\(text)")
        #expect(text.contains("review --> draft: ↩ 退回 (直达)"), "\(text)")
    }

    @Test("resubmit must be flow or direct; lint warns about direct with nothing to return to")
    func resubmitChecks() throws {
        let bad = chainFlow.replacingOccurrences(of: "RULE", with: "\"all\"")
            .replacingOccurrences(of: "RESUBMIT", with: "resubmit = \"straight\",")
        #expect(problems(bad).contains { $0.contains("resubmit = \"straight\" is unknown") })
        let onStart = cleanFlow.replacingOccurrences(of: "title = \"收集材料\", assignee = \"agent\",",
                                                     with: "title = \"收集材料\", assignee = \"agent\", resubmit = \"direct\",")
        #expect(try lint(onStart).map(\.kind) == ["resubmit-no-return"])
        let onReview = cleanFlow.replacingOccurrences(of: "approvers = { role(\"主任\") },",
                                                      with: "approvers = { role(\"主任\") }, resubmit = \"direct\",")
        #expect(try lint(onReview).isEmpty)
    }
}
