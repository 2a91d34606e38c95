import AgencyJSON
import Testing
@testable import WorkflowEngine

let permitFlow = """
return workflow {
  name = "permit",
  title = "项目手续代办",
  input = { project = "string", item = "string", agent = "person", leader = "person",
            limit = "integer", amount = "number?" },
  start = "collect",
  states = {
    collect = task {
      title = "收集申报材料",
      assignee = "agent",
      due = workdays(3),
      on = {
        submitted = { to = "route", action = function(ctx, ev) ctx.data.submitted_at = ctx.now end },
      },
    },
    route = auto {
      choose = function(ctx)
        if (ctx.data.amount or 0) > 10000 then return "big" end
        return "small"
      end,
      on = { big = "checks", small = "filed" },
    },
    checks = parallel {
      title = "并联审查",
      items = {
        { key = "fire", title = "消防审查", assignee = "agent" },
        { key = "env", title = "环评审查", assignee = "leader" },
      },
      join = "all",
      on = { done = "filed" },
    },
    filed = wait {
      title = "部门审批中",
      by = "agent",
      due = function(ctx) return workdays(ctx.data.limit) end,
      on = {
        issued = { to = "done", guard = function(ctx, ev) return ev.data ~= nil and ev.data.doc_no ~= nil end,
                   action = function(ctx, ev) ctx.data.doc_no = ev.data.doc_no; ctx:log("发证", ev.data.doc_no) end },
        returned = "collect",
      },
      timeout = "overdue",
    },
    overdue = task { title = "超期协调", assignee = "leader", on = { resolved = "filed" } },
    done = final { outcome = "issued" },
  },
}
"""

let baseInput: JSONValue = ["project": "光伏电站", "item": "施工许可", "agent": "agent1",
                            "leader": "leader1", "limit": 5]

@Suite("State kinds")
struct StateKindTests {
    @Test("ctx:log with no values, and ctx.log written with a dot, log empty lines instead of crashing")
    func logWithoutValues() throws {
        let h = try EngineHarness("""
            return workflow {
              name = "logs", start = "a",
              states = {
                a = task { title = "办理", assignee = person("agent1"),
                           on = { done = { to = "z", action = function(ctx)
                             ctx:log(); ctx.log(); ctx:log("办结", 1)
                           end } } },
                z = final { },
              },
            }
            """)
        let instance = try h.start("logs", input: [:]).instance
        let outcome = try h.engine.apply(h.command(.complete, "agent1"), to: instance)
        #expect(outcome.logs == ["", "", "办结 1"])
    }

    @Test("task → auto → wait with a guard and an action → final")
    func mainPath() throws {
        let h = try EngineHarness(permitFlow)
        var instance = try h.start("permit", input: baseInput).instance
        #expect(instance.state == "collect")
        #expect(instance.openItems.first?.due == "2025-03-07T00:00:00+08:00")
        instance = try h.apply(instance, .complete, as: "agent1")
        #expect(instance.state == "filed")
        #expect(instance.data["submitted_at"] == .string(h.now))
        #expect(instance.path.map(\.state) == ["collect", "route", "filed"])
        // The guard refuses an event without a document number.
        #expect(h.refusal(instance, .send, as: "agent1") { $0.event = "issued" }?.code == "not_permitted")
        #expect(h.refusal(instance, .send, as: "agent2") { $0.event = "issued" }?.code == "not_permitted")
        let outcome = try h.engine.apply(h.command(.send, "agent1") {
            $0.event = "issued"
            $0.data = ["doc_no": "晋建施2025-001"]
        }, to: instance)
        #expect(outcome.instance.status == .completed)
        #expect(outcome.instance.outcome == "issued")
        #expect(outcome.instance.data["doc_no"] == "晋建施2025-001")
        #expect(outcome.logs == ["发证 晋建施2025-001"])
    }

    @Test("parallel items join when all are done")
    func parallel() throws {
        let h = try EngineHarness(permitFlow)
        var input = baseInput
        if case .object(var fields) = input { fields["amount"] = 20000; input = .object(fields) }
        var instance = try h.start("permit", input: input).instance
        instance = try h.apply(instance, .complete, as: "agent1")
        #expect(instance.state == "checks")
        #expect(openAssignees(instance) == ["agent1", "leader1"])
        instance = try h.apply(instance, .complete, as: "leader1")
        #expect(instance.state == "checks")
        instance = try h.apply(instance, .complete, as: "agent1")
        #expect(instance.state == "filed")
    }

    @Test("a timer past the due time turns the item red and times out")
    func timeout() throws {
        let h = try EngineHarness(permitFlow)
        var instance = try h.start("permit", input: baseInput).instance
        instance = try h.apply(instance, .complete, as: "agent1")
        let due = try #require(instance.timers.first { $0.kind == .due })
        h.now = due.at
        let outcome = try h.engine.apply(h.command(.timer, "system") { $0.timer = due.id }, to: instance)
        #expect(outcome.instance.state == "overdue")
        #expect(outcome.notifications.contains { $0.level == "red" })
        #expect(openAssignees(outcome.instance) == ["leader1"])
    }

    @Test("input is checked field by field at start")
    func inputValidation() throws {
        let h = try EngineHarness(permitFlow)
        do {
            _ = try h.start("permit", input: ["project": 3, "agent": "nobody", "limt": 5, "item": "x",
                                              "leader": "leader1"])
            Issue.record("start should have been refused")
        } catch let error as EngineError {
            let text = error.description
            #expect(text.contains("input.limt: not a field of workflow 'permit'"))
            #expect(text.contains("input.project: expected string, got integer"))
            #expect(text.contains("input.agent: 'nobody' is not in the people directory"))
            #expect(text.contains("input.limit: required (integer)"))
        }
    }

    @Test("a subflow starts a child through a message and resumes on its outcome")
    func subflow() throws {
        let h = try EngineHarness(permitFlow, """
            return workflow {
              name = "project", start = "permits",
              input = { agent = "person", leader = "person" },
              states = {
                permits = subflow {
                  workflow = "permit",
                  input = function(ctx) return { project = "P", item = "立项", agent = ctx.data.agent,
                                                  leader = ctx.data.leader, limit = 3 } end,
                  on = { issued = "built" },
                },
                built = final { },
              },
            }
            """)
        let outcome = try h.start("project", id: "p1", input: ["agent": "agent1", "leader": "leader1"])
        #expect(outcome.messages.count == 1)
        let message = try #require(outcome.messages.first)
        #expect(message.kind == .start)
        #expect(message.target == "p1.c1")
        #expect(message.workflow == "permit")
        #expect(message.parent == ParentLink(id: "p1", state: "permits"))
        let done = try h.apply(outcome.instance, .message, as: "system") { $0.event = "issued"; $0.key = "p1.c1-9" }
        #expect(done.state == "built")
        // The same message again changes nothing.
        let again = try h.apply(outcome.instance, .message, as: "system") { $0.event = "issued"; $0.key = "k" }
        let twice = try h.apply(again, .message, as: "system") { $0.event = "issued"; $0.key = "k" }
        #expect(twice == again)
    }

    @Test("hooks cannot reach the wall clock and replay gives the same instance")
    func replayDeterminism() throws {
        let h = try EngineHarness(permitFlow)
        let first = try h.start("permit", input: baseInput)
        let complete = h.command(.complete, "agent1")
        let second = try h.engine.apply(complete, to: first.instance)
        let startCommand = try #require(first.record["details"]?["command"]).decode(Command.self)
        let replayed = try h.engine.replay([startCommand, complete], id: "i1")
        #expect(replayed == second.instance)
    }
}
