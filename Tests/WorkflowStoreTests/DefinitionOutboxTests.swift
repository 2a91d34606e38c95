import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore
import WorkflowStoreTestSupport

@Suite("Definitions, outbox, records")
struct DefinitionOutboxTests {
    @Test func definitionsAreContentAddressedAndChecked() throws {
        try withStore { store in
            let source = "return workflow { name = \"permit\" } -- 项目手续代办\n"
            let sha = try store.saveDefinition("permit", source: source)
            #expect(sha == JournalHash.sha256(Array(source.utf8)))
            #expect(try store.saveDefinition("permit", source: source) == sha)
            #expect(try store.loadDefinition("permit", sha: sha) == source)
            let second = try store.saveDefinition("permit", source: source + "-- v2\n")
            #expect(Set(try store.versions("permit").map(\.sha)) == [sha, second])
            #expect(try store.definitionNames() == ["permit"])
            try write(Array("tampered".utf8), to: store.layout.definitionFile("permit", sha: sha))
            guard case .definitionTampered = storeError({ _ = try store.loadDefinition("permit", sha: sha) }) else {
                Issue.record("expected definitionTampered")
                return
            }
            let unknown = String(repeating: "0", count: 64)
            #expect(storeError { _ = try store.loadDefinition("permit", sha: unknown) }
                == .definitionNotFound(name: "permit", sha: unknown))
        }
    }

    @Test("a changed definition or calendar version is evidence: saving the same content again refuses, never rewrites")
    func tamperedVersionsAreNeverRewritten() throws {
        try withStore { store in
            let source = "return workflow { name = \"permit\" }\n"
            let sha = try store.saveDefinition("permit", source: source)
            let file = store.layout.definitionFile("permit", sha: sha)
            let forged = Array("return workflow { name = \"permit\", forged = true }\n".utf8)
            try write(forged, to: file)
            let error = storeError { _ = try store.saveDefinition("permit", source: source) }
            guard case .definitionTampered(let name, let expected, let actual, let path) = error else {
                Issue.record("expected definitionTampered, got \(String(describing: error))")
                return
            }
            #expect(name == "permit" && expected == sha && actual == JournalHash.sha256(forged) && path == file)
            #expect(error?.category == .integrity)
            #expect(error?.description.contains("\(file) was changed after it was stored") == true)
            #expect(contents(file) == forged)

            let calendar = Array("{\"layers\":[]}".utf8)
            let version = try store.saveCalendarVersion(calendar)
            let calendarFile = store.layout.environmentVersionFile(.calendar, sha: version)
            try write(Array("{\"layers\":[1]}".utf8), to: calendarFile)
            guard case .environmentVersionTampered(.calendar, _, _, let calendarPath) = storeError({
                _ = try store.saveCalendarVersion(calendar)
            }) else {
                Issue.record("expected environmentVersionTampered")
                return
            }
            #expect(calendarPath == calendarFile)
            #expect(contents(calendarFile) == Array("{\"layers\":[1]}".utf8))
        }
    }

    @Test func outboxMessagesCarryTheirIdempotencyKey() throws {
        try withStore { store in
            try makeInstance(store, "src-1", records: 1)
            try store.withInstanceLock("src-1") {
                try store.commit("src-1", records: [draft("signal")], snapshot: snapshot("src-1", count: 2),
                                 outbox: [["to": "child-1", "event": "go"], ["to": "child-2"]])
            }
            let messages = try store.pendingMessages()
            #expect(messages.map(\.key) == ["src-1-2-1", "src-1-2-2"])
            #expect(messages.first?.body == ["to": "child-1", "event": "go"])
            #expect(messages.first?.source == "src-1" && messages.first?.seq == 2)
            try store.removeMessage("src-1-2-1")
            try store.removeMessage("src-1-2-1")
            #expect(try store.pendingMessages().map(\.key) == ["src-1-2-2"])
        }
    }

    @Test func recordsFollowTheDocumentedFormat() throws {
        try withStore { store in
            try makeInstance(store, "fmt-1", records: 2)
            let records = try store.readJournal("fmt-1")
            #expect(records[0]["prev"]?.stringValue == JournalHash.genesis(for: "fmt-1"))
            #expect(records[1]["prev"] == records[0]["hash"])
            for record in records {
                #expect(record["hash"]?.stringValue == (try JournalHash.hash(of: record)))
                #expect(Set(record.objectValue?.keys.map { $0 } ?? [])
                    == ["seq", "at", "actor", "kind", "details", "prev", "hash"])
            }
            let lines = journalLines(store.layout.journalFile("fmt-1"))
            #expect(lines.count == 2)
            #expect(lines[0] == (try records[0].canonicalBytes()) + [UInt8(ascii: "\n")])
            let head = try #require(try store.journalHead("fmt-1"))
            #expect(head.seq == 2 && head.hash == records[1]["hash"]?.stringValue)
            let snap = try #require(try store.loadInstance("fmt-1")?.snapshot)
            #expect(snap["head"] == head.json)
            #expect(contents(store.layout.snapshotFile("fmt-1")) == (try snap.prettyBytes()))
        }
    }

    @Test func badDraftsAreRefused() throws {
        try withStore { store in
            try makeInstance(store, "d-1", records: 1)
            let drafts: [JSONValue] = [
                "text", ["at": "x", "actor": "a", "kind": "k"],
                ["at": "x", "actor": "a", "kind": "k", "details": [:], "seq": 9],
                ["at": "", "actor": "a", "kind": "k", "details": [:]],
            ]
            for bad in drafts {
                let error = storeError {
                    try store.withInstanceLock("d-1") {
                        _ = try store.commit("d-1", records: [draft(), bad], snapshot: snapshot("d-1", count: 3))
                    }
                }
                guard case .invalidRecord(_, let index, _) = error else {
                    Issue.record("\(bad) was accepted")
                    continue
                }
                #expect(index == 1)
            }
            #expect(try store.readJournal("d-1").count == 1)
            let nonFinite = storeError {
                try store.withInstanceLock("d-1") {
                    _ = try store.commit("d-1", records: [draft(details: ["x": .double(.nan)])],
                                     snapshot: snapshot("d-1", count: 2))
                }
            }
            guard case .encoding = nonFinite else {
                Issue.record("expected encoding error")
                return
            }
        }
    }

    @Test func journalHeadReadsOnlyTheTail() throws {
        let fs = FaultInjectingFileSystem()
        try withStore(fileSystem: fs) { store in
            try makeInstance(store, "long-1", records: 1)
            try store.withInstanceLock("long-1") {
                let many = (0..<400).map { draft(details: ["n": .integer(Int64($0)), "pad": .string(String(repeating: "x", count: 100))]) }
                try store.commit("long-1", records: many, snapshot: snapshot("long-1", count: 401))
            }
            fs.clearCalls()
            let head = try #require(try store.journalHead("long-1"))
            #expect(head.seq == 401)
            let size = try #require(fs.calls.first { $0.operation == .size })
            #expect(size.path == store.layout.journalFile("long-1"))
            // A single pread of the last 4 KB, not a read of the whole file.
            #expect(fs.calls.filter { $0.operation == .read }.count == 1)
            #expect((try FileManager.default.attributesOfItem(atPath: store.layout.journalFile("long-1"))[.size] as? Int ?? 0) > 40_000)
            // A last record longer than the first window is found by widening it.
            try store.withInstanceLock("long-1") {
                _ = try store.commit("long-1", records: [draft(details: ["pad": .string(String(repeating: "长", count: 9_000))])],
                                     snapshot: snapshot("long-1", count: 402))
            }
            #expect(try store.journalHead("long-1")?.seq == 402)
            #expect(try store.verify("long-1").isOK)
        }
    }
}
