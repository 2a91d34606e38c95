import AgencyJSON
import Foundation
import Testing
@testable import WorkflowEngine

/// Two small engine additions made for the zone's workflows: ladder rungs counted from
/// the due time (`from = "due"`), and `ctx:query` answers journaled with the command so
/// that a replay runs the hooks as they first ran.
@Suite struct LadderAnchorAndQueryTests {
    static let ladder = """
        return workflow {
          name = "anchored", input = { limit = "integer" }, start = "work",
          states = {
            work = task {
              title = "办理", assignee = person("agent1"),
              due = function(ctx) return workdays(ctx.data.limit) end,
              escalate = {
                { after = workdays(1), from = "due", remind = "assignee" },
                { after = workdays(2), from = "due", escalate_to = person("leader1") },
                { after = workdays(1), escalate_to = person("director") },
              },
              on = { done = "closed" },
            },
            closed = final { },
          },
        }
        """

    @Test func rungsCountFromTheDueDayOrFromCreation() throws {
        let harness = try EngineHarness(Self.ladder)
        harness.now = "2025-03-03T09:00:00+08:00"  // Monday
        let instance = try harness.start("anchored", input: ["limit": 3]).instance
        let item = try #require(instance.openItems.first)
        #expect(item.due == "2025-03-07T00:00:00+08:00")  // the end of Thursday 03-06
        let times = Dictionary(grouping: instance.timers, by: \.kind).mapValues { $0.map(\.at).sorted() }
        #expect(times[.remind] == ["2025-03-08T00:00:00+08:00"])            // the end of Friday 03-07
        #expect(times[.escalate] == ["2025-03-05T00:00:00+08:00",           // created + 1 wd
                                     "2025-03-11T00:00:00+08:00"])          // the end of Monday 03-10
    }

    @Test func anchorIsChecked() {
        let unknown = problems(Self.ladder.replacingOccurrences(of: "from = \"due\", remind", with: "from = \"start\", remind"))
        #expect(unknown.contains { $0.contains("from = \"start\" is not \"created\" or \"due\"") })
        let noDue = problems(Self.ladder.replacingOccurrences(
            of: "due = function(ctx) return workdays(ctx.data.limit) end,", with: ""))
        #expect(noDue.contains { $0.contains("from = \"due\" needs a due time") })
    }

    static let querying = """
        return workflow {
          name = "counting", start = "done",
          on_start = function(ctx)
            local found = ctx:query { workflow = "project" }
            ctx.data.count = #found
            ctx.data.second = #ctx:query { workflow = "permit" }
          end,
          states = { done = final { } },
        }
        """

    @Test func queryAnswersAreJournaledAndReplayed() throws {
        let harness = try EngineHarness(Self.querying)
        harness.engine.query = { filter in
            filter["workflow"] == "project" ? [["id": "P01"], ["id": "P02"]] : [["id": "X"]]
        }
        let outcome = try harness.start("counting", input: [:])
        #expect(outcome.instance.data["count"] == 2)
        #expect(outcome.instance.data["second"] == 1)
        let journaled = try #require(outcome.record["details"]?["command"]).decode(Command.self)
        #expect(journaled.queries == [[["id": "P01"], ["id": "P02"]], [["id": "X"]]])

        // Later the store holds other instances; the replay still sees the first answers.
        harness.engine.query = { _ in [] }
        let replayed = try harness.engine.replay([journaled], id: "i1")
        #expect(replayed == outcome.instance)
        // A command with fewer recorded answers than the hooks ask for is refused.
        var short = journaled
        short.queries = [[]]
        #expect(throws: EngineError.self) { try harness.engine.replay([short], id: "i1") }
    }
}
