import Testing
@testable import WorkflowEngine

@Suite("Diagrams")
struct DiagramTests {
    @Test("Mermaid shows states, events, timeouts, ladders and the instance path")
    func mermaid() throws {
        let h = try EngineHarness(permitFlow)
        let definition = try #require(h.definitions["permit"])
        let text = WorkflowDiagram.mermaid(definition, highlight: .init(visited: ["collect", "route", "filed"],
                                                                        current: "filed"))
        #expect(text.hasPrefix("stateDiagram-v2\n"))
        #expect(text.contains("  [*] --> collect\n"))
        #expect(text.contains("  collect --> route: submitted\n"))
        #expect(text.contains("  filed --> done: issued [guard]\n"))
        #expect(text.contains("  filed --> overdue: ⏰ timeout\n"))
        #expect(text.contains("  note right of collect: due 3wd\n"))
        #expect(text.contains("  class filed current\n"))
        #expect(text.contains("  class collect,route visited\n"))
        #expect(text.contains("  done --> [*]\n"))
    }

    @Test("DOT marks timeouts dashed red and escalations as notes")
    func dot() throws {
        let h = try EngineHarness("""
            return workflow {
              name = "ladder", start = "work",
              states = {
                work = task { assignee = "agent", due = workdays(5),
                  escalate = { { after = workdays(2), remind = "assignee", every = days(1), times = 2 },
                               { after = workdays(4), escalate_to = role("包联领导"), level = "督办" } },
                  timeout = "late", on = { done = "end" } },
                late = task { assignee = "agent", on = { done = "end" } },
                ["end"] = final { },
              },
            }
            """)
        let text = WorkflowDiagram.dot(try #require(h.definitions["ladder"]))
        #expect(text.contains("\"work\" -> \"late\" [label=\"⏰ timeout\", style=dashed, color=red, fontcolor=red];"))
        #expect(text.contains("催办 after 2wd ×2 → assignee; 督办 after 4wd → role:包联领导"))
        #expect(text.contains("\"end\" [label=\"end (final: end)\", peripheries=2];"))
    }
}
