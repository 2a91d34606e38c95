import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowEngine
import WorkflowStore

/// An ordinary change of the organisation (a role moved from one person to another, a
/// person leaving) must not make the past fail verification: each record names the people
/// directory it was decided with.
@Suite struct PeopleVersionTests {
    /// The director (主任) signs off what an agent prepared.
    static let signoff = """
        return workflow {
          name = "signoff",
          title = "主任签批",
          input = { agent = "person" },
          start = "prepare",
          states = {
            prepare = task { title = "准备", assignee = "agent", on = { done = "sign" } },
            sign = approval { title = "主任签批", approvers = { role("主任") }, on = { approved = "done", rejected = "prepare" } },
            done = final { outcome = "approved" },
          },
        }
        """

    /// zonePeople with 主任 moved from 孙主任 (director) to 张领导 (leader1), and agent2 gone.
    static let reorganised = try! PeopleDirectory(people: [
        .init(id: "agent1", name: "王代办", roles: ["代办员"]),
        .init(id: "leader1", name: "张领导", roles: ["包联领导", "主任"]),
        .init(id: "director", name: "孙主任", roles: []),
        .init(id: "admin", name: "管理员", roles: ["admin"]),
    ])

    func complete(_ service: AgencyService, _ id: String, as actor: String, at time: String) throws {
        var command = Command(kind: .complete, actor: actor, at: stamp(time))
        command.event = "done"
        _ = try service.execute(id, command)
    }

    @Test func moving_a_role_keeps_the_past_verifiable_and_routes_new_work_to_the_new_holder() throws {
        let fixture = try ServiceFixture(workflows: ["signoff": Self.signoff])
        for id in ["S1", "S2"] {
            try fixture.start("signoff", id: id, at: "2025-03-03T09:00", input: ["agent": "agent1"])
            try complete(fixture.service, id, as: "agent1", at: "2025-03-03T10:00")
        }
        _ = try fixture.service.execute("S2", Command(kind: .approve, actor: "director", at: stamp("2025-03-03T11:00")))
        #expect(try fixture.instance("S1").openItems.map(\.assignee) == ["director"])
        let before = try #require(try fixture.records("S1").last?["people"]?.stringValue)

        // The organisation changes: a new service (as the next process) with the new directory.
        let after = try fixture.makeService(people: Self.reorganised)
        for id in ["S1", "S2"] {
            #expect(try after.verify(id).isOK, "\(id) must replay with the directory it was decided with")
        }
        // The open item stays with who holds it (moving it is an admin's reassign), and new
        // work goes to the new 主任.
        #expect(try after.instance("S1").openItems.map(\.assignee) == ["director"])
        _ = try after.start("signoff", id: "S3", input: ["agent": "agent1"], actor: "agent1", at: shanghaiTime("2025-03-04T09:00"))
        try complete(after, "S3", as: "agent1", at: "2025-03-04T10:00")
        #expect(try after.instance("S3").openItems.map(\.assignee) == ["leader1"])
        let now = try #require(try after.journal("S3").last?["people"]?.stringValue)
        #expect(now != before)
        #expect(try after.verify("S3").isOK)

        // The change itself is on record, found in people.json by the first command that used it.
        let journal = try after.storeJournal()
        #expect(journal.map { $0["details"]?["version"]?.stringValue } == [before, now])
        #expect(journal.last?["details"]?["source"] == "people.json")
        #expect(journal.last?["details"]?["previous"]?.stringValue == before)
        let changes = try #require(journal.last?["details"]?["changes"])
        #expect(changes["left"]?[0]?["id"] == "agent2")
        #expect(changes["changed"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["leader1", "director"])
        #expect(try after.store.verifyStoreJournal(knownHead: nil).isOK)

        // Back on the old directory, the new records still verify.
        let old = try fixture.makeService()
        #expect(try old.verify("S3").isOK)
    }

    @Test func the_difference_names_who_joins_leaves_and_gains_or_loses_a_role_or_login() throws {
        let before = try PeopleDirectory(people: [
            .init(id: "a", name: "甲", roles: ["代办员"], login: "jia"),
            .init(id: "b", name: "乙", roles: ["主任"]),
        ])
        let after = try PeopleDirectory(people: [
            .init(id: "a", name: "甲", roles: ["代办员", "联络员"], login: "jia2"),
            .init(id: "c", name: "丙", roles: ["主任"]),
        ])
        let change = PeopleChange(from: before, to: after)
        #expect(change.joined.map(\.id) == ["c"])
        #expect(change.left.map(\.id) == ["b"])
        #expect(change.changed.count == 1)
        #expect(change.changed.first?.rolesAdded == ["联络员"] && change.changed.first?.rolesRemoved == [])
        #expect(change.changed.first?.login?.before == "jia" && change.changed.first?.login?.after == "jia2")
        #expect(change.affected == ["b"])
        #expect(PeopleChange(from: after, to: after).isEmpty)
    }
}
