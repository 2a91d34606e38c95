import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore
import WorkflowStoreTestSupport

@Suite("What a lock hold knows")
struct LockHoldTests {
    @Test func aCommitAfterALoadUnderTheSameHoldReadsNothingAgain() throws {
        let fs = FaultInjectingFileSystem()
        try withStore(fileSystem: fs) { store in
            try makeInstance(store, "h-1", records: 1)
            try store.withInstanceLock("h-1") {
                let loaded = try #require(try store.loadInstance("h-1"))
                fs.clearCalls()
                try store.commit("h-1", records: [draft()], snapshot: snapshot("h-1", count: 2),
                                 expectedHead: loaded.journalHead)
                let opened = fs.calls.filter { $0.operation == .open }.map(\.path)
                #expect(!opened.contains(store.layout.snapshotFile("h-1")))
                // A second commit in the same hold starts from what the first wrote.
                fs.clearCalls()
                try store.commit("h-1", records: [draft()], snapshot: snapshot("h-1", count: 3))
                #expect(!fs.calls.filter { $0.operation == .open }.map(\.path).contains(store.layout.snapshotFile("h-1")))
            }
            #expect(try store.verify("h-1") { replaySnapshot("h-1", $0) }.isOK)
            #expect(try store.loadInstance("h-1")?.journalHead.seq == 3)
        }
    }

    @Test func aNewHoldReadsTheFiles() throws {
        let fs = FaultInjectingFileSystem()
        try withStore(fileSystem: fs) { store in
            try makeInstance(store, "h-1", records: 1)
            fs.clearCalls()
            try store.withInstanceLock("h-1") {
                try store.commit("h-1", records: [draft()], snapshot: snapshot("h-1", count: 2))
            }
            #expect(fs.calls.filter { $0.operation == .open }.map(\.path).contains(store.layout.snapshotFile("h-1")))
        }
    }

    @Test func aFailedCommitForgetsWhatTheHoldKnew() throws {
        let fs = FaultInjectingFileSystem()
        try withStore(fileSystem: fs) { store in
            try makeInstance(store, "h-1", records: 1)
            try store.withInstanceLock("h-1") {
                _ = try store.loadInstance("h-1")
                // The snapshot's rename fails, the undo cuts the journal back: the next
                // commit must read what is really on disk.
                fs.inject(.init(.rename, pathContains: "/instances/", occurrence: .nth(1), errno: EIO))
                #expect(storeError {
                    try store.commit("h-1", records: [draft()], snapshot: snapshot("h-1", count: 2))
                }?.errno == EIO)
                fs.clearFaults()
                fs.clearCalls()
                try store.commit("h-1", records: [draft()], snapshot: snapshot("h-1", count: 2))
                #expect(fs.calls.filter { $0.operation == .open }.map(\.path).contains(store.layout.snapshotFile("h-1")))
            }
            #expect(try store.verify("h-1") { replaySnapshot("h-1", $0) }.isOK)
        }
    }

    @Test func repairUnderAnOuterHoldForgetsItToo() throws {
        try withStore { store in
            try makeInstance(store, "h-1", records: 2)
            try store.withInstanceLock("h-1") {
                _ = try store.loadInstance("h-1")
                // Lose the snapshot behind the holder's back; repair rebuilds it.
                try FileManager.default.removeItem(atPath: store.layout.snapshotFile("h-1"))
                #expect(store.lockHold("h-1")?.known != nil)
                let report = try store.repair("h-1") { replaySnapshot("h-1", $0) }
                #expect(report.actions.count == 1)
                #expect(store.lockHold("h-1")?.known == nil)
                try store.commit("h-1", records: [draft()], snapshot: snapshot("h-1", count: 3))
            }
            #expect(try store.verify("h-1") { replaySnapshot("h-1", $0) }.isOK)
        }
    }
}
