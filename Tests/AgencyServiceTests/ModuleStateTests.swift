import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// A hook sees the workflow file's module state as it was right after the file ran: what
/// one call leaves in module locals, tables they hold, or globals is gone by the next, so
/// the instances one process handles decide exactly as a replay in a fresh process does.
@Suite struct ModuleStateTests {
    static let counting = """
        local count = 0
        local seen = {}
        local limits = { first = 1 }
        return workflow {
          name = "counting",
          title = "计数",
          input = { agent = "person" },
          start = "work",
          states = {
            work = task {
              title = "办理",
              assignee = "agent",
              enter = function(ctx)
                count = count + 1
                seen[#seen + 1] = ctx.instance.id
                limits.first = limits.first + 10
                total = (total or 0) + 1
                ctx.data.missing = limits.missing or "none"   -- a metatable left by an earlier call?
                setmetatable(limits, { __index = function() return "leaked" end })
                ctx.data.count, ctx.data.seen, ctx.data.first = count, #seen, limits.first
                ctx.data.total = total
              end,
              on = { done = "done" },
            },
            done = final { outcome = "done" },
          },
        }
        """

    @Test func nothingCarriesFromOneInstanceToTheNext() throws {
        let fixture = try ServiceFixture(workflows: ["counting": Self.counting])
        for id in ["C1", "C2", "C3"] {
            let instance = try fixture.start("counting", id: id, at: "2025-03-03T09:00", input: ["agent": "agent1"])
            #expect(instance.data["count"] == 1, "\(id)")
            #expect(instance.data["seen"] == 1, "\(id)")
            #expect(instance.data["first"] == 11, "\(id)")
            #expect(instance.data["total"] == 1, "\(id)")
            #expect(instance.data["missing"] == "none", "\(id)")
        }
        // And so each replays exactly, in this process or a fresh one.
        for id in ["C1", "C2", "C3"] {
            #expect(try fixture.service.verify(id).isOK)
            #expect(try fixture.makeService().verify(id).isOK)
        }
    }
}
