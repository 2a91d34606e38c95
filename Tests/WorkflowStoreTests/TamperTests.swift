import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore

@Suite("verify: every kind of journal tampering")
struct TamperTests {
    /// Builds an instance with five records and hands its journal lines to `tamper`,
    /// which returns the lines to write back; then verifies.
    func tampered(_ tamper: ([[UInt8]]) throws -> [[UInt8]]) throws -> VerifyReport {
        try withStore { store in
            let id = "t-1"
            try makeInstance(store, id, records: 5)
            #expect(try store.verify(id) { replaySnapshot(id, $0) }.isOK)
            let path = store.layout.journalFile(id)
            try write(try tamper(journalLines(path)).flatMap { $0 }, to: path)
            return try store.verify(id) { replaySnapshot(id, $0) }
        }
    }

    /// A journal line with `change` applied to its record, keeping its hash (an edit) or
    /// recomputing it (a forgery).
    func edited(_ line: [UInt8], recomputeHash: Bool = false,
                _ change: (inout [String: JSONValue]) -> Void) throws -> [UInt8] {
        guard case .object(var members) = try JSONValue.parse(line.dropLast()) else {
            throw StoreError.encoding(what: "test", problem: "not an object")
        }
        change(&members)
        if recomputeHash {
            members["hash"] = .string(try JournalHash.hash(of: .object(members)))
        }
        return try JSONValue.object(members).canonicalBytes() + [UInt8(ascii: "\n")]
    }

    @Test func intactJournalVerifiesWithReplay() throws {
        let report = try tampered { $0 }
        #expect(report.isOK)
        #expect(report.replayChecked)
        #expect(report.recordCount == 5)
        #expect(report.journalHead?.seq == 5)
    }

    @Test func editedFieldIsAHashMismatchAtThatRecord() throws {
        let report = try tampered { lines in
            var lines = lines
            lines[2] = try edited(lines[2]) { $0["actor"] = "mallory" }
            return lines
        }
        #expect(report.problems.first?.kind == .hashMismatch)
        #expect(report.firstBadSeq == 3)
    }

    @Test func deletedRecordIsASeqMismatch() throws {
        let report = try tampered { lines in
            var lines = lines
            lines.remove(at: 1)
            return lines
        }
        #expect(report.problems.first?.kind == .seqMismatch)
        #expect(report.firstBadSeq == 2)
    }

    @Test func insertedRecordIsASeqMismatch() throws {
        let report = try tampered { lines in
            var lines = lines
            lines.insert(lines[1], at: 3)
            return lines
        }
        #expect(report.problems.first?.kind == .seqMismatch)
        #expect(report.firstBadSeq == 4)
    }

    @Test func insertedForgeryWithRenumberingIsAPrevMismatch() throws {
        // A forger inserts a record as seq 3 with a correct hash, renumbering the rest
        // (each rehashed): the record after the insertion no longer links.
        let report = try tampered { lines in
            var lines = lines
            let forged = try edited(lines[2], recomputeHash: true) { $0["actor"] = "mallory" }
            lines.insert(forged, at: 2)
            for index in 3..<lines.count {
                lines[index] = try edited(lines[index], recomputeHash: true) {
                    $0["seq"] = .integer(Int64(index + 1))
                }
            }
            return lines
        }
        #expect(report.problems.first?.kind == .prevMismatch)
        #expect(report.firstBadSeq == 4)
    }

    @Test func swappedRecordsAreASeqMismatch() throws {
        let report = try tampered { lines in
            var lines = lines
            lines.swapAt(1, 2)
            return lines
        }
        #expect(report.problems.first?.kind == .seqMismatch)
        #expect(report.firstBadSeq == 2)
    }

    @Test func forgedHashBreaksTheNextRecordsLink() throws {
        let report = try tampered { lines in
            var lines = lines
            lines[2] = try edited(lines[2], recomputeHash: true) { $0["actor"] = "mallory" }
            return lines
        }
        #expect(report.problems.first?.kind == .prevMismatch)
        #expect(report.firstBadSeq == 4)
    }

    @Test func forgedLastRecordIsAHeadMismatch() throws {
        let report = try tampered { lines in
            var lines = lines
            lines[4] = try edited(lines[4], recomputeHash: true) { $0["actor"] = "mallory" }
            return lines
        }
        #expect(report.problems.map(\.kind) == [.headMismatch])
        #expect(report.firstBadSeq == 5)
    }

