import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// One event cannot set off an endless cascade: chains of children stop at a depth, and
/// one event's messages to other instances are capped.
@Suite struct CascadeLimitTests {
    /// Starts another of itself as soon as it starts.
    static let selfStarting = """
        return workflow {
          name = "selfie",
          title = "自启动",
          input = { agent = "person" },
          start = "wait",
          on_start = function(ctx) ctx:start("selfie", { agent = ctx.data.agent }) end,
          states = { wait = task { title = "等待", assignee = "agent", on = { done = "done" } },
                     done = final { outcome = "done" } },
        }
        """

    /// Signals the same instance 101 times in one hook.
    static let flooding = """
        return workflow {
          name = "flood",
          title = "刷屏",
          input = { agent = "person" },
          start = "wait",
          states = {
            wait = task { title = "等待", assignee = "agent",
                          on = { go = { to = "done", action = function(ctx)
                            for i = 1, 101 do ctx:signal("target", "ping", { n = i }) end
                          end } } },
            done = final { outcome = "done" },
          },
        }
        """

    /// Starts a hundred of itself as soon as it starts.
    static let fanningOut = """
        return workflow {
          name = "fan",
          title = "扇出",
          input = { agent = "person" },
          start = "wait",
          on_start = function(ctx) for i = 1, 100 do ctx:start("fan", { agent = ctx.data.agent }) end end,
          states = { wait = task { title = "等待", assignee = "agent", on = { done = "done" } },
                     done = final { outcome = "done" } },
        }
        """

    /// Signals itself a hundred times on start and on every ping.
    static let pingPong = """
        return workflow {
          name = "pingpong",
          title = "乒乓",
          input = { agent = "person" },
          start = "wait",
          on_start = function(ctx) for i = 1, 100 do ctx:signal(ctx.instance.id, "ping", {}) end end,
          states = {
            wait = task { title = "等待", assignee = "agent", on = {
              ping = { to = "wait", action = function(ctx)
                for i = 1, 100 do ctx:signal(ctx.instance.id, "ping", {}) end
              end },
              done = "done" } },
            done = final { outcome = "done" },
          },
        }
        """

    @Test func aFanOutStopsWithinTheChainBudget() throws {
        let fixture = try ServiceFixture(workflows: ["fan": Self.fanningOut])
        let result = try fixture.service.start("fan", id: "F", input: ["agent": "agent1"], actor: "agent1",
                                               at: shanghaiTime("2025-03-03T09:00"))
        // Each child gets a ninth of what the root left and would start a hundred: each is
        // refused, so the root stands alone and its hundred messages are dropped.
        let ids = try fixture.instanceIDs()
        #expect(ids == ["F"])
        #expect(result.delivery.problems.filter { $0.contains("has used its budget") && $0.contains("dropped") }.count == 100)
        #expect(try fixture.service.store.pendingMessages().isEmpty)
        _ = try fixture.tick(until: "2025-03-04T09:00")
        #expect(try fixture.instanceIDs().count == ids.count, "later ticks start no more")
    }

    @Test func aSignalPingPongStopsWithinTheChainBudget() throws {
        let fixture = try ServiceFixture(workflows: ["pingpong": Self.pingPong])
        _ = try fixture.service.start("pingpong", id: "P", input: ["agent": "agent1"], actor: "agent1",
                                      at: shanghaiTime("2025-03-03T09:00"))
        let records = try fixture.records("P")
        #expect(records.count <= 1_002, "\(records.count)")
        _ = try fixture.tick(until: "2025-03-04T09:00")
        #expect(try fixture.records("P").count == records.count, "later ticks deliver no more")
        #expect(try fixture.service.verify("P").isOK)
    }

    @Test func aSelfStartingWorkflowStopsAtTheDepthLimit() throws {
        let fixture = try ServiceFixture(workflows: ["selfie": Self.selfStarting])
        let result = try fixture.service.start("selfie", id: "S", input: ["agent": "agent1"], actor: "agent1",
                                               at: shanghaiTime("2025-03-03T09:00"))
        let ids = try fixture.instanceIDs()
        #expect(ids.count == 8, "\(ids)")
        #expect(ids.max { $0.count < $1.count } == "S" + String(repeating: ".c1", count: 7))
        #expect(result.delivery.problems.contains { $0.contains("levels below the instance that began its chain") },
                "\(result.delivery.problems)")
        for id in ids { #expect(try fixture.service.verify(id).isOK) }
    }

    @Test func oneEventMaySendAtMostAHundredMessages() throws {
        let fixture = try ServiceFixture(workflows: ["flood": Self.flooding])
        try fixture.start("flood", id: "F", at: "2025-03-03T09:00", input: ["agent": "agent1"])
        var command = Command(kind: .complete, actor: "agent1", at: stamp("2025-03-03T10:00"))
        command.event = "go"
        #expect(throws: (any Error).self) { try fixture.service.execute("F", command) }
        do {
            _ = try fixture.service.execute("F", command)
        } catch {
            #expect("\(error)".contains("at most 100 messages"), "\(error)")
        }
        #expect(try fixture.instance("F").state == "wait", "the refused event changed nothing")
    }
}
