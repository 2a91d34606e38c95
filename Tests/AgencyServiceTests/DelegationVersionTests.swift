import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowEngine
import WorkflowStore

/// The org chart and standing delegations live in the versioned people directory: a
/// delegation that ends (a new version) changes who gets new work, never what a record
/// decided with the old version proves.
@Suite struct DelegationVersionTests {
    /// The director is away 2025-03-03 to 2025-03-07; 张领导 stands in.
    static let away = try! PeopleDirectory(people: [
        .init(id: "agent1", name: "王代办", roles: ["代办员"], department: "office"),
        .init(id: "leader1", name: "张领导", roles: ["包联领导"], department: "office"),
        .init(id: "director", name: "孙主任", roles: ["主任"], department: "office",
              delegations: [.init(to: "leader1", from: "2025-03-03", until: "2025-03-07", reason: "出差")]),
        .init(id: "admin", name: "管理员", roles: ["admin"]),
    ], departments: [.init(id: "office", name: "办公室", head: "director")])

    /// The same without the delegation.
    static let back = try! PeopleDirectory(people: away.people.map {
        var person = $0
        person.delegations = nil
        return person
    }, departments: away.departments)

    @Test func a_delegation_is_journaled_with_the_directory_version_and_replays_after_it_ends() throws {
        let fixture = try ServiceFixture(workflows: ["signoff": PeopleVersionTests.signoff])
        let service = try fixture.makeService(people: Self.away)
        _ = try service.start("signoff", id: "S1", input: ["agent": "agent1"], actor: "agent1",
                              at: shanghaiTime("2025-03-03T09:00"))
        var command = Command(kind: .complete, actor: "agent1", at: stamp("2025-03-03T10:00"))
        command.event = "done"
        _ = try service.execute("S1", command)
        let item = try #require(try service.instance("S1").openItems.first)
        #expect(item.assignee == "leader1" && item.onBehalfOf == "director")

        let after = try fixture.makeService(people: Self.back)
        #expect(try after.verify("S1").isOK, "replays with the directory that held the delegation")
        #expect(try after.instance("S1").openItems.first?.assignee == "leader1", "given items stay where they are")
        // New work, with the delegation ended early, goes to the director himself.
        _ = try after.start("signoff", id: "S2", input: ["agent": "agent1"], actor: "agent1",
                            at: shanghaiTime("2025-03-04T09:00"))
        command.at = stamp("2025-03-04T10:00")
        _ = try after.execute("S2", command)
        #expect(try after.instance("S2").openItems.map(\.assignee) == ["director"])
        let changes = try #require(try after.storeJournal().last?["details"]?["changes"])
        #expect(changes["changed"]?[0]?["orgChart"] == ["delegations"])
    }
}
