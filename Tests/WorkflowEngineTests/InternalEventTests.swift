import AgencyJSON
import Testing
@testable import WorkflowEngine

/// Internal events (`stay = true`): recorded in any state kind without leaving it.
@Suite("Internal events")
struct InternalEventTests {
    static let flow = """
        return workflow {
          name = "site",
          input = { agent = "person", leader = "person" },
          start = "negotiate",
          states = {
            negotiate = task {
              title = "洽谈", assignee = "agent", due = workdays(5),
              on = {
                visit = { stay = true, by = { "agent", "leader" },
                          guard = function(ctx, ev)
                            if ev.data and ev.data.findings then return true end
                            return "请写明考察发现"
                          end,
                          action = function(ctx, ev)
                            ctx.data.visits = (ctx.data.visits or 0) + 1
                            ctx.data.findings = ev.data.findings
                          end },
                agreed = "children",
              },
            },
            children = subflow {
              workflow = "child", by = "agent",
              input = function(ctx) return { agent = ctx.data.agent } end,
              on = { completed = "done", note = { stay = true, action = function(ctx, ev) ctx.data.note = ev.data.text end } },
            },
            done = final { },
          },
        }
        """
    static let child = """
        return workflow { name = "child", input = { agent = "person" }, start = "a",
          states = { a = task { assignee = "agent", on = { ok = "z" } }, z = final { } } }
        """
    static let input: JSONValue = ["agent": "agent1", "leader": "leader1"]

    @Test("an internal event runs its action and keeps the state, its item and its deadline")
    func staysInTask() throws {
        let h = try EngineHarness(Self.flow, Self.child)
        let started = try h.start("site", input: Self.input).instance
        let item = try #require(started.openItems.first)
        h.now = "2025-03-05T10:00:00+08:00"
        let visited = try h.apply(started, .send, as: "leader1") {
            $0.event = "visit"
            $0.data = ["findings": "供电线路需改造"]
        }
        #expect(visited.state == "negotiate")
        #expect(visited.path.count == started.path.count)
        #expect(visited.data["visits"] == 1)
        #expect(visited.data["findings"] == "供电线路需改造")
        #expect(visited.openItems.map(\.id) == [item.id])
        #expect(visited.openItems.first?.due == item.due)
        // `complete` with the internal event does the same: the task stays open.
        let again = try h.apply(visited, .complete, as: "agent1") {
            $0.event = "visit"
            $0.data = ["findings": "用地已平整"]
        }
        #expect(again.data["visits"] == 2)
        #expect(again.openItems.map(\.id) == [item.id])
        // The task's only leaving event is still its default outcome.
        let left = try h.apply(again, .complete, as: "agent1")
        #expect(left.state == "children")
    }

    @Test("the guard refuses, and only the transition's `by` may send")
    func guardAndSenders() throws {
        let h = try EngineHarness(Self.flow, Self.child)
        let started = try h.start("site", input: Self.input).instance
        let refused = h.refusal(started, .send, as: "agent1") { $0.event = "visit" }
        #expect(refused?.description.contains("请写明考察发现") == true)
        let stranger = h.refusal(started, .send, as: "leader2") {
            $0.event = "visit"
            $0.data = ["findings": "x"]
        }
        #expect(stranger?.description.contains("may not send 'visit'") == true)
        let admin = try h.apply(started, .send, as: "admin") {
            $0.event = "visit"
            $0.data = ["findings": "x"]
        }
        #expect(admin.data["visits"] == 1)
    }

    @Test("a subflow state takes an internal event from a participant, and keeps waiting")
    func staysInSubflow() throws {
        let h = try EngineHarness(Self.flow, Self.child)
        let started = try h.start("site", input: Self.input).instance
        let waiting = try h.apply(started, .complete, as: "agent1")
        #expect(waiting.state == "children")
        let noted = try h.apply(waiting, .send, as: "agent1") {
            $0.event = "note"
            $0.data = ["text": "子流程进行中"]
        }
        #expect(noted.state == "children")
        #expect(noted.data["note"] == "子流程进行中")
        #expect(noted.openItems.count == waiting.openItems.count)
    }

    @Test("stay takes no `to`, and `by` needs stay")
    func validation() {
        let both = problems("""
            return workflow { name = "x", start = "a", states = {
              a = task { assignee = person("agent1"), on = { v = { stay = true, to = "z" }, go = "z" } },
              z = final { } } }
            """)
        #expect(both.contains { $0.contains("takes no 'to'") })
        let by = problems("""
            return workflow { name = "x", start = "a", states = {
              a = task { assignee = person("agent1"), on = { go = { to = "z", by = "agent" } } },
              z = final { } } }
            """)
        #expect(by.contains { $0.contains("goes with 'stay = true'") })
        let trapped = problems("""
            return workflow { name = "x", start = "a", states = {
              a = task { assignee = person("agent1"), on = { v = { stay = true } } },
              z = final { } } }
            """)
        #expect(trapped.contains { $0.contains("nothing can leave it") })
        let verdict = problems("""
            return workflow { name = "x", start = "a", states = {
              a = approval { approvers = { person("leader1") }, on = { approved = { stay = true }, rejected = "z" } },
              z = final { } } }
            """)
        #expect(verdict.contains { $0.contains("event 'approved' is taken by the engine") })
    }
}
