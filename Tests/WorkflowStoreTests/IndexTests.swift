import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore

@Suite("Index markers")
struct IndexTests {
    func commit(_ store: FileStore, _ id: String, _ entries: IndexEntries, create: Bool = false) throws {
        try store.withInstanceLock(id) {
            let count = (try store.loadInstance(id)?.journalHead.seq ?? 0) + 1
            try store.commit(id, records: [draft()], snapshot: snapshot(id, count: count),
                             index: entries, create: create)
        }
    }

    @Test func markersFollowTheCommits() throws {
        try withStore { store in
            let monday = IndexEntry.due(Date(timeIntervalSince1970: 1_736_125_200))  // 2025-01-06 01:00Z
            try commit(store, "p-1", [IndexEntry("status", "running"), IndexEntry("inbox", "张三"), monday],
                       create: true)
            try commit(store, "p-2", [IndexEntry("status", "running"), IndexEntry("inbox", "李四")], create: true)
            #expect(try store.ids(kind: "status", key: "running") == ["p-1", "p-2"])
            #expect(try store.ids(kind: "inbox", key: "张三") == ["p-1"])
            #expect(try store.keys(kind: "due") == ["20250106T010000Z"])
            #expect(FileManager.default.fileExists(atPath: store.layout.root + "/index/inbox/张三/p-1"))

            try commit(store, "p-1", [IndexEntry("status", "completed")])
            #expect(try store.ids(kind: "status", key: "running") == ["p-2"])
            #expect(try store.ids(kind: "status", key: "completed") == ["p-1"])
            #expect(try store.ids(kind: "inbox", key: "张三") == [])
            // Emptied key directories stay (commits do not rmdir); the owner of a kind
            // with unbounded keys prunes them.
            #expect(try store.keys(kind: "due") == ["20250106T010000Z"])
            #expect(try store.ids(kind: "due", key: "20250106T010000Z") == [])
            #expect(try store.keys(kind: "inbox") == ["张三", "李四"])
            #expect(store.removeKeyIfEmpty(kind: "due", key: "20250106T010000Z"))
            #expect(!store.removeKeyIfEmpty(kind: "inbox", key: "李四"))  // not empty
            #expect(try store.keys(kind: "due") == [])
            #expect(try store.keys(kind: "inbox") == ["张三", "李四"])
            let snap = try #require(try store.loadInstance("p-1")?.snapshot)
            #expect(snap["indexed"] == ["status": ["completed"]])
        }
    }

    @Test func rebuildYieldsTheSameMarkers() throws {
        try withStore { store in
            for n in 0..<12 {
                let id = "r-\(n)"
                try commit(store, id, [IndexEntry("status", n % 3 == 0 ? "running" : "completed"),
                                       IndexEntry("workflow", "permit"),
                                       .due(Date(timeIntervalSince1970: Double(1_736_125_200 + n * 3_600)))],
                           create: true)
            }
            try commit(store, "r-0", [IndexEntry("status", "cancelled")])
            let before = try store.allMarkers()
            #expect(before.count == 12 * 3 - 2)
            // Damage the index: a lost marker and a stray one.
            try FileManager.default.removeItem(atPath: store.layout.root + "/index/workflow/permit/r-5")
            try FileManager.default.createDirectory(atPath: store.layout.root + "/index/status/bogus",
                                                    withIntermediateDirectories: true)
            try write([], to: store.layout.root + "/index/status/bogus/r-7")
            #expect(try store.allMarkers() != before)

            let report = try store.rebuildIndex()
            #expect(report.instances == 12 && report.skipped.isEmpty)
            #expect(try store.allMarkers() == before)
            // With the engine's closure the result is the same here.
            try store.rebuildIndex { IndexEntries(indexedJSON: $0["indexed"]) }
            #expect(try store.allMarkers() == before)
            #expect(!(try FileManager.default.contentsOfDirectory(atPath: store.layout.root)
                .contains { $0.hasPrefix(".index-old") }))
        }
    }

    @Test func dueKeysSortByTime() throws {
        let times: [TimeInterval] = [1_767_225_600, 1_736_125_200, 1_736_125_201, 946_684_800, 1_736_121_600]
        let keys = times.map { IndexEntry.dueKey(Date(timeIntervalSince1970: $0)) }
        #expect(keys.sorted() == times.sorted().map { IndexEntry.dueKey(Date(timeIntervalSince1970: $0)) })
        #expect(IndexEntry.dueKey(Date(timeIntervalSince1970: 1_736_125_200)) == "20250106T010000Z")
        try withStore { store in
            for (n, time) in times.enumerated() {
                try commit(store, "d-\(n)", [.due(Date(timeIntervalSince1970: time))], create: true)
            }
            let now = IndexEntry.dueKey(Date(timeIntervalSince1970: 1_736_125_200))
            #expect(try store.keys(kind: "due", through: now)
                == ["20000101T000000Z", "20250106T000000Z", "20250106T010000Z"])
            #expect(try store.keys(kind: "due").count == 5)
        }
    }

    @Test func invalidKeysAreRefusedBeforeAnythingIsWritten() throws {
        try withStore { store in
            try makeInstance(store, "k-1", records: 1)
            let before = contents(store.layout.journalFile("k-1"))
            let error = storeError { try commit(store, "k-1", [IndexEntry("inbox", "a/b")]) }
            guard case .invalidName(let what, _, _) = error else {
                Issue.record("expected invalidName")
                return
            }
            #expect(what == "index key")
            #expect(contents(store.layout.journalFile("k-1")) == before)
        }
    }
}
