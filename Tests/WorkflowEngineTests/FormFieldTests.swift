import AgencyJSON
import LuaRuntime
import Testing
@testable import WorkflowEngine

/// A claim with a form on each acting state: the agent fills the amount, the director may
/// correct it and must give an opinion; `secret` is hidden from the director.
let formFlow = """
return workflow {
  name = "claim",
  title = "费用报销",
  input = { agent = "person", amount = "number?", opinion = "string?", secret = "string?",
            note = "string?", seen = "string?" },
  start = "fill",
  states = {
    fill = task {
      title = "填写", assignee = "agent",
      fields = { amount = "required", note = "edit" },
      on = { submitted = "review" },
    },
    review = approval {
      title = "主任审核", approvers = { role("主任") }, rule = "any",
      fields = { amount = "edit", opinion = "required", secret = "hidden" },
      on = { approved = { to = "paid", action = function(ctx, ev)
                 ctx.data.seen = tostring(ctx.data.amount) .. "/" .. tostring(ev.data and ev.data.amount)
               end },
             rejected = "fill" },
    },
    paid = wait {
      title = "付款", by = "agent",
      fields = { note = "edit" },
      on = { paid = "done" },
    },
    done = final { },
  },
}
"""

@Suite("Per-state form fields")
struct FormFieldTests {
    func started() throws -> (EngineHarness, Instance) {
        let harness = try EngineHarness(formFlow)
        let instance = try harness.start("claim", input: ["agent": "agent1", "secret": "内部"]).instance
        return (harness, instance)
    }

    @Test("a key the state does not mark edit or required is refused, listing the editable fields")
    func notEditable() throws {
        let (h, start) = try started()
        let error = h.refusal(start, .complete, as: "agent1") { $0.data = ["amount": 10, "opinion": "x"] }
        #expect(error?.code == "invalid")
        #expect(error?.description == "data.opinion: not editable in state 'fill' (editable fields: amount, note)")
        let list = h.refusal(start, .complete, as: "agent1") { $0.data = [1, 2] }
        #expect(list?.description.contains("--data must be a JSON object") == true)
    }

    @Test("a required field must be filled after the merge, naming the field and the state")
    func required() throws {
        let (h, start) = try started()
        let error = h.refusal(start, .complete, as: "agent1") { $0.data = ["note": "发票3张"] }
        #expect(error?.description.hasPrefix("state 'fill' requires 'amount' to be filled in") == true)
        let blank = h.refusal(start, .complete, as: "agent1") { $0.data = ["amount": .null] }
        #expect(blank?.code == "invalid")
        let instance = try h.apply(start, .complete, as: "agent1") { $0.data = ["amount": 120.5, "note": "发票3张"] }
        #expect(instance.state == "review")
        #expect(instance.data["amount"] == .double(120.5))
        #expect(instance.data["note"] == "发票3张")
    }

    @Test("values must have the declared input type")
    func types() throws {
        let (h, start) = try started()
        let error = h.refusal(start, .complete, as: "agent1") { $0.data = ["amount": "一百"] }
        #expect(error?.description == "data.amount: expected number, got string")
    }

    @Test("accepted keys are in ctx.data before the hooks run; ctx.event.data still carries them")
    func mergedBeforeHooks() throws {
        let (h, start) = try started()
        var instance = try h.apply(start, .complete, as: "agent1") { $0.data = ["amount": 100] }
        instance = try h.apply(instance, .approve, as: "director") {
            $0.data = ["amount": 80, "opinion": "核减20元"]
        }
        #expect(instance.state == "paid")
        #expect(instance.data["amount"] == 80)
        #expect(instance.data["opinion"] == "核减20元")
        #expect(instance.data["seen"] == "80/80")
    }

