import AgencyJSON
@testable import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// Workflows/supervision.lua (督办事项) and problem.lua (难点堵点).
@Suite struct CaseWorkflowTests {
    static let supervisionInput: JSONValue = [
        "title": "协调解决东区供水管网接入", "source": "周例会", "owner": "zhangwei", "leader": "liming",
        "supervisor": "chenzhiyuan", "limit": 3,
    ]

    @Test func supervisionMainPathWithRework() throws {
        let zone = try ZoneFixture()
        try zone.start("supervision", id: "S1", at: "2025-03-03T09:00", as: "chenzhiyuan",
                       input: Self.supervisionInput)
        #expect(try zone.instance("S1").openItems.map(\.assignee) == ["chenzhiyuan"])
        // 立项登记 may hand it to someone else with another limit.
        try zone.act("S1", .complete, as: "chenzhiyuan", at: "2025-03-03T10:00", event: "assign",
                     data: ["owner": "liuyang", "limit": 2])
        #expect(zone.refusal("S1", .complete, as: "zhangwei", at: "2025-03-03T11:00", event: "accept")?.category
                == .notPermitted)
        try zone.act("S1", .complete, as: "liuyang", at: "2025-03-03T11:00", event: "accept")
        let tracking = try zone.instance("S1")
        #expect(tracking.state == "track")
        #expect(tracking.openItems.first?.due == zoneStamp("2025-03-06T00:00"))
        #expect(zone.refusal("S1", .complete, as: "liuyang", at: "2025-03-04T10:00", event: "feedback")?
            .description.contains("办理结果") == true)
        try zone.act("S1", .complete, as: "liuyang", at: "2025-03-04T10:00", event: "feedback",
                     data: ["result": "已对接水务公司"])
        try zone.act("S1", .reject, as: "chenzhiyuan", at: "2025-03-04T15:00", comment: "请附接入方案")
        #expect(try zone.instance("S1").state == "track")
        try zone.act("S1", .complete, as: "liuyang", at: "2025-03-05T10:00", event: "feedback",
                     comment: "接入方案已批复")
        let done = try zone.act("S1", .approve, as: "chenzhiyuan", at: "2025-03-05T15:00")
        #expect(done.status == .completed)
        #expect(done.outcome == "办结")
        #expect(done.data["reworks"] == 1)
        #expect(done.data["result"] == "接入方案已批复")
    }

    @Test func supervisionDeclineNeedsAReasonAndGoesBackToRegistration() throws {
        let zone = try ZoneFixture()
        try zone.start("supervision", id: "S1", at: "2025-03-03T09:00", input: Self.supervisionInput)
        try zone.act("S1", .complete, as: "chenzhiyuan", at: "2025-03-03T10:00", event: "assign")
        #expect(zone.refusal("S1", .complete, as: "zhangwei", at: "2025-03-03T11:00", event: "decline")?.category
                == .notPermitted)
        let back = try zone.act("S1", .complete, as: "zhangwei", at: "2025-03-03T11:00", event: "decline",
                                comment: "属于供电公司职责")
        #expect(back.state == "register")
    }

    @Test func supervisionLadderAndThreeColours() throws {
        let zone = try ZoneFixture()
        try zone.start("supervision", id: "S1", at: "2025-03-03T09:00", input: Self.supervisionInput)
        try zone.act("S1", .complete, as: "chenzhiyuan", at: "2025-03-03T10:00", event: "assign")
        let track = try zone.act("S1", .complete, as: "zhangwei", at: "2025-03-03T11:00", event: "accept")
        let item = try #require(track.openItems.first)
        #expect(item.due == zoneStamp("2025-03-07T00:00"))
        #expect(track.data["deadline"] == .string(zoneStamp("2025-03-07T00:00")))
        try zone.tick(until: "2025-03-05T12:00")
        #expect(try zone.instance("S1").item(item.id)?.color == .blue)
        try zone.tick(until: "2025-03-06T12:00")
        #expect(try zone.instance("S1").item(item.id)?.color == .yellow)
        try zone.tick(until: "2025-03-20T00:00")
        let late = try #require(try zone.instance("S1").item(item.id))
        #expect(late.color == .red)
        #expect(late.reminders == 2)
        #expect(late.escalations.map(\.to) == [["liming"], ["chenzhiyuan"]])
        #expect(try zone.notifications(to: "liming", kind: "督办").count == 1)
    }

    @Test func problemIsLoggedAssignedResolvedAndClosedAfterTheVisit() throws {
        let zone = try ZoneFixture()
        try zone.start("problem", id: "Q1", at: "2025-03-03T09:00", as: "wuxia", input: [
            "title": "厂区供电线路接入", "category": "基础设施", "project": "P01", "project_name": "测试项目",
            "reporter": "wuxia", "leader": "liming",
        ])
        #expect(try zone.instance("Q1").data["logged_on"] == "2025-03-03")
        #expect(zone.refusal("Q1", .complete, as: "liming", at: "2025-03-03T10:00", event: "assign",
                             data: ["owner": "zhangwei"])?.description.contains("limit") == true)
        try zone.act("Q1", .complete, as: "liming", at: "2025-03-03T10:00", event: "assign",
                     data: ["owner": "zhangwei", "limit": 5])
        try zone.act("Q1", .complete, as: "zhangwei", at: "2025-03-05T10:00", event: "resolved",
                     data: ["solution": "供电公司已批复接入方案"])
        // The enterprise is not satisfied: back to the owner.
        let reopened = try zone.act("Q1", .complete, as: "wuxia", at: "2025-03-06T10:00", event: "unsatisfied",
                                    data: ["reason": "施工时间未定"])
        #expect(reopened.state == "handling")
        try zone.act("Q1", .complete, as: "zhangwei", at: "2025-03-07T10:00", event: "resolved",
                     comment: "已明确施工时间")
        let closed = try zone.act("Q1", .complete, as: "wuxia", at: "2025-03-07T15:00", event: "satisfied")
        #expect(closed.status == .completed)
        #expect(closed.outcome == "解决")
        #expect(closed.data["reopened"] == 1)
        #expect(closed.data["solution"] == "已明确施工时间")
    }

    @Test func problemCanBeDismissedWithAReasonAndRejectsUnknownCategories() throws {
        let zone = try ZoneFixture()
        #expect(throws: ServiceError.self) {
            try zone.start("problem", id: "Q0", at: "2025-03-03T09:00", as: "wuxia", input: [
                "title": "x", "category": "天气", "reporter": "wuxia", "leader": "liming",
            ])
        }
        try zone.start("problem", id: "Q1", at: "2025-03-03T09:00", as: "wuxia", input: [
            "title": "希望减免租金", "category": "政策", "reporter": "wuxia", "leader": "liming",
        ])
        #expect(zone.refusal("Q1", .complete, as: "liming", at: "2025-03-03T10:00", event: "dismiss")?.category
                == .notPermitted)
        let dismissed = try zone.act("Q1", .complete, as: "liming", at: "2025-03-03T10:00", event: "dismiss",
                                     data: ["reason": "不符合现行政策，已向企业解释"])
        #expect(dismissed.outcome == "不予受理")
        #expect(dismissed.data["dismiss_reason"] == "不符合现行政策，已向企业解释")
    }

    @Test func problemHandlingOverdueIsEscalated() throws {
        let zone = try ZoneFixture()
        try zone.start("problem", id: "Q1", at: "2025-03-03T09:00", as: "wuxia", input: [
            "title": "用地指标", "category": "用地", "reporter": "wuxia", "leader": "liming",
        ])
        try zone.act("Q1", .complete, as: "liming", at: "2025-03-03T10:00", event: "assign",
                     data: ["owner": "zhangwei", "limit": 2])
        try zone.tick(until: "2025-03-20T00:00")
        let item = try #require(try zone.instance("Q1").openItems.first)
        #expect(item.color == .red)
        #expect(item.escalations.map(\.to) == [["liming"], ["chenzhiyuan"]])
    }
}
