import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// Subflows through the service's outbox (issue #15): ends of every kind reach the parent,
/// cancels go down the tree once each, journaled with the reason, and every instance still
/// replays to its snapshot.
@Suite struct SubflowServiceTests {
    static let leaf = """
        return workflow {
          name = "leaf", title = "手续", start = "work", input = { agent = "person", broken = "boolean?" },
          states = {
            work = task {
              title = "办理", assignee = "agent", due = hours(2),
              escalate = { { after = hours(1), escalate_to = function(ctx)
                if ctx.data.broken then error("督办对象配置错误") end
                return "leader1"
              end } },
              on = { done = "ok" },
            },
            ok = final { outcome = "issued" },
          },
        }
        """

    static let middle = """
        return workflow {
          name = "middle", title = "手续计划", start = "run", input = { agent = "person", broken = "boolean?" },
          states = {
            run = subflow {
              workflow = "leaf", input = function(ctx) return { agent = ctx.data.agent, broken = ctx.data.broken } end,
              on = { issued = "ready", cancelled = "stopped", failed = "stopped" },
            },
            ready = final { },
            stopped = final { },
          },
        }
        """

    static let outer = """
        return workflow {
          name = "outer", title = "项目", start = "plan", input = { agent = "person", permits = "list?" },
          states = {
            plan = subflow {
              workflow = "middle", due = workdays(5), input = function(ctx) return { agent = ctx.data.agent } end,
              on = { ready = "built", cancelled = "stuck", failed = "stuck" },
            },
            built = final { },
            stuck = final { },
          },
        }
        """

    static let many = """
        return workflow {
          name = "many", title = "并联手续", start = "permits", input = { agent = "person", permits = "list" },
          states = {
            permits = subflow {
              workflow = "leaf", each = "permits", complete = "any", cc = person("director"),
              input = function(ctx, element, index) return { agent = ctx.data.agent } end,
              on = { completed = "done", failed = "stuck", cancelled = "stuck" },
            },
            done = final { },
            stuck = final { },
          },
        }
        """

    /// A middle level with no route for a cancelled or failed child (an incident there),
    /// under an outer level that routes `failed`.
    static let strictMiddle = """
        return workflow {
          name = "strict_middle", title = "手续计划", start = "run", input = { agent = "person" },
          states = {
            run = subflow {
              workflow = "leaf", input = function(ctx) return { agent = ctx.data.agent } end,
              on = { issued = "ready" },
            },
            ready = final { },
          },
        }
        """

    static let strictOuter = """
        return workflow {
          name = "strict_outer", title = "项目", start = "plan", input = { agent = "person" },
          states = {
            plan = subflow {
              workflow = "strict_middle", input = function(ctx) return { agent = ctx.data.agent } end,
              on = { ready = "built", failed = "stuck", cancelled = "stuck" },
            },
            built = final { },
            stuck = final { },
          },
        }
        """

    /// Three leaves, any one is enough; the first one's ladder fails.
    static let manyOneBroken = """
        return workflow {
          name = "many_broken", title = "并联手续", start = "permits", input = { agent = "person", permits = "list" },
          states = {
            permits = subflow {
              workflow = "leaf", each = "permits", complete = "any",
              input = function(ctx, element, index) return { agent = ctx.data.agent, broken = index == 1 } end,
              on = { completed = "done", failed = "stuck", cancelled = "stuck" },
            },
            done = final { },
            stuck = final { },
          },
        }
        """

    func fixture() throws -> ServiceFixture {
        try ServiceFixture(workflows: ["leaf": Self.leaf, "middle": Self.middle, "outer": Self.outer,
                                       "many": Self.many, "strict_middle": Self.strictMiddle,
                                       "strict_outer": Self.strictOuter, "many_broken": Self.manyOneBroken])
    }

    func cancel(_ fixture: ServiceFixture, _ id: String, at time: String, reason: String) throws -> CommandResult {
        var command = Command(kind: .cancel, actor: "admin", at: stamp(time))
        command.reason = reason
        return try fixture.service.execute(id, command)
    }

    @Test("cancelling a parent cancels its children and grandchildren, journaled in each with the reason")
    func cancelCascadesDown() throws {
        let fixture = try fixture()
        try fixture.start("outer", id: "P", at: "2025-03-03T09:00", input: ["agent": "agent1"])
        #expect(try fixture.instanceIDs() == ["P", "P.c1", "P.c1.c1"])
        #expect(try fixture.instance("P").openItems.map(\.kind) == [.wait])
        let result = try cancel(fixture, "P", at: "2025-03-03T10:00", reason: "项目终止")
        #expect(result.delivery.cancelled.sorted() == ["P.c1", "P.c1.c1"])
        for id in ["P", "P.c1", "P.c1.c1"] {
            #expect(try fixture.instance(id).status == .cancelled)
            #expect(try fixture.instance(id).openItems.isEmpty)
            #expect(try fixture.service.verify(id).isOK)
        }
        let record = try #require(try fixture.records("P.c1.c1", kind: "cancel").first)
        #expect(record["details"]?["command"]?["reason"]?.stringValue == "父流程 P.c1 已取消：父流程 P 已取消：项目终止")
        #expect(record["actor"]?.stringValue == "admin")
        // Delivering again changes nothing: the outbox is empty and each key applied once.
        #expect(fixture.service.deliverOutbox(at: shanghaiTime("2025-03-03T11:00")).cancelled.isEmpty)
    }

