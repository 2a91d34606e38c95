import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore

@Suite("Corrupt snapshots, torn tails, journal ahead, repair")
struct RepairTests {
    @Test func tornTailIsMovedAsideAndTheChainVerifiesAfter() throws {
        try withStore { store in
            let id = "torn-1"
            try makeInstance(store, id, records: 3)
            let path = store.layout.journalFile(id)
            let sound = contents(path) ?? []
            let torn = Array(#"{"actor":"li","at":"2025"#.utf8)
            try write(sound + torn, to: path)
            #expect(!(try store.verify(id).isOK))
            #expect(storeError { _ = try store.loadInstance(id) }?.description.contains("agency repair") == true)

            let report = try store.repair(id) { replaySnapshot(id, $0) }
            guard case .movedTornTail(let line, let bytes, let savedTo) = report.actions.first else {
                Issue.record("expected the torn tail to be moved: \(report.actions)")
                return
            }
            #expect(line == 4 && bytes == torn.count)
            #expect(savedTo.hasPrefix(path + ".torn-"))
            #expect(contents(savedTo) == torn)
            #expect(contents(path) == sound)
            #expect(try store.verify(id) { replaySnapshot(id, $0) }.isOK)
            #expect(try store.instanceIDs() == [id])
            // And the instance works again.
            try store.withInstanceLock(id) {
                try store.commit(id, records: [draft()], snapshot: snapshot(id, count: 4))
            }
            #expect(try store.verify(id) { replaySnapshot(id, $0) }.isOK)
        }
    }

    static let corruptions: [(String, @Sendable ([UInt8], String) -> [UInt8])] = [
        ("truncated", { bytes, _ in Array(bytes.prefix(bytes.count / 2)) }),
        ("empty", { _, _ in [] }),
        ("garbage", { _, _ in Array("\u{0}\u{1}not json at all".utf8) }),
        ("wrong schema", { _, _ in Array(#"{"status": "running"}"#.utf8) }),
        ("array", { _, _ in Array("[1, 2]".utf8) }),
        ("another instance's", { bytes, id in
            Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"\(id)\"", with: "\"other\"").utf8)
        }),
        ("bad head", { bytes, _ in
            Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"seq\": 2", with: "\"seq\": \"2\"").utf8)
        }),
        ("BOM", { bytes, _ in [0xEF, 0xBB, 0xBF] + bytes }),
        ("duplicate keys", { bytes, _ in
            Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "{\n", with: "{\n  \"status\": \"x\",\n", options: [], range: nil).utf8)
        }),
    ]

    @Test(arguments: 0..<corruptions.count)
    func corruptSnapshotIsRefusedPreservedThenRebuilt(_ which: Int) throws {
        let (name, corrupt) = Self.corruptions[which]
        try withStore { store in
            let id = "snap-1"
            try makeInstance(store, id, records: 2, index: { _ in [IndexEntry("status", "running")] })
            let path = store.layout.snapshotFile(id)
            let good = contents(path) ?? []
            let bad = corrupt(good, id)
            #expect(bad != good, "\(name)")
            try write(bad, to: path)

            guard case .corruptSnapshot(let errorID, let errorPath, _) = storeError({ _ = try store.loadInstance(id) }) else {
                Issue.record("\(name): expected corruptSnapshot")
                return
            }
            #expect(errorID == id && errorPath == path)
            // Nothing, not even a commit, overwrites it.
            let commitError = storeError {
                try store.withInstanceLock(id) {
                    _ = try store.commit(id, records: [draft()], snapshot: snapshot(id, count: 3))
                }
            }
            guard case .corruptSnapshot = commitError else {
                Issue.record("\(name): commit over a corrupt snapshot gave \(String(describing: commitError))")
                return
            }
            #expect(contents(path) == bad, "\(name)")
            #expect(try store.verify(id).problems.map(\.kind) == [.corruptSnapshot])

            let report = try store.repair(id, rebuild: { replaySnapshot(id, $0) },
                                          indexEntries: { _ in [IndexEntry("status", "running")] })
            #expect(report.actions.count == 2, "\(name): \(report.actions)")
            guard case .quarantinedSnapshot(_, let movedTo) = report.actions.first else {
                Issue.record("\(name): expected quarantine")
                return
            }
            #expect(movedTo.hasPrefix(store.layout.quarantineDirectory + "/\(id).json."))
            #expect(contents(movedTo) == bad, "\(name): the corrupt file must be kept as it was")
            #expect(contents(path) == good, "\(name): the rebuilt snapshot equals the lost one")
            #expect(try store.verify(id) { replaySnapshot(id, $0) }.isOK)
        }
    }

    @Test func missingSnapshotIsRebuiltWithoutQuarantine() throws {
        try withStore { store in
            try makeInstance(store, "m-1", records: 2)
            let good = contents(store.layout.snapshotFile("m-1"))
            try FileManager.default.removeItem(atPath: store.layout.snapshotFile("m-1"))
            #expect(try store.verify("m-1").problems.map(\.kind) == [.missingSnapshot])
            let report = try store.repair("m-1") { replaySnapshot("m-1", $0) }
            #expect(report.actions == [.rebuiltSnapshot(head: try #require(report.head))])
            #expect(contents(store.layout.snapshotFile("m-1")) == good)
        }
    }

    @Test func journalAheadOfSnapshotReturnsTheExtraRecords() throws {
        try withStore { store in
            let id = "ahead-1"
            try makeInstance(store, id, records: 2)
            let oldSnapshot = contents(store.layout.snapshotFile(id)) ?? []
            // Simulate a crash after the append of records 3 and 4, before the snapshot.
            try store.withInstanceLock(id) {
                try store.commit(id, records: [draft("x"), draft("y")], snapshot: snapshot(id, count: 4))
            }
            try write(oldSnapshot, to: store.layout.snapshotFile(id))

            let loaded = try #require(try store.loadInstance(id))
            #expect(loaded.isJournalAhead)
            #expect(loaded.snapshotHead?.seq == 2)
            #expect(loaded.journalHead.seq == 4)
            #expect(loaded.pending.map { $0["kind"] } == ["x", "y"])
            #expect(loaded.pending.map { $0["seq"] } == [3, 4])
            #expect(try store.verify(id).problems.map(\.kind) == [.journalAhead])

            // Committing on top without acknowledging the pending records is refused...
            let refused = storeError {
                try store.withInstanceLock(id) {
                    _ = try store.commit(id, records: [draft()], snapshot: snapshot(id, count: 5))
                }
            }
            guard case .conflict = refused else {
                Issue.record("expected conflict, got \(String(describing: refused))")
                return
            }
            // ...while rolling forward (no new records, expected head) is accepted.
            let head = try store.withInstanceLock(id) {
                try store.commit(id, records: [], snapshot: snapshot(id, count: 4),
                                 expectedHead: loaded.journalHead)
            }
            #expect(head == loaded.journalHead)
            #expect(try store.verify(id) { replaySnapshot(id, $0) }.isOK)
        }
    }

    @Test func crashDuringCreateLeavesAJournalWithoutSnapshot() throws {
        try withStore { store in
            try makeInstance(store, "c-1", records: 1)
            try FileManager.default.removeItem(atPath: store.layout.snapshotFile("c-1"))
            let loaded = try #require(try store.loadInstance("c-1"))
            #expect(loaded.snapshot == nil)
            #expect(loaded.pending.count == 1)
            #expect(try store.instanceIDs() == ["c-1"])
            #expect(storeError {
                try store.withInstanceLock("c-1") {
                    _ = try store.commit("c-1", records: [draft()], snapshot: snapshot("c-1", count: 1), create: true)
                }
            } == .instanceExists(id: "c-1"))
        }
    }

    @Test func integrityProblemsAreRefusedByLoadAndRepair() throws {
        try withStore { store in
            let id = "i-1"
            try makeInstance(store, id, records: 4)
            let path = store.layout.journalFile(id)
            let lines = journalLines(path)
            // Snapshot ahead of the journal: the last record was cut off.
            try write(lines.prefix(3).flatMap { $0 }, to: path)
            guard case .integrity = storeError({ _ = try store.loadInstance(id) }) else {
                Issue.record("expected integrity error")
                return
            }
            guard case .repairRefused = storeError({ _ = try store.repair(id) { replaySnapshot(id, $0) } }) else {
                Issue.record("expected repair to refuse")
                return
            }
            // A broken chain in the middle.
            var broken = lines
            broken.remove(at: 1)
            try write(broken.flatMap { $0 }, to: path)
            let before = contents(path)
            let error = storeError { _ = try store.repair(id) { replaySnapshot(id, $0) } }
            guard case .repairRefused(_, let reason) = error else {
                Issue.record("expected repair to refuse")
                return
            }
            #expect(reason.contains("seq mismatch"))
            #expect(contents(path) == before)
        }
    }

    @Test func failingRebuildChangesNothing() throws {
        try withStore { store in
            try makeInstance(store, "f-1", records: 2)
            let path = store.layout.snapshotFile("f-1")
            try write(Array("broken".utf8), to: path)
            #expect(throws: StoreError.self) {
                try store.repair("f-1") { _ in throw StoreError.noSuchInstance(id: "engine") }
            }
            #expect(contents(path) == Array("broken".utf8))
        }
    }

    @Test func nothingToRepair() throws {
        try withStore { store in
            try makeInstance(store, "ok-1", records: 2)
            #expect(try store.repair("ok-1") { replaySnapshot("ok-1", $0) }.actions.isEmpty)
        }
    }
}
