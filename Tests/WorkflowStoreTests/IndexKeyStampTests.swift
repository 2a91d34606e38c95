import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore
import WorkflowStoreTestSupport

/// `indexKeyStamp` (the weekly seal's check of a settled month): a commit of an
/// instance under a stamped key changes the key's stamp even when no marker comes or
/// goes, one commit at a time or in a group; a key that changed just now has no stamp.
@Suite("Index key stamps")
struct IndexKeyStampTests {
    static let closed = IndexEntry("closed", "2025-01")

    /// Dates the key's folder two hours back, as if it had settled long ago.
    static func age(_ store: FileStore, _ entry: IndexEntry = closed) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)],
                                              ofItemAtPath: store.layout.indexKeyDirectory(entry.kind, entry.key))
    }

    /// The key's stamp as a store that wants an hour of quiet sees it: nil for a folder
    /// changed in the last hour, however slow the machine running the test.
    static func stamp(_ store: FileStore, _ entry: IndexEntry = closed) throws -> String? {
        try FileStore.open(at: store.layout.root, options: FileStore.Options(keyStampSettling: 3600))
            .indexKeyStamp(kind: entry.kind, key: entry.key)
    }

    @Test("a commit under the key changes its stamp; a key changed just now has none; unstamped kinds have none")
    func commitChangesTheStamp() throws {
        try withStore { store in
            let head = try #require(try makeInstance(store, "c-1", records: 2,
                                                     index: { _ in [Self.closed, IndexEntry("status", "completed")] }))
            #expect(try Self.stamp(store) == nil)  // changed just now
            try Self.age(store)
            let settled = try #require(try Self.stamp(store))
            #expect(try Self.stamp(store) == settled)
            #expect(try Self.stamp(store, IndexEntry("status", "completed")) == nil)
            #expect(try Self.stamp(store, IndexEntry("closed", "2024-12")) == nil)
            // The same entries: no marker comes or goes, the journal grows.
            _ = try store.withInstanceLock("c-1") {
                try store.commit("c-1", records: [draft("comment")], snapshot: snapshot("c-1", count: 3),
                                 index: [Self.closed, IndexEntry("status", "completed")], expectedHead: head)
            }
            #expect(try Self.stamp(store) == nil)  // just touched
            try Self.age(store)
            #expect(try Self.stamp(store) != nil)
            // Listings skip the touch entries.
            #expect(try store.ids(kind: "closed", key: "2025-01") == ["c-1"])
        }
    }

    @Test("a group commit touches the stamped keys of its members")
    func groupCommitTouches() throws {
        try withStore { store in
            var heads: [JournalHead] = []
            for id in ["g-1", "g-2"] {
                heads.append(try #require(try makeInstance(store, id, records: 1, index: { _ in [Self.closed] })))
            }
            try Self.age(store)
            let before = try #require(try Self.stamp(store))
            let members = zip(["g-1", "g-2"], heads).map { id, head in
                InstanceCommit(id, records: [draft("timer")], snapshot: .json(snapshot(id, count: 2)),
                               index: [Self.closed], expectedHead: head)
            }
            let results = try GroupCommitTests.commitGroup(store, members)
            for result in results { _ = try result.get() }
            // No marker came or went; the touches alone made the folder new again.
            #expect(try Self.stamp(store) == nil)
            _ = before
        }
    }

    @Test("commits of instances under no stamped key touch nothing")
    func unstampedCommitsTouchNothing() throws {
        let fs = FaultInjectingFileSystem()
        try withStore(fileSystem: fs) { store in
            let head = try #require(try makeInstance(store, "r-1", records: 1, index: { _ in [IndexEntry("status", "running")] }))
            fs.clearCalls()
            _ = try store.withInstanceLock("r-1") {
                try store.commit("r-1", records: [draft()], snapshot: snapshot("r-1", count: 2),
                                 index: [IndexEntry("status", "running")], expectedHead: head)
            }
            #expect(!fs.calls.contains { $0.path.contains(".touch-") })
        }
    }
}