    @Test("a child cancelled by an admin moves its parent on by its cancelled route")
    func childCancelledReachesParent() throws {
        let fixture = try fixture()
        try fixture.start("middle", id: "M", at: "2025-03-03T09:00", input: ["agent": "agent1"])
        _ = try cancel(fixture, "M.c1", at: "2025-03-03T10:00", reason: "申请人撤回")
        let parent = try fixture.instance("M")
        #expect(parent.state == "stopped")
        #expect(parent.subflows?.first?.status == .cancelled)
        #expect(try fixture.service.verify("M").isOK)
    }

    @Test("a child failed by a timer tells its parent, which takes its failed route; the child keeps its incident")
    func childFailureReachesParent() throws {
        let fixture = try fixture()
        try fixture.start("middle", id: "M", at: "2025-03-03T09:00", input: ["agent": "agent1", "broken": true])
        try fixture.tick(until: "2025-03-03T10:30")
        #expect(try fixture.instance("M.c1").status == .failed)
        let parent = try fixture.instance("M")
        #expect(parent.state == "stopped")
        #expect(parent.subflows?.first?.status == .failed)
        #expect(try fixture.instance("M.c1").incident != nil)
        #expect(try fixture.service.verify("M.c1").isOK)
        #expect(try fixture.service.verify("M").isOK)
    }

    @Test("each with any: the first child to complete moves the parent on and the others are cancelled; cc is read back")
    func eachAnyCancelsTheRest() throws {
        let fixture = try fixture()
        try fixture.start("many", id: "N", at: "2025-03-03T09:00", input: ["agent": "agent1", "permits": ["a", "b", "c"]])
        #expect(try fixture.instanceIDs() == ["N", "N.c1", "N.c2", "N.c3"])
        var complete = Command(kind: .complete, actor: "agent1", at: stamp("2025-03-03T09:30"))
        complete.event = "done"
        let result = try fixture.service.execute("N.c2", complete)
        #expect(result.delivery.cancelled.sorted() == ["N.c1", "N.c3"])
        let parent = try fixture.instance("N")
        #expect(parent.state == "done")
        #expect(parent.subflows?.map(\.status) == [.cancelled, .completed, .cancelled])
        #expect(try fixture.instance("N.c1").status == .cancelled)
        let copies = try fixture.service.carbonCopies("director")
        #expect(copies.map(\.0.id) == ["N"])
        #expect(try fixture.notifications(to: "director", kind: "cc").count == 1)
        for id in ["N", "N.c1", "N.c2", "N.c3"] { #expect(try fixture.service.verify(id).isOK) }
    }

    @Test("a middle level's incident (no route for its child's end) reaches the outer level as 'failed'")
    func middleIncidentReachesOuter() throws {
        let fixture = try fixture()
        try fixture.start("strict_outer", id: "P", at: "2025-03-03T09:00", input: ["agent": "agent1"])
        #expect(try fixture.instanceIDs() == ["P", "P.c1", "P.c1.c1"])
        _ = try cancel(fixture, "P.c1.c1", at: "2025-03-03T10:00", reason: "申请人撤回")
        let middle = try fixture.instance("P.c1")
        #expect(middle.status == .failed)
        let incident = try #require(middle.incident)
        let outer = try fixture.instance("P")
        #expect(outer.state == "stuck")
        #expect(outer.subflows?.first?.status == .failed)
        let taken = try #require(try fixture.records("P", kind: "message").last)
        #expect(taken["details"]?["command"]?["data"]?["reason"]?.stringValue == incident.message)
        for id in ["P", "P.c1", "P.c1.c1"] { #expect(try fixture.service.verify(id).isOK) }
    }

    @Test("cancelling a parent ends its failed child's incident too; the child is cancelled, and replays")
    func cancelReachesFailedChild() throws {
        let fixture = try fixture()
        try fixture.start("many_broken", id: "N", at: "2025-03-03T09:00",
                          input: ["agent": "agent1", "permits": ["a", "b", "c"]])
        try fixture.tick(until: "2025-03-03T10:30")
        #expect(try fixture.instance("N.c1").status == .failed)
        #expect(try fixture.instance("N").subflows?.map(\.status) == [.failed, .running, .running])
        let result = try cancel(fixture, "N", at: "2025-03-03T11:00", reason: "项目终止")
        #expect(result.delivery.cancelled.sorted() == ["N.c1", "N.c2", "N.c3"])
        let child = try fixture.instance("N.c1")
        #expect(child.status == .cancelled && child.incident == nil)
        #expect(try fixture.instance("N").subflows?.map(\.status) == [.cancelled, .cancelled, .cancelled])
        for id in ["N", "N.c1", "N.c2", "N.c3"] { #expect(try fixture.service.verify(id).isOK) }
    }
}