    @Test func truncatedMiddleRecordIsUnreadable() throws {
        let report = try tampered { lines in
            var lines = lines
            lines[2] = Array(lines[2].prefix(lines[2].count / 2)) + [UInt8(ascii: "\n")]
            return lines
        }
        #expect(report.problems.first?.kind == .unreadableRecord)
        #expect(report.firstBadSeq == 3)
    }

    @Test func tornLastLineIsReportedNotDropped() throws {
        let report = try tampered { lines in
            lines + [Array(#"{"actor":"zhang"#.utf8)]
        }
        #expect(report.problems.map(\.kind) == [.tornTail])
        #expect(report.firstBadSeq == 6)
        #expect(report.recordCount == 5)
    }

    @Test func truncatedTailIsSeenOnlyThroughTheSnapshotHead() throws {
        // The chain itself is intact after dropping the last two records; only the head
        // kept in the snapshot (and printed elsewhere) reveals it.
        let report = try tampered { Array($0.prefix(3)) }
        #expect(report.problems.map(\.kind) == [.snapshotAhead])
        #expect(report.firstBadSeq == 4)
    }

    @Test func aKnownHeadCatchesAConsistentRewrite() throws {
        try withStore { store in
            let id = "k-1"
            try makeInstance(store, id, records: 4)
            let printed = try #require(try store.loadInstance(id)?.journalHead)
            #expect(try store.verify(id, knownHead: printed).isOK)
            // Cut the last two records and fix the snapshot to match: chain and snapshot
            // agree, only the printed head knows better.
            let path = store.layout.journalFile(id)
            try write(journalLines(path).prefix(2).flatMap { $0 }, to: path)
            let records = try store.readJournal(id)
            let shortHead = JournalHead(seq: 2, hash: records[1]["hash"]?.stringValue ?? "")
            var snap = try JSONValue.parse(contents(store.layout.snapshotFile(id)) ?? [])
            if case .object(var members) = snap {
                members["head"] = shortHead.json
                snap = .object(members)
            }
            try write(try snap.prettyBytes(), to: store.layout.snapshotFile(id))
            #expect(try store.verify(id).isOK)
            let report = try store.verify(id, knownHead: printed)
            #expect(report.problems.map(\.kind) == [.knownHeadMismatch])
            #expect(report.firstBadSeq == 3)
        }
    }

    @Test func journalCopiedFromAnotherInstanceFailsAtRecordOne() throws {
        try withStore { store in
            try makeInstance(store, "a-1", records: 2)
            try makeInstance(store, "b-1", records: 2)
            try write(contents(store.layout.journalFile("a-1")) ?? [], to: store.layout.journalFile("b-1"))
            let report = try store.verify("b-1")
            #expect(report.problems.first?.kind == .prevMismatch)
            #expect(report.firstBadSeq == 1)
        }
    }

    @Test func replayMismatchNamesTheFirstDifference() throws {
        try withStore { store in
            try makeInstance(store, "r-1", records: 3)
            let report = try store.verify("r-1") { _ in snapshot("r-1", count: 4) }
            #expect(report.problems.map(\.kind) == [.replayMismatch])
            #expect(report.problems.first?.message.contains("$.data.count: stored 3, replayed 4") == true)
            let failing = try store.verify("r-1") { _ in throw StoreError.noSuchInstance(id: "x") }
            #expect(failing.problems.map(\.kind) == [.replayFailed])
        }
    }

    @Test func readJournalTellsATornTailFromMiddleCorruption() throws {
        try withStore { store in
            try makeInstance(store, "j-1", records: 3)
            let path = store.layout.journalFile("j-1")
            let original = contents(path) ?? []
            try write(original + Array("{\"seq\":4".utf8), to: path)
            guard case .tornJournal(_, _, let line, _) = storeError({ _ = try store.readJournal("j-1") }) else {
                Issue.record("expected tornJournal")
                return
            }
            #expect(line == 4)
            guard case .tornJournal = storeError({ _ = try store.journalHead("j-1") }) else {
                Issue.record("journalHead should see the torn tail too")
                return
            }
            var lines = journalLines(path)
            lines = Array(lines.prefix(3))
            lines[1] = Array("garbage\n".utf8)
            try write(lines.flatMap { $0 }, to: path)
            guard case .corruptJournal(_, _, let badLine, let seq, _) = storeError({ _ = try store.readJournal("j-1") }) else {
                Issue.record("expected corruptJournal")
                return
            }
            #expect(badLine == 2 && seq == 2)
        }
    }
}
