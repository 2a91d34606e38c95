import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore
import WorkflowStoreTestSupport

@Suite("Commit under injected disk errors")
struct CommitFaultTests {
    /// One commit that exercises every step: a new and a stale marker, two records, two
    /// outbox messages, a notification and the snapshot.
    static func fullCommit(_ store: FileStore, _ id: String) throws {
        try store.withInstanceLock(id) {
            try store.commit(id, records: [draft("a"), draft("b")], snapshot: snapshot(id, count: 9),
                             index: [IndexEntry("status", "done")],
                             outbox: [["to": "x"], ["to": "y"]], notifications: [["to": "lisi", "title": "请审核"]])
        }
    }

    /// How many times a full commit calls `operation`.
    static func callCount(_ operation: FaultInjectingFileSystem.Operation, create: Bool) throws -> Int {
        let fs = FaultInjectingFileSystem()
        return try withStore(fileSystem: fs) { store in
            if !create { try makeInstance(store, "p-1", records: 2, index: { _ in [IndexEntry("status", "running")] }) }
            fs.clearCalls()
            if create {
                try store.withInstanceLock("p-1") {
                    try store.commit("p-1", records: [draft()], snapshot: snapshot("p-1", count: 1),
                                     index: [IndexEntry("status", "running")], outbox: [["to": "x"]],
                                     create: true)
                }
            } else {
                try fullCommit(store, "p-1")
            }
            return fs.calls.filter { $0.operation == operation }.count
        }
    }

    @Test(arguments: [
        (FaultInjectingFileSystem.Operation.write, ENOSPC), (.write, EIO),
        (.fsync, ENOSPC), (.fsync, EIO), (.rename, ENOSPC), (.rename, EIO),
    ])
    func everyFailingCallLeavesTheInstanceUnchanged(operation: FaultInjectingFileSystem.Operation,
                                                     code: Int32) throws {
        let count = try Self.callCount(operation, create: false)
        #expect(count >= 3)
        // A signed store too: the signature is made before the first write, so signing
        // adds no step that can fail half-way.
        let cases = (1...count).flatMap { occurrence in
            [nil, JournalSignature.newKeySeed()].map { (occurrence, $0) }
        }
        for (occurrence, seed) in cases {
            let fs = FaultInjectingFileSystem()
            try withStore(fileSystem: fs, signingKeySeed: seed) { store in
                let id = "p-1"
                try makeInstance(store, id, records: 2, index: { _ in [IndexEntry("status", "running")] })
                let journal = contents(store.layout.journalFile(id))
                let snap = contents(store.layout.snapshotFile(id))
                fs.inject(.init(operation, occurrence: .nth(occurrence), errno: code,
                                partialWrite: occurrence % 2 == 1))
                let error = storeError { try Self.fullCommit(store, id) }
                let failure = try #require(error, "\(operation) #\(occurrence) did not fail the commit")
                #expect(failure.errno == code)
                #expect(failure.description.contains("could not commit instance p-1"))
                #expect(failure.description.contains("Nothing was changed."), "\(failure)")
                #expect(contents(store.layout.journalFile(id)) == journal, "\(operation) #\(occurrence)")
                #expect(contents(store.layout.snapshotFile(id)) == snap, "\(operation) #\(occurrence)")
                #expect(!allFiles(under: store.layout.root).contains { $0.contains(".tmp-") })
                #expect(try store.pendingMessages().isEmpty)
                #expect(try store.notifications().notifications.isEmpty, "\(operation) #\(occurrence)")
                // The store still works and the chain is sound.
                fs.clearFaults()
                try Self.fullCommit(store, id)
                let report = try store.verify(id)
                #expect(report.isOK, "\(report)")
                #expect(report.journalHead?.seq == 4)
                #expect(contents(store.layout.journalFile(id)).map { String(decoding: $0, as: UTF8.self) }?
                    .contains("\"sig\":") == (seed != nil))
            }
        }
    }

    @Test(arguments: [FaultInjectingFileSystem.Operation.write, .fsync, .rename])
    func failingCreateLeavesNoInstance(operation: FaultInjectingFileSystem.Operation) throws {
        let count = try Self.callCount(operation, create: true)
        for occurrence in 1...count {
            let fs = FaultInjectingFileSystem()
            try withStore(fileSystem: fs) { store in
                fs.inject(.init(operation, occurrence: .nth(occurrence), errno: EIO))
                let error = storeError {
                    try store.withInstanceLock("p-1") {
                        _ = try store.commit("p-1", records: [draft()], snapshot: snapshot("p-1", count: 1),
                                         outbox: [["to": "x"]], create: true)
                    }
                }
                #expect(error?.errno == EIO, "\(operation) #\(occurrence)")
                let loaded = try store.loadInstance("p-1")
                #expect(loaded == nil)
                #expect(try store.instanceIDs().isEmpty)
                #expect(try store.pendingMessages().isEmpty)
            }
        }
    }

    @Test func failedRollbackSaysTheJournalIsAhead() throws {
        let fs = FaultInjectingFileSystem()
        try withStore(fileSystem: fs) { store in
            try makeInstance(store, "p-1", records: 1)
            // The snapshot's temporary write fails, and so does cutting the journal back.
            fs.inject(.init(.write, pathContains: "/.tmp-p-1.json-", errno: ENOSPC))
            fs.inject(.init(.truncate, errno: EIO))
            let error = storeError { try Self.fullCommit(store, "p-1") }
            #expect(error?.description.contains("roll") == true)
            fs.clearFaults()
            let loaded = try #require(try store.loadInstance("p-1"))
            #expect(loaded.isJournalAhead)
            #expect(loaded.pending.count == 2)
        }
    }

    /// Were a notification left while the journal is cut back, the next commit would reuse
    /// the seq and find its key taken by an event that never happened.
    @Test func notificationsThatCannotBeRemovedKeepTheRecordsAhead() throws {
        let fs = FaultInjectingFileSystem()
        try withStore(fileSystem: fs) { store in
            try makeInstance(store, "p-1", records: 1)
            let journal = contents(store.layout.journalFile("p-1"))
            fs.inject(.init(.rename, pathContains: "/instances/", errno: ENOSPC))
            fs.inject(.init(.unlink, pathContains: "/notifications/pending/", errno: EIO))
            let error = storeError { try Self.fullCommit(store, "p-1") }
            #expect(error?.description.contains("stay in the journal ahead") == true, "\(String(describing: error))")
            fs.clearFaults()
            #expect(contents(store.layout.journalFile("p-1")) != journal)
            let loaded = try #require(try store.loadInstance("p-1"))
            #expect(loaded.isJournalAhead)
            #expect(try store.notifications().notifications.map { $0["key"] } == ["p-1-3-3"])
        }
    }
}
