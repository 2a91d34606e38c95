import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// The zone's own directory and workflows use what offices expect: the 主任 is copied on
/// every 督办 item, and 李明's work goes to 孙强 while he is away (Workflows/people.json).
@Suite("zone practice: 抄送 the 主任, 代理 while away")
struct ZonePracticeTests {
    static func supervision(owner: String) -> JSONValue {
        ["title": "协调解决东区供水管网接入", "source": "周例会", "owner": .string(owner),
         "leader": "wangjun", "supervisor": "chenzhiyuan", "limit": 5]
    }

    @Test("a 督办 item entering 跟踪办理 is copied to the 主任, once per visit")
    func directorIsCopied() throws {
        let zone = try ZoneFixture()
        try zone.start("supervision", id: "S1", at: "2025-03-03T09:00", as: "chenzhiyuan",
                   input: Self.supervision(owner: "zhangwei"))
        try zone.act("S1", .complete, as: "chenzhiyuan", at: "2025-03-03T10:00", event: "assign")
        let tracked = try zone.act("S1", .complete, as: "zhangwei", at: "2025-03-03T11:00", event: "accept")
        #expect(tracked.state == "track")
        #expect(tracked.cc?.map(\.to) == ["chenzhiyuan"])
        #expect(tracked.cc?.first?.state == "track")
        let copies = try zone.service.notifications(to: "chenzhiyuan").filter { $0["kind"]?.stringValue == "cc" }
        #expect(copies.count == 1)
    }

    @Test("李明's item in his week away goes to 孙强 on his behalf; before and after, to him")
    func leaderAwayIsCovered() throws {
        let zone = try ZoneFixture()
        for (id, day) in [("S1", "2025-03-14"), ("S2", "2025-03-18"), ("S3", "2025-03-24")] {
            try zone.start("supervision", id: id, at: "\(day)T09:00", as: "chenzhiyuan",
                       input: Self.supervision(owner: "liming"))
            let assigned = try zone.act(id, .complete, as: "chenzhiyuan", at: "\(day)T10:00", event: "assign")
            let item = try #require(assigned.openItems.first)
            if id == "S2" {
                #expect(item.assignee == "sunqiang")
                #expect(item.onBehalfOf == "liming")
                #expect(item.history.last?.action == "proxy")
            } else {
                #expect(item.assignee == "liming", "\(id)")
                #expect(item.onBehalfOf == nil)
            }
        }
        // The delegate acts; the journal keeps who acted for whom, and replays.
        let accepted = try zone.act("S2", .complete, as: "sunqiang", at: "2025-03-18T11:00", event: "accept")
        #expect(accepted.state == "track")
        #expect(try zone.service.verify("S2").isOK)
    }
}
