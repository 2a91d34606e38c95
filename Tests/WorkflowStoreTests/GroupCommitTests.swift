import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore
import WorkflowStoreTestSupport

/// `FileStore.commitGroup` (the phased group commit a tick uses): it leaves exactly what
/// one commit per member leaves, a failing disk call anywhere in it leaves every member
/// as it was, and a process dying at any point leaves each member at its old or its new
/// head, never a snapshot ahead of its journal.
@Suite("Group commit: one commit each, shared fsyncs")
struct GroupCommitTests {
    static let ids = ["g-1", "g-2", "g-3"]
    static let oldDue = IndexEntry("due", "20250106T010000Z")
    static let newDue = IndexEntry("due", "20250107T010000Z")

    /// Three instances of two records each, due at `oldDue`.
    static func seed(_ store: FileStore) throws -> [JournalHead] {
        try ids.map { id in
            try #require(try makeInstance(store, id, records: 2,
                                          index: { _ in [oldDue, IndexEntry("status", "running")] }))
        }
    }

    /// What firing a timer commits: a record, the due marker moved on, a notification;
    /// g-2 also sends an outbox message.
    static func members(_ heads: [JournalHead]) -> [InstanceCommit] {
        zip(ids, heads).map { id, head in
            InstanceCommit(id, records: [draft("timer")], snapshot: .json(snapshot(id, count: 3)),
                           index: [newDue, IndexEntry("status", "running")],
                           outbox: id == "g-2" ? [["to": "x"]] : [],
                           notifications: [["to": "lisi", "title": .string("催办 \(id)")]], expectedHead: head)
        }
    }

    /// Runs `body` holding the locks of `ids`, taken in order.
    static func withLocks<T>(_ store: FileStore, _ ids: ArraySlice<String>, _ body: () throws -> T) throws -> T {
        guard let first = ids.first else { return try body() }
        return try store.withInstanceLock(first) { try withLocks(store, ids.dropFirst(), body) }
    }

    /// Commits `members` as a group holding their locks, each loaded first as tick loads
    /// it; `locked` runs then (to count or fail the group commit's calls, not the locks'
    /// or the loads').
    static func commitGroup(_ store: FileStore, _ members: [InstanceCommit],
                            locked: () -> Void = {}) throws -> [Result<JournalHead, StoreError>] {
        try withLocks(store, members.map(\.id)[...]) {
            for member in members { _ = try store.loadInstance(member.id) }
            locked()
            return store.commitGroup(members)
        }
    }

    /// Every file an instance's commit writes (snapshots, journals, markers, outbox,
    /// notifications), by path under the store, with its bytes.
    static func written(_ store: FileStore) -> [String: [UInt8]] {
        let root = store.layout.root
        var files: [String: [UInt8]] = [:]
        for folder in ["instances", "journal", "index", "outbox", "notifications"] {
            for path in allFiles(under: root + "/" + folder) {
                files["/\(folder)/\(path)"] = contents(root + "/" + folder + "/" + path)
            }
        }
        return files
    }

    @Test("a group leaves the files one commit per member leaves, and the same heads")
    func sameAsOneCommitEach() throws {
        let (oneEach, oneEachHeads) = try withStore { store in
            let heads = try Self.seed(store)
            let committed = try Self.members(heads).map { member in
                try store.withInstanceLock(member.id) { try store.commit(member) }
            }
            return (Self.written(store), committed)
        }
        let (grouped, groupedHeads, keyFolders) = try withStore { store in
            let heads = try Self.seed(store)
            let results = try Self.commitGroup(store, Self.members(heads))
            let keyFolders = [Self.newDue, Self.oldDue].map {
                String(store.layout.indexKeyDirectory($0.kind, $0.key).dropFirst(store.layout.root.count)) + "/"
            }
            return (Self.written(store), try results.map { try $0.get() }, keyFolders)
        }
        #expect(groupedHeads == oneEachHeads)
        #expect(grouped.keys.sorted() == oneEach.keys.sorted())
        for (path, bytes) in oneEach { #expect(grouped[path] == bytes, "\(path)") }
        #expect(grouped.keys.contains { $0.hasPrefix(keyFolders[0]) }, "\(keyFolders) \(grouped.keys.sorted())")
        #expect(!grouped.keys.contains { $0.hasPrefix(keyFolders[1]) })
    }

    @Test("a group makes one fsync of instances/ and one of each journal, not one per step")
    func sharedDirectorySync() throws {
        let fs = FaultInjectingFileSystem()
        try withStore(fileSystem: fs) { store in
            let members = Self.members(try Self.seed(store))
            _ = try Self.commitGroup(store, members, locked: { fs.clearCalls() })
            let syncs = fs.calls.filter { $0.operation == .fsync }.map(\.path)
            #expect(syncs.filter { $0.hasSuffix("/instances") }.count == 1)
            for id in Self.ids { #expect(syncs.filter { $0.hasSuffix("/journal/\(id).jsonl") }.count == 1) }
        }
    }

    @Test("a member that fails its checks fails alone, before anything is written")
    func failingMemberFailsAlone() throws {
        try withStore { store in
            var members = Self.members(try Self.seed(store))
            members[1].expectedHead = JournalHead(seq: 1, hash: String(repeating: "0", count: 64))
            let journal = contents(store.layout.journalFile("g-2"))
            let results = try Self.commitGroup(store, members)
            #expect(throws: StoreError.self) { try results[1].get() }
            #expect(try results[0].get().seq == 3)
            #expect(try results[2].get().seq == 3)
            #expect(contents(store.layout.journalFile("g-2")) == journal)
            #expect(try store.notifications().notifications.count == 2)
        }
    }

    /// How many times the group commit calls `operation`.
    static func callCount(_ operation: FaultInjectingFileSystem.Operation) throws -> Int {
        let fs = FaultInjectingFileSystem()
        return try withStore(fileSystem: fs) { store in
            let members = Self.members(try Self.seed(store))
            var calls: [FaultInjectingFileSystem.Call] = []
            _ = try Self.commitGroup(store, members, locked: { fs.clearCalls() })
            calls = fs.calls
            return calls.filter { $0.operation == operation }.count
        }
    }

    @Test(arguments: [
        (FaultInjectingFileSystem.Operation.write, ENOSPC), (.fsync, EIO), (.rename, EIO), (.open, EIO),
    ])
    func everyFailingCallLeavesEveryMemberUnchanged(operation: FaultInjectingFileSystem.Operation,
                                                     code: Int32) throws {
        let count = try Self.callCount(operation)
        #expect(count >= 3)
        for occurrence in 1...count {
            let fs = FaultInjectingFileSystem()
            try withStore(fileSystem: fs) { store in
                let heads = try Self.seed(store)
                let before = Self.lasting(store)
                let results = try Self.commitGroup(store, Self.members(heads), locked: {
                    fs.clearCalls()
                    fs.inject(.init(operation, occurrence: .nth(occurrence), errno: code,
                                    partialWrite: occurrence % 2 == 1))
                })
                fs.clearFaults()
                let what = "\(operation) #\(occurrence)"
                #expect(!allFiles(under: store.layout.root).contains { $0.contains(".tmp-") }, "\(what)")
                let reopened = try FileStore.open(at: store.layout.root)
                if results.allSatisfy({ (try? $0.get()) != nil }) {
                    // A best-effort step failed (a person's notification list): the
                    // group is committed whole.
                    for id in Self.ids {
                        let loaded = try #require(try reopened.loadInstance(id))
                        #expect(loaded.snapshotHead?.seq == 3 && !loaded.isJournalAhead, "\(what): \(id)")
                    }
                    return
                }
                for (id, result) in zip(Self.ids, results) {
                    guard case .failure(let error) = result else {
                        Issue.record("\(what): \(id) was reported committed while others failed")
                        continue
                    }
                    #expect(error.errno == code, "\(what)")
                    #expect(error.description.contains("Nothing was changed."), "\(what): \(error)")
                }
                let after = Self.lasting(store)
                let changed = Set(after.keys).union(before.keys).filter { after[$0] != before[$0] }
                #expect(changed.isEmpty, "\(what): \(changed.sorted())")
                // Reopened as after a restart: every instance at its old head, still due.
                for (id, head) in zip(Self.ids, heads) {
                    let loaded = try #require(try reopened.loadInstance(id))
                    #expect(loaded.journalHead == head && !loaded.isJournalAhead, "\(what): \(id)")
                    #expect(try reopened.ids(kind: "due", key: Self.oldDue.key).contains(id), "\(what): \(id)")
                    #expect(try reopened.verify(id).isOK, "\(what): \(id)")
                }
                // And the group commits once the disk is well again.
                let again = try Self.commitGroup(store, Self.members(heads))
                #expect(try again.map { try $0.get().seq } == [3, 3, 3], "\(what)")
            }
        }
    }

    /// `written` without the derived lists a failed commit may leave, as a single commit
    /// leaves them: index markers and the per-person notification lists (readers check
    /// the snapshot, the box).
    static func lasting(_ store: FileStore) -> [String: [UInt8]] {
        written(store).filter { !$0.key.hasPrefix("/index/") && !$0.key.hasPrefix("/notifications/to/") }
    }

    @Test("a process dying at any call of a group commit leaves each member at its old or new head")
    func crashAtEveryCall() throws {
        let total = try Self.callCount(.write) + Self.callCount(.fsync) + Self.callCount(.rename)
            + Self.callCount(.open) + Self.callCount(.unlink)
        for crashAt in 1...total {
            let fs = DyingFileSystem()
            try withStore(fileSystem: fs) { store in
                let heads = try Self.seed(store)
                let results = try Self.commitGroup(store, Self.members(heads), locked: { fs.dieAt(crashAt) })
                let reopened = try FileStore.open(at: store.layout.root)
                for ((id, head), result) in zip(zip(Self.ids, heads), results) {
                    let what = "death at call \(crashAt), \(id)"
                    let loaded = try #require(try reopened.loadInstance(id), "\(what)")
                    #expect(try reopened.readJournal(id).count == loaded.journalHead.seq, "\(what)")
                    #expect([2, 3].contains(loaded.journalHead.seq), "\(what)")
                    // A snapshot is never ahead of its journal, and one still at the old
                    // head keeps its due marker: the timer fires again.
                    #expect(loaded.snapshotHead?.seq ?? 0 <= loaded.journalHead.seq, "\(what)")
                    if loaded.snapshotHead == head {
                        #expect(try reopened.ids(kind: "due", key: Self.oldDue.key).contains(id), "\(what)")
                    }
                    // Reported committed: the new head is on disk, journal and snapshot.
                    if case .success(let newHead) = result {
                        #expect(loaded.journalHead == newHead && loaded.snapshotHead == newHead, "\(what)")
                    }
                }
            }
        }
    }
}

/// A file system on which the process "dies" at the n-th changing call (open for
/// writing, write, fsync, truncate, rename, unlink, mkdir, rmdir): that call and every
/// later changing call fail with EIO, so nothing after it reaches the disk, undo
/// included. What is on disk then is what a killed process leaves.
final class DyingFileSystem: FileSystem, @unchecked Sendable {
    private let base = POSIXFileSystem()
    private let lock = NSLock()
    private var remaining = Int.max

    func dieAt(_ call: Int) { lock.withLock { remaining = call } }

    private func changing(_ path: String) throws(StoreError) {
        let dead = lock.withLock { () -> Bool in
            remaining -= 1
            return remaining <= 0
        }
        if dead { throw .io(operation: "write", path: path, errno: EIO) }
    }

    func open(_ path: String, _ options: OpenOptions, mode: UInt32) throws(StoreError) -> OpenFile {
        if options.contains(.write) && !path.contains("/locks/") { try changing(path) }
        return try base.open(path, options, mode: mode)
    }
    func write(_ file: OpenFile, _ bytes: [UInt8]) throws(StoreError) {
        try changing("a file"); try base.write(file, bytes)
    }
    func readAll(_ file: OpenFile) throws(StoreError) -> [UInt8] { try base.readAll(file) }
    func read(_ file: OpenFile, offset: Int64, count: Int) throws(StoreError) -> [UInt8] {
        try base.read(file, offset: offset, count: count)
    }
    func size(_ file: OpenFile) throws(StoreError) -> Int64 { try base.size(file) }
    func linkCount(_ file: OpenFile) throws(StoreError) -> Int { try base.linkCount(file) }
    func fsync(_ file: OpenFile) throws(StoreError) { try changing("a file"); try base.fsync(file) }
    func truncate(_ file: OpenFile, to length: Int64) throws(StoreError) {
        try changing("a file"); try base.truncate(file, to: length)
    }
    func tryLock(_ file: OpenFile) throws(StoreError) -> Bool { try base.tryLock(file) }
    func close(_ file: OpenFile) throws(StoreError) { try base.close(file) }
    func rename(_ from: String, to: String) throws(StoreError) { try changing(to); try base.rename(from, to: to) }
    func unlink(_ path: String) throws(StoreError) {
        if !path.contains("/locks/") { try changing(path) }
        try base.unlink(path)
    }
    func makeDirectory(_ path: String, mode: UInt32) throws(StoreError) {
        try changing(path); try base.makeDirectory(path, mode: mode)
    }
    func removeDirectory(_ path: String) throws(StoreError) { try changing(path); try base.removeDirectory(path) }
    func list(_ path: String) throws(StoreError) -> [String] { try base.list(path) }
    func status(_ path: String) throws(StoreError) -> FileStatus? { try base.status(path) }
}
