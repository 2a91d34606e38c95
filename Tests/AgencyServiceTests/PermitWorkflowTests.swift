import AgencyJSON
@testable import AgencyService
import Foundation
import LuaRuntime
import Testing
import WorkflowEngine

/// Workflows/permits.lua and permit.lua: the plan generated from the catalogue, parallel
/// permits gated by their prerequisites, statutory limits and the ladder.
@Suite struct PermitWorkflowTests {
    static func planInput(sector: String, landType: String, gate: String = "开工") -> JSONValue {
        ["project": "P01", "project_name": "测试项目", "agent": "zhangwei", "leader": "liming",
         "sector": .string(sector), "land_type": .string(landType), "investment": 6000, "gate": .string(gate)]
    }

    static func keys(_ plan: Instance) -> [String] {
        plan.data["plan"]?.arrayValue?.compactMap { $0["key"]?.stringValue } ?? []
    }

    @Test func planFollowsApplicability() throws {
        let zone = try ZoneFixture()
        let small = try zone.start("permits", id: "A", at: "2025-03-03T09:00",
                                   input: Self.planInput(sector: "信息技术", landType: "标准化厂房"))
        #expect(Self.keys(small) == ["filing", "drawing_review", "fire_design", "construction_permit"])
        let large = try zone.start("permits", id: "B", at: "2025-03-03T09:00",
                                   input: Self.planInput(sector: "生物医药", landType: "新增用地"))
        #expect(Self.keys(large) == ["filing", "site_selection", "land_planning", "land_certificate", "eia",
                                     "safety_review", "design_review", "building_planning", "drawing_review",
                                     "fire_design", "civil_defense", "construction_permit"])
        let completion = try zone.start("permits", id: "C", at: "2025-03-03T09:00",
                                        input: Self.planInput(sector: "信息技术", landType: "存量用地", gate: "投产"))
        #expect(Self.keys(completion) == ["planning_check", "fire_acceptance", "completion_filing",
                                          "property_registration"])
        #expect(zone.refusal("A", .send, as: "wangfang", at: "2025-03-03T10:00", event: "issued")?.category
                == .notPermitted)
    }

    @Test func permitsWithoutDependencyRunInParallelAndTheGateWaits() throws {
        let zone = try ZoneFixture()
        try zone.start("permits", id: "A", at: "2025-03-03T09:00",
                       input: Self.planInput(sector: "信息技术", landType: "标准化厂房"))
        func running() throws -> [String] {
            try zone.instances("permit").filter { $0.status == .running }.compactMap { $0.data["key"]?.stringValue }.sorted()
        }
        #expect(try running() == ["filing"])
        let filing = try #require(try zone.instances("permit").first)
        try zone.act(filing.id, .complete, as: "zhangwei", at: "2025-03-03T10:00", event: "submitted")
        try zone.act(filing.id, .send, as: "zhangwei", at: "2025-03-04T10:00", event: "issued", data: ["doc_no": "备案001"])
        #expect(try running() == ["drawing_review", "fire_design"])
        // The permit waits until both of its prerequisites are issued.
        let drawing = try #require(try zone.instances("permit").first { $0.data["key"] == "drawing_review" })
        try zone.act(drawing.id, .complete, as: "zhangwei", at: "2025-03-04T11:00", event: "submitted")
        try zone.act(drawing.id, .send, as: "zhangwei", at: "2025-03-05T11:00", event: "issued")
        #expect(try running() == ["fire_design"])
        #expect(try zone.instance("A").state == "tracking")
        try issueEveryPermit(zone, from: "2025-03-06")
        let plan = try zone.instance("A")
        #expect(plan.status == .completed)
        #expect(plan.outcome == "ready")
        let statuses = plan.data["plan"]?.arrayValue?.compactMap { $0["status"]?.stringValue }
        #expect(statuses == ["issued", "issued", "issued", "issued"])
        #expect(plan.data["plan"]?[0]?["doc_no"] == "备案001")
    }

    @Test func departmentDeadlineIsTheStatutoryLimitWithItsLadder() throws {
        let zone = try ZoneFixture()
        try zone.start("permit", id: "X", at: "2025-03-03T09:00", input: [
            "plan": "none", "project": "P01", "project_name": "测试项目", "key": "eia",
            "item": "环境影响评价文件审批", "department": "生态环境局屯留分局", "stage": "立项用地规划许可",
            "limit": 5, "agent": "zhangwei", "leader": "liming",
        ])
        // Returned for more material (补正): back to preparing, the clock restarts.
        try zone.act("X", .complete, as: "zhangwei", at: "2025-03-03T10:00", event: "submitted")
        let returned = try zone.act("X", .send, as: "zhangwei", at: "2025-03-04T10:00", event: "returned",
                                    data: ["reason": "缺少监测报告"])
        #expect(returned.state == "prepare")
        #expect(returned.data["returns"] == 1)
        let review = try zone.act("X", .complete, as: "zhangwei", at: "2025-03-05T10:00", event: "submitted")
        let item = try #require(review.openItems.first)
        #expect(item.due == zoneStamp("2025-03-13T00:00"))  // 5 working days after 03-05
        try zone.tick(until: "2025-03-11T12:00")
        #expect(try zone.instance("X").item(item.id)?.color == .blue)
        try zone.tick(until: "2025-03-25T00:00")
        let late = try #require(try zone.instance("X").item(item.id))
        #expect(late.color == .red)
        #expect(late.reminders == 2)  // 催办 the agent on 03-14 and 03-17
        #expect(late.escalations.map(\.to) == [["liming"], ["chenzhiyuan"]])
        #expect(late.escalations.map(\.at) == [zoneStamp("2025-03-15T00:00"), zoneStamp("2025-03-20T00:00")])
        // Issued at last: the plan it names hears nothing (it does not exist), the permit ends.
        let issued = try zone.act("X", .send, as: "zhangwei", at: "2025-03-25T10:00", event: "issued")
        #expect(issued.outcome == "issued")
        #expect(issued.data["issued_on"] == "2025-03-25")
    }

    @Test func brokenCatalogueIsReportedWhenTheFileIsValidated() throws {
        let source = try String(contentsOf: zoneWorkflows.appendingPathComponent("permits.lua"), encoding: .utf8)
        func problems(_ text: String) throws -> String {
            do {
                _ = try DefinitionLoader.load(source: Array(text.utf8), file: "permits.lua", runtime: try LuaRuntime())
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(try problems(source).isEmpty)
        let unknown = source.replacingOccurrences(of: "requires = { \"site_selection\" }", with: "requires = { \"site\" }")
        #expect(try problems(unknown).contains("前置手续 'site' 不在目录中"))
        let cycle = source.replacingOccurrences(
            of: "requires = {}, limit = 1 },", with: "requires = { \"construction_permit\" }, limit = 1 },")
        #expect(try problems(cycle).contains("前置关系成环"))
        let badLimit = source.replacingOccurrences(of: "limit = 15,", with: "limit = 0,")
        #expect(try problems(badLimit).contains("limit 须是不小于 1 的工作日数"))
    }
}
