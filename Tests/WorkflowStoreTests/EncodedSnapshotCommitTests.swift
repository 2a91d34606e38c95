import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore

/// `commit(encodedSnapshot:)` writes an Encodable snapshot straight to bytes: the same
/// file, checks and refusals as committing `JSONValue(encoding:)` of it.
@Suite struct EncodedSnapshotCommitTests {
    struct Body: Codable, Sendable {
        var id: String?
        var state: String
        var data: JSONValue
        var tags: [String]
    }

    static let draft: JSONValue = ["at": "2025-01-06T09:00:00+08:00", "actor": "zhangsan", "kind": "start",
                                   "details": ["workflow": "permit"]]

    @Test func writesTheSameSnapshotAsTheJSONValuePath() throws {
        try withStore { store in
        let body = Body(id: nil, state: "审核", data: ["项目": "光伏", "n": 1.5, "list": [1, "二"]], tags: ["b", "a"])
        let index: IndexEntries = [IndexEntry("status", "running"), IndexEntry("inbox", "张三")]
        try store.withInstanceLock("direct") {
            try store.commit("direct", records: [Self.draft], encodedSnapshot: body, index: index, outbox: [],
                             notifications: [], create: true, expectedHead: nil)
        }
        try store.withInstanceLock("old") {
            try store.commit("old", records: [Self.draft], snapshot: try JSONValue(encoding: body), index: index,
                             create: true)
        }
        let direct = try String(contentsOfFile: store.layout.snapshotFile("direct"), encoding: .utf8)
        let old = try String(contentsOfFile: store.layout.snapshotFile("old"), encoding: .utf8)
        // The two differ only in their ids and heads (each journal is bound to its id).
        let directHead = try #require(try store.journalHead("direct"))
        let oldHead = try #require(try store.journalHead("old"))
        #expect(direct == old.replacingOccurrences(of: "\"old\"", with: "\"direct\"")
            .replacingOccurrences(of: oldHead.hash, with: directHead.hash))
        let loaded = try #require(try store.loadInstance("direct"))
        #expect(loaded.snapshot?["state"] == "审核")
        #expect(loaded.indexed == index)
        #expect(try store.allMarkers().count == 4)
        }
    }

    @Test func refusesAnotherInstancesIDAndANonObject() throws {
        try withStore { store in
        let other = Body(id: "someone-else", state: "s", data: .null, tags: [])
        try store.withInstanceLock("p-1") {
            #expect(throws: StoreError.self) {
                try store.commit("p-1", records: [Self.draft], encodedSnapshot: other, index: [], outbox: [],
                                 notifications: [], create: true, expectedHead: nil)
            }
            #expect(throws: StoreError.self) {
                try store.commit("p-1", records: [Self.draft], encodedSnapshot: ["not", "an object"], index: [],
                                 outbox: [], notifications: [], create: true, expectedHead: nil)
            }
            #expect(throws: StoreError.self) {
                try store.commit("p-1", records: [Self.draft], encodedSnapshot: ["x": Double.nan], index: [],
                                 outbox: [], notifications: [], create: true, expectedHead: nil)
            }
        }
        // Refused before the first write: nothing exists.
        #expect(try store.loadInstance("p-1") == nil)
        #expect(!FileManager.default.fileExists(atPath: store.layout.journalFile("p-1")))
        }
    }

    @Test func theMemoryStoreKeepsWhatTheJSONValuePathKeeps() throws {
        let store = try MemoryStore()
        let body = Body(id: "m-1", state: "审核", data: ["n": 2], tags: [])
        try store.withInstanceLock("m-1") {
            try store.commit("m-1", records: [Self.draft], encodedSnapshot: body, index: [IndexEntry("status", "running")],
                             outbox: [], notifications: [], create: true, expectedHead: nil)
        }
        let loaded = try #require(try store.loadInstance("m-1"))
        #expect(loaded.snapshot?["state"] == "审核")
        #expect(loaded.snapshot?["data"] == ["n": 2])
        #expect(loaded.snapshot?["id"] == "m-1")
        #expect(loaded.indexed == [IndexEntry("status", "running")])
    }
}
