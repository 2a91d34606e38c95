import AgencyJSON
import Testing
@testable import WorkflowEngine

/// Multi-instance subflows (`each`, `complete`) and 抄送 (`cc`, `ctx:cc`).
@Suite struct MultiSubflowAndCCTests {
    static func parent(_ complete: String, on: String = "completed = \"done\", failed = \"short\", cancelled = \"short\"")
        -> String {
        """
        return workflow {
          name = "parent", start = "permits", input = { agent = "person", permits = "list" },
          states = {
            permits = subflow {
              workflow = "child", each = "permits", complete = \(complete),
              input = function(ctx, element, index) return { agent = ctx.data.agent, name = element, n = index } end,
              on = { \(on) },
            },
            done = final { enter = function(ctx, ev) ctx.data.ended = #ev.data.children end },
            short = final { },
          },
        }
        """
    }

    func end(_ child: String, _ status: String, key: String) -> (inout Command) -> Void {
        { command in
            command.event = status == "completed" ? "ok" : status
            command.data = ["child": .string(child), "status": .string(status),
                            "outcome": .string(status == "completed" ? "ok" : ""), "data": [:]]
            command.key = key
        }
    }

    @Test("each starts one child per element with (ctx, element, index), and all waits for every child")
    func eachAll() throws {
        let h = try EngineHarness(Self.parent("\"all\""))
        let started = try h.start("parent", input: ["agent": "agent1", "permits": ["消防", "环评", "规划"]])
        let starts = started.messages.filter { $0.kind == .start }
        #expect(starts.map(\.target) == ["i1.c1", "i1.c2", "i1.c3"])
        #expect(starts[1].input?["name"]?.stringValue == "环评")
        #expect(starts[1].input?["n"]?.intValue == 2)
        #expect(started.instance.subflows?.map(\.index) == [1, 2, 3])
        #expect(started.instance.openItems.count == 1)
        var instance = try h.apply(started.instance, .message, as: "system", end("i1.c1", "completed", key: "a"))
        instance = try h.apply(instance, .message, as: "system", end("i1.c3", "completed", key: "b"))
        #expect(instance.state == "permits")
        instance = try h.apply(instance, .message, as: "system", end("i1.c2", "completed", key: "c"))
        #expect(instance.state == "done")
        #expect(instance.data["ended"]?.intValue == 3)
    }

    @Test("any takes completed at the first child and cancels the rest")
    func eachAny() throws {
        let h = try EngineHarness(Self.parent("\"any\""))
        let started = try h.start("parent", input: ["agent": "agent1", "permits": ["a", "b", "c"]]).instance
        let outcome = try h.engine.apply(h.command(.message, "system", end("i1.c2", "completed", key: "a")), to: started)
        #expect(outcome.instance.state == "done")
        #expect(outcome.messages.filter { $0.kind == .cancel }.map(\.target) == ["i1.c1", "i1.c3"])
    }

    @Test("at_least takes failed once the rule is out of reach, and cancels the running rest")
    func eachAtLeastOutOfReach() throws {
        let h = try EngineHarness(Self.parent("{ at_least = 2 }"))
        let started = try h.start("parent", input: ["agent": "agent1", "permits": ["a", "b", "c"]]).instance
        let one = try h.apply(started, .message, as: "system", end("i1.c1", "failed", key: "a"))
        #expect(one.state == "permits")
        let outcome = try h.engine.apply(h.command(.message, "system", end("i1.c2", "cancelled", key: "b")), to: one)
        #expect(outcome.instance.state == "short")
        #expect(outcome.instance.path.last?.event == "failed")
        #expect(outcome.messages.filter { $0.kind == .cancel }.map(\.target) == ["i1.c3"])
    }

