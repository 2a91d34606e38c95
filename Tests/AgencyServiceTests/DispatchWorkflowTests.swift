import AgencyCalendar
import AgencyJSON
@testable import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// Workflows/dispatch.lua (周调度): the Monday schedule, the summary it compiles with
/// ctx:query, the supervision items it opens, and the meeting's decisions.
@Suite struct DispatchWorkflowTests {
    /// Two projects imported on Monday 2025-03-03, the dispatch enabled from that day.
    static func zoneWithProjects() throws -> ZoneFixture {
        let zone = try ZoneFixture()
        try zone.start("project", id: "P01", at: "2025-03-03T08:30", input: projectInput("P01", investment: 10000))
        try zone.start("project", id: "P02", at: "2025-03-03T08:30",
                       input: projectInput("P02", stage: "签约待备案", investment: 5000, agent: "liuyang",
                                           leader: "wangjun"))
        _ = try zone.service.enableSchedule("dispatch", from: try #require(CivilDate("2025-03-03")))
        return zone
    }

    @Test func mondayDispatchSummarizesAndOpensTheMeeting() throws {
        let zone = try Self.zoneWithProjects()
        try zone.tick(until: "2025-03-03T09:30")
        let dispatch = try zone.instance("dispatch-2025-03-03")
        #expect(dispatch.createdAt == zoneStamp("2025-03-03T09:00"))
        #expect(dispatch.data["week_of"] == "2025-03-03")
        let summary = try #require(dispatch.data["summary"])
        #expect(summary["count"] == 2)
        #expect(summary["investment"] == 15000)
        #expect(summary["stages"]?[0] == ["stage": "初步对接", "count": 1, "investment": 10000])
        #expect(summary["stages"]?[3] == ["stage": "签约待备案", "count": 1, "investment": 5000])
        #expect(summary["opened"]?.arrayValue?.isEmpty == true)
        #expect(dispatch.openItems.map(\.assignee) == ["chenzhiyuan"])
        // The queries are journaled, so the replay sees what the hook saw.
        let start = try #require(try zone.service.journal("dispatch-2025-03-03").first)
        #expect(start["details"]?["command"]?["queries"]?.arrayValue?.isEmpty == false)
        try zone.start("project", id: "P03", at: "2025-03-03T10:00", input: projectInput("P03"))
        #expect(try zone.service.verify("dispatch-2025-03-03").isOK)
    }

    @Test func meetingDecisionsBecomeSupervisionItems() throws {
        let zone = try Self.zoneWithProjects()
        try zone.tick(until: "2025-03-03T09:30")
        let bad = zone.refusal("dispatch-2025-03-03", .complete, as: "chenzhiyuan", at: "2025-03-03T10:00",
                               event: "held", data: ["decisions": [["title": "协调供水", "owner": "nobody"]]])
        #expect(bad?.category == .notPermitted)
        #expect(bad?.description.contains("nobody") == true)
        let held = try zone.act("dispatch-2025-03-03", .complete, as: "chenzhiyuan", at: "2025-03-03T10:00",
                                event: "held", data: ["decisions": [
                                    ["title": "协调解决P02供电接入", "owner": "liuyang", "leader": "wangjun",
                                     "limit": 3, "project": "P02"],
                                    ["title": "研究P01用地方案", "owner": "zhangwei"],
                                ]])
        #expect(held.status == .completed)
        let items = try zone.instances("supervision").sorted { $0.id < $1.id }
        #expect(items.map { $0.data["title"]?.stringValue ?? "" } == ["协调解决P02供电接入", "研究P01用地方案"])
        #expect(items.map { $0.data["source"] } == ["周例会", "周例会"])
        #expect(items[0].data["limit"] == 3)
        #expect(items[1].data["limit"] == 5)
        #expect(items[1].data["leader"] == "chenzhiyuan")
        #expect(items.allSatisfy { $0.openItems.map(\.assignee) == ["chenzhiyuan"] })
        #expect(held.data["decisions"]?.arrayValue?.count == 2)
    }

    @Test func overdueAndStalledWorkIsSupervisedOnce() throws {
        let zone = try Self.zoneWithProjects()
        try zone.act("P02", .comment, as: "liuyang", at: "2025-03-21T16:00", comment: "本周进展：指导企业办理工商注册")
        func opened(_ dispatch: String) throws -> [JSONValue] {
            try zone.instance(dispatch).data["summary"]?["opened"]?.arrayValue ?? []
        }
        // P01: no progress for 15 working days (推进停滞).
        try zone.tick(until: "2025-03-24T09:30")
        let stalled = try opened("dispatch-2025-03-24")
        #expect(stalled.map { $0["origin"] } == ["project:P01:初步对接"])
        #expect(stalled.first?["title"]?.stringValue?.hasPrefix("推进停滞") == true)
        #expect(stalled.first?["owner"] == "zhangwei")
        // P02: its stage task fell due on 03-25 (超期督办); P01 is already supervised.
        try zone.tick(until: "2025-03-31T09:30")
        let overdue = try opened("dispatch-2025-03-31")
        #expect(overdue.map { $0["origin"] } == ["project:P02:签约待备案"])
        #expect(overdue.first?["title"]?.stringValue?.hasPrefix("超期督办") == true)
        #expect(overdue.first?["owner"] == "liuyang")
        #expect(try zone.instance("dispatch-2025-03-31").data["summary"]?["stalled"]?[0]?["id"] == "P01")
        let supervision = try zone.instances("supervision")
        #expect(supervision.contains { $0.data["leader"] == "wangjun" && $0.data["limit"] == 3 })
        // P01 is now overdue too, but both items are still open: nothing new.
        try zone.tick(until: "2025-04-07T09:30")
        #expect(try opened("dispatch-2025-04-07").isEmpty)
        #expect(try zone.instances("supervision").count == 2)
        #expect(try zone.verifyAll().isEmpty)
    }

    @Test func holidayMovesTheDispatchToTheNextWorkingDay() throws {
        let zone = try ZoneFixture()
        _ = try zone.service.enableSchedule("dispatch", from: try #require(CivilDate("2025-02-03")))
        try zone.tick(until: "2025-02-05T10:00")
        let dispatch = try zone.instance("dispatch-2025-02-03")
        #expect(dispatch.createdAt == zoneStamp("2025-02-05T09:00"))  // 春节 until 02-04
        #expect(dispatch.data["summary"]?["count"] == 0)
    }
}