    @Test("reject merges the data but does not enforce required fields")
    func rejectSkipsRequired() throws {
        let (h, start) = try started()
        var instance = try h.apply(start, .complete, as: "agent1") { $0.data = ["amount": 100] }
        #expect(h.refusal(instance, .approve, as: "director")?.description
                    .hasPrefix("state 'review' requires 'opinion'") == true)
        #expect(h.refusal(instance, .reject, as: "director") { $0.data = ["secret": "x"] } != nil)
        instance = try h.apply(instance, .reject, as: "director") { $0.data = ["amount": 90] }
        #expect(instance.state == "fill")
        #expect(instance.data["amount"] == 90)
    }

    @Test("send to a wait state with a form: only its fields")
    func waitForm() throws {
        let (h, start) = try started()
        var instance = try h.apply(start, .complete, as: "agent1") { $0.data = ["amount": 100] }
        instance = try h.apply(instance, .approve, as: "director") { $0.data = ["opinion": "同意"] }
        #expect(h.refusal(instance, .send, as: "agent1") { $0.event = "paid"; $0.data = ["amount": 1] } != nil)
        instance = try h.apply(instance, .send, as: "agent1") { $0.event = "paid"; $0.data = ["note": "已付"] }
        #expect(instance.status == .completed)
        #expect(instance.data["note"] == "已付")
    }

    @Test("a refusal for not holding the item comes before the form's")
    func permissionFirst() throws {
        let (h, start) = try started()
        #expect(h.refusal(start, .complete, as: "agent2") { $0.data = ["opinion": "x"] }?.code == "not_permitted")
    }

    @Test("hidden fields: hidden from the principal whose item a standing delegate (代理) holds")
    func hiddenFromPrincipal() throws {
        let h = try EngineHarness(formFlow)
        h.engine.people = try PeopleDirectory(people: testPeople.people.map { person in
            var person = person
            if person.id == "director" { person.delegations = away(to: "leader2") }
            return person
        })
        var instance = try h.start("claim", input: ["agent": "agent1", "secret": "内部"]).instance
        instance = try h.apply(instance, .complete, as: "agent1") { $0.data = ["amount": 100] }
        #expect(instance.openItems.first?.assignee == "leader2")
        let definition = try #require(h.definitions["claim"])
        // Before the fix the director, whose item it is, saw the field.
        #expect(instance.hiddenFields(for: "director", definition: definition, people: h.engine.people) == ["secret"])
        #expect(instance.hiddenFields(for: "leader2", definition: definition, people: h.engine.people) == ["secret"])
    }

    @Test("without fields, --data stays in ctx.event.data only, as before")
    func noForm() throws {
        let h = try EngineHarness(approvalFlow.replacingOccurrences(of: "RULE", with: "\"any\""))
        var instance = try h.start("review", input: ["project": "光伏", "agent": "agent1"]).instance
        instance = try h.apply(instance, .complete, as: "agent1") { $0.data = ["anything": 1] }
        #expect(instance.data["anything"] == nil)
        #expect(instance.state == "review")
    }

    @Test("hidden fields: hidden from people taking part in the state, not from admins or others")
    func hidden() throws {
        let (h, start) = try started()
        var instance = try h.apply(start, .complete, as: "agent1") { $0.data = ["amount": 100] }
        let definition = try #require(h.definitions["claim"])
        #expect(instance.hiddenFields(for: "director", definition: definition, people: testPeople) == ["secret"])
        #expect(instance.hiddenFields(for: "admin", definition: definition, people: testPeople).isEmpty)
        #expect(instance.hiddenFields(for: "agent1", definition: definition, people: testPeople).isEmpty)
        #expect(instance.hiddenFields(for: nil, definition: definition, people: testPeople) == ["secret"])
        #expect(instance.hiddenFields(for: "stranger", definition: definition, people: testPeople) == ["secret"])
        // A director who transferred the item away still took part in the state.
        instance = try h.apply(instance, .transfer, as: "director") { $0.to = "leader1" }
        #expect(instance.hiddenFields(for: "director", definition: definition, people: testPeople) == ["secret"])
        #expect(instance.hiddenFields(for: "leader1", definition: definition, people: testPeople) == ["secret"])
        let shown = instance.hiding(["secret"])
        #expect(shown.data["secret"] == nil && shown.input["secret"] == nil)
        #expect(shown.data["amount"] == 100)
    }

    @Test("validate: fields must name declared input fields and say edit, required or hidden")
    func validation() throws {
        let undeclared = problems(formFlow.replacingOccurrences(of: "note = \"edit\" },\n      on = { submitted",
                                                                with: "notes = \"edit\" },\n      on = { submitted"))
        #expect(undeclared.contains { $0.contains("fields.notes is not a declared input field") && $0.contains("did you mean 'note'") })
        let badAccess = problems(formFlow.replacingOccurrences(of: "secret = \"hidden\"", with: "secret = \"readonly\""))
        #expect(badAccess.contains { $0.contains("fields.secret must be one of \"edit\", \"required\", \"hidden\", got \"readonly\"") })
        let onFinal = problems(formFlow.replacingOccurrences(of: "done = final { }", with: "done = final { fields = { note = \"edit\" } }"))
        #expect(onFinal.contains { $0.contains("unknown key 'fields'") })
    }

    @Test("a checklist's items share the state's form")
    func parallelForm() throws {
        let h = try EngineHarness("""
            return workflow {
              name = "check", input = { agent = "person", fire = "string?", water = "string?" },
              start = "inspect",
              states = {
                inspect = parallel {
                  items = { { key = "fire", title = "消防", assignee = "agent" },
                            { key = "water", title = "供水", assignee = person("agent2") } },
                  fields = { fire = "edit", water = "edit" },
                  on = { done = "ok" },
                },
                ok = final { },
              },
            }
            """)
        var instance = try h.start("check", input: ["agent": "agent1"]).instance
        #expect(h.refusal(instance, .complete, as: "agent1") { $0.data = ["agent": "agent2"] }?.code == "invalid")
        instance = try h.apply(instance, .complete, as: "agent1") { $0.data = ["fire": "合格"] }
        instance = try h.apply(instance, .complete, as: "agent2") { $0.data = ["water": "合格"] }
        #expect(instance.status == .completed)
        #expect(instance.data["fire"] == "合格" && instance.data["water"] == "合格")
    }

    @Test("lint: a required field on a state whose timeout leaves it unfilled")
    func lintTimeout() throws {
        let source = formFlow.replacingOccurrences(of: "title = \"主任审核\",", with: "title = \"主任审核\", due = workdays(2), timeout = \"approve\",")
        let warnings = try lint(source).filter { $0.kind == "form-timeout" }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("state 'review' requires opinion in its form, but its timeout approves") == true)
    }
}
