import AgencyJSON
@testable import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// Workflows/project.lua: the pipeline, its exit conditions and approvals, pause and
/// drop, and the escalation ladder of a stage task.
@Suite struct ProjectWorkflowTests {
    @Test func importedProjectStartsAtItsStageWithTheAgentsTask() throws {
        let zone = try ZoneFixture()
        let project = try zone.start("project", id: "P01", at: "2025-03-03T08:30",
                                     input: projectInput(stage: "重点意向"))
        #expect(project.state == "intent")
        #expect(project.data["stage"] == "重点意向")
        #expect(project.openItems.map(\.assignee) == ["zhangwei"])
        #expect(project.openItems.first?.due == zoneStamp("2025-04-16T00:00"))  // 30 working days, 清明 off
    }

    @Test func unknownInitialStageIsRefused() throws {
        let zone = try ZoneFixture()
        #expect(throws: ServiceError.self) {
            try zone.start("project", id: "P01", at: "2025-03-03T08:30", input: projectInput(stage: "开工"))
        }
    }

    @Test func mainPathFromSigningToConstructionWaitsForThePermits() throws {
        let zone = try ZoneFixture()
        try zone.start("project", id: "P01", at: "2025-03-03T08:30",
                       input: projectInput(stage: "成熟待签约", sector: "信息技术", landType: "标准化厂房"))
        // Exit conditions: a contract number and a signing date.
        let missing = zone.refusal("P01", .complete, as: "zhangwei", at: "2025-03-04T10:00", event: "advance")
        #expect(missing?.category == .notPermitted)
        #expect(missing?.description.contains("合同编号") == true)
        try zone.act("P01", .complete, as: "zhangwei", at: "2025-03-04T10:00", event: "advance",
                     data: ["contract_no": "屯经开〔2025〕1号", "signed_on": "2025-03-04"])
        // Signing needs the leader, then the director, in that order.
        #expect(try zone.instance("P01").openItems.map(\.assignee) == ["liming"])
        try zone.act("P01", .approve, as: "liming", at: "2025-03-05T10:00")
        #expect(try zone.instance("P01").state == "signing_review")
        try zone.act("P01", .approve, as: "chenzhiyuan", at: "2025-03-05T11:00")
        #expect(try zone.instance("P01").data["stage"] == "签约待备案")

        try zone.act("P01", .complete, as: "zhangwei", at: "2025-03-06T10:00", event: "advance",
                     data: ["credit_code": "91140405MA0000001"])
        try zone.act("P01", .approve, as: "liming", at: "2025-03-06T11:00")
        #expect(try zone.instance("P01").data["stage"] == "登记/注册/备案")
        #expect(zone.refusal("P01", .complete, as: "zhangwei", at: "2025-03-07T10:00", event: "filed")?
            .category == .notPermitted)
        let filed = try zone.act("P01", .complete, as: "zhangwei", at: "2025-03-07T10:00", event: "filed",
                                 data: ["filing_code": "2503-140405-04-01-000001"])
        #expect(filed.state == "permitting")
        #expect(filed.data["stage"] == "登记/注册/备案")

        // The plan starts the permits that need nothing first; the project waits.
        try issueEveryPermit(zone, from: "2025-03-10")
        let started = try zone.instance("P01")
        #expect(started.state == "construction")
        #expect(started.data["stage"] == "开工")
        #expect(started.data["started_on"] != nil)
        #expect(try zone.instances("permit").allSatisfy { $0.status == .completed })
        #expect(try zone.verifyAll().isEmpty)
    }

    @Test func reviewSendsTheProjectBackAndItAdvancesAgain() throws {
        let zone = try ZoneFixture()
        try zone.start("project", id: "P01", at: "2025-03-03T08:30", input: projectInput(site: nil))
        let noSite = zone.refusal("P01", .complete, as: "zhangwei", at: "2025-03-04T10:00", event: "advance")
        #expect(noSite?.description.contains("选址占地") == true)
        try zone.act("P01", .complete, as: "zhangwei", at: "2025-03-04T10:00", event: "advance",
                     data: ["site": "东区约50亩"])
        #expect(zone.refusal("P01", .approve, as: "wangjun", at: "2025-03-05T10:00")?.category == .notPermitted)
        let back = try zone.act("P01", .reject, as: "liming", at: "2025-03-05T10:00", comment: "投资强度不足")
        #expect(back.state == "contact")
        #expect(back.data["site"] == "东区约50亩")
        try zone.act("P01", .complete, as: "zhangwei", at: "2025-03-06T10:00", event: "advance")
        let approved = try zone.act("P01", .approve, as: "liming", at: "2025-03-06T11:00")
        #expect(approved.state == "intent")
        #expect(approved.data["stage"] == "重点意向")
    }

    @Test func pauseAndDropNeedAReason() throws {
        let zone = try ZoneFixture()
        try zone.start("project", id: "P01", at: "2025-03-03T08:30", input: projectInput(stage: "重点意向"))
        #expect(zone.refusal("P01", .complete, as: "zhangwei", at: "2025-03-04T10:00", event: "pause")?
            .category == .notPermitted)
        let paused = try zone.act("P01", .complete, as: "zhangwei", at: "2025-03-04T10:00", event: "pause",
                                  data: ["reason": "企业融资未到位"])
        #expect(paused.state == "paused")
        #expect(paused.data["pause_reason"] == "企业融资未到位")
        // Only the leader (or an admin) resumes it, back to the stage it left.
        #expect(zone.refusal("P01", .send, as: "zhangwei", at: "2025-03-10T10:00", event: "resume")?
            .category == .notPermitted)
        let resumed = try zone.act("P01", .send, as: "liming", at: "2025-03-10T10:00", event: "resume")
        #expect(resumed.state == "intent")
        let dropped = try zone.act("P01", .complete, as: "zhangwei", at: "2025-03-11T10:00", event: "drop",
                                   comment: "企业转投外省")
        #expect(dropped.status == .completed)
        #expect(dropped.outcome == "终止")
        #expect(dropped.data["drop_reason"] == "企业转投外省")
    }

    @Test func overdueStageTaskIsRemindedThenEscalatedToLeaderAndDirector() throws {
        let zone = try ZoneFixture()
        try zone.start("project", id: "P01", at: "2025-03-03T08:30", input: projectInput())
        let item = try #require(try zone.openItem("P01", of: "zhangwei"))
        #expect(item.due == zoneStamp("2025-04-01T00:00"))  // 20 working days
        try zone.tick(until: "2025-03-31T12:00")
        #expect(try zone.instance("P01").item(item.id)?.color == .yellow)
        try zone.tick(until: "2025-04-20T00:00")
        let late = try #require(try zone.instance("P01").item(item.id))
        #expect(late.color == .red)
        #expect(late.reminders == 1)
        // 督办: three working days after the due day to the leader (清明 04-04 is off), eight to 主任.
        #expect(late.escalations.map(\.to) == [["liming"], ["chenzhiyuan"]])
        #expect(late.escalations.map(\.at) == [zoneStamp("2025-04-04T00:00"), zoneStamp("2025-04-12T00:00")])
        #expect(try zone.notifications(to: "zhangwei", kind: "催办").count == 1)
        #expect(try zone.notifications(to: "liming", kind: "督办").count == 1)
    }
}

/// Issues every permit of every running plan, a working day at a time, until none is
/// left: each agent submits and the department issues the next day.
func issueEveryPermit(_ zone: ZoneFixture, from day: String) throws {
    var date = zoneTime(day)
    for _ in 0..<40 {
        let open = try zone.instances("permit").filter { $0.status == .running }
        if open.isEmpty { return }
        let stamp = String(zoneTimestamps.format(date).prefix(10))
        for permit in open {
            let agent = permit.data["agent"]?.stringValue ?? ""
            if permit.state == "prepare" {
                try zone.act(permit.id, .complete, as: agent, at: "\(stamp)T10:00", event: "submitted")
            } else if permit.state == "review" {
                try zone.act(permit.id, .send, as: agent, at: "\(stamp)T15:00", event: "issued",
                             data: ["doc_no": .string("屯审〔2025〕\(permit.id)")])
            }
        }
        date = date.addingTimeInterval(86_400)
    }
    Issue.record("permits were still open after 40 days")
}