    @Test("at_least above the number of elements is refused on entering, naming the state, the field and the count")
    func eachAtLeastUnreachable() throws {
        let h = try EngineHarness(Self.parent("{ at_least = 3 }"))
        do {
            _ = try h.start("parent", input: ["agent": "agent1", "permits": ["a", "b"]])
            Issue.record("an at_least of 3 over 2 elements was accepted")
        } catch let error as EngineError {
            #expect(error.code == "invalid")
            #expect(error.description == "subflow state 'permits': complete = { at_least = 3 } needs 3 children to "
                        + "complete, but data.permits holds only 2 elements, so the rule could never be met; give "
                        + "data.permits at least 3 elements, or lower at_least")
        }
        // Exactly n elements is fine: every child must complete.
        let three = try h.start("parent", input: ["agent": "agent1", "permits": ["a", "b", "c"]])
        #expect(three.instance.subflows?.count == 3)
    }

    @Test("cancelling the parent cancels failed children too; meeting the rule cancels only the running ones")
    func cancelsAndFailedChildren() throws {
        let h = try EngineHarness(Self.parent("\"any\""))
        let started = try h.start("parent", input: ["agent": "agent1", "permits": ["a", "b", "c"]]).instance
        let one = try h.apply(started, .message, as: "system", end("i1.c1", "failed", key: "a"))
        #expect(one.state == "permits" && one.status == .running)
        let cancelled = try h.engine.apply(h.command(.cancel, "admin") { $0.reason = "项目终止" }, to: one)
        #expect(cancelled.messages.filter { $0.kind == .cancel }.map(\.target) == ["i1.c1", "i1.c2", "i1.c3"])
        // The rule met by c2: c3 is cancelled, the failed c1 keeps its incident for the operator.
        let met = try h.engine.apply(h.command(.message, "system", end("i1.c2", "completed", key: "b")), to: one)
        #expect(met.instance.state == "done")
        #expect(met.messages.filter { $0.kind == .cancel }.map(\.target) == ["i1.c3"])
    }

    @Test("an empty list takes completed at once, logged; each naming a non-list is refused")
    func emptyAndNotAList() throws {
        let h = try EngineHarness(Self.parent("\"all\""))
        let empty = try h.start("parent", input: ["agent": "agent1", "permits": []])
        #expect(empty.instance.state == "done")
        #expect(empty.messages.isEmpty)
        #expect(empty.logs.contains { $0.contains("empty") })
        let wrong = try EngineHarness("""
            return workflow {
              name = "p2", start = "s", input = { agent = "person" },
              on_start = function(ctx) ctx.data.permits = "消防" end,
              states = { s = subflow { workflow = "child", each = "permits", on = { completed = "d" } }, d = final {} },
            }
            """)
        #expect(throws: EngineError.self) { try wrong.start("p2", input: ["agent": "agent1"]) }
    }

    @Test("cc on entering a state and ctx:cc from a hook: recorded, notified once per visit")
    func carbonCopy() throws {
        let h = try EngineHarness("""
            return workflow {
              name = "memo", start = "draft", input = { agent = "person" },
              states = {
                draft = task {
                  assignee = "agent", cc = { role("主任"), person("leader1") },
                  on = { submitted = { to = "filed", action = function(ctx) ctx:cc({ "leader2", "leader1" }, "请阅") end } },
                },
                filed = final { cc = person("leader1") },
              },
            }
            """)
        let started = try h.start("memo", input: ["agent": "agent1"])
        #expect(started.instance.cc?.map(\.to) == ["director", "leader1"])
        #expect(started.notifications.filter { $0.kind == "cc" }.map(\.to) == ["director", "leader1"])
        let done = try h.engine.apply(h.command(.complete, "agent1"), to: started.instance)
        // The action copies leader2 (leader1 already had this visit's copy), then the final
        // state's cc copies leader1 again: a new state visit.
        let copies = try #require(done.instance.cc)
        #expect(copies.map(\.to) == ["director", "leader1", "leader2", "leader1"])
        #expect(copies[2].note == "请阅" && copies[2].by == "agent1" && copies[2].state == "draft")
        #expect(copies[3].state == "filed")
    }

    @Test("lint: subflow without end routes, each naming a non-list input")
    func lint() throws {
        let h = try EngineHarness("""
            return workflow {
              name = "p3", start = "s", input = { agent = "person", permits = "string" },
              states = { s = subflow { workflow = "child", each = "permits", on = { completed = "d" } }, d = final {} },
            }
            """)
        let warnings = DefinitionLint.warnings(try #require(h.definitions["p3"]), people: nil)
        #expect(warnings.contains { $0.kind == "subflow-end-route" && $0.message.contains("cancelled, failed") })
        #expect(warnings.contains { $0.kind == "each-not-list" })
    }

    @Test("a complete rule that is not one of the choices is named with its value")
    func badComplete() throws {
        let found = problems(Self.parent("\"most\""))
        #expect(found.contains { $0.contains(#"complete must be "all", "any" or { at_least = n }, got "most""#) },
                "\(found)")
        #expect(problems(Self.parent("3")).contains { $0.contains("got number") })
    }
}
