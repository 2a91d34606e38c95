import AgencyJSON
import Foundation
import Testing
import WorkflowStore

/// `commitGroup` on every store: each member as `commit` alone would, one result each.
@Suite("InstanceStore conformance: commitGroup")
struct GroupCommitConformanceTests {
    /// Runs `body` holding the locks of `ids`, taken in order.
    static func withLocks<T>(_ store: any InstanceStore, _ ids: ArraySlice<String>,
                             _ body: () throws -> T) throws -> T {
        guard let first = ids.first else { return try body() }
        return try store.withInstanceLock(first) { try withLocks(store, ids.dropFirst(), body) }
    }

    @Test("members commit as alone; a member that fails its checks fails alone", arguments: StoreKind.allCases)
    func membersAsAlone(kind: StoreKind) throws {
        try kind.withStore { store in
            var heads: [String: JournalHead] = [:]
            for id in ["P1", "P2", "P3"] {
                for n in 1...2 {
                    heads[id] = try store.withInstanceLock(id) {
                        try store.commit(id, records: [draft(details: ["n": .integer(Int64(n))])],
                                         snapshot: snapshot(id, count: n), index: [IndexEntry("due", "1")],
                                         create: n == 1)
                    }
                }
            }
            let stale = JournalHead(seq: 1, hash: try #require(store.readJournal("P2").first?["hash"]?.stringValue))
            let members = [
                InstanceCommit("P1", records: [draft("timer")], snapshot: .json(snapshot("P1", count: 3)),
                               index: [IndexEntry("due", "2")], notifications: [["to": "lisi"]],
                               expectedHead: heads["P1"]),
                InstanceCommit("P2", records: [draft("timer")], snapshot: .json(snapshot("P2", count: 3)),
                               index: [IndexEntry("due", "2")], expectedHead: stale),
                InstanceCommit("P3", records: [draft("timer")], snapshot: .json(snapshot("P3", count: 3)),
                               index: [IndexEntry("due", "2")], outbox: [["to": "P1"]], expectedHead: heads["P3"]),
                InstanceCommit("P4", records: [draft("start")], snapshot: .json(snapshot("P4", count: 1)),
                               index: [IndexEntry("due", "2")], create: true, expectedHead: nil),
            ]
            let results = try Self.withLocks(store, ["P1", "P2", "P3", "P4"]) { store.commitGroup(members) }
            #expect(results.count == 4)
            #expect(try results[0].get().seq == 3)
            #expect(throws: StoreError.self) { try results[1].get() }
            #expect(try results[2].get().seq == 3)
            #expect(try results[3].get().seq == 1)
            #expect(try store.loadInstance("P1")?.snapshotHead == results[0].get())
            #expect(try store.loadInstance("P2")?.journalHead == heads["P2"])
            #expect(try store.loadInstance("P3")?.snapshot?["data"]?["count"] == 3)
            #expect(try store.ids(kind: "due", key: "2") == ["P1", "P3", "P4"])
            #expect(try store.ids(kind: "due", key: "1") == ["P2"])
            #expect(try store.notifications().notifications.map { $0["key"] } == ["P1-3-1"])
            #expect(try store.pendingMessages().map(\.key) == ["P3-3-1"])
            for id in ["P1", "P2", "P3", "P4"] { #expect(try store.verify(id).isOK, "\(id)") }
        }
    }
}
