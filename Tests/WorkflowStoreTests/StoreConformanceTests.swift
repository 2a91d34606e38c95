import AgencyJSON
import Foundation
import Testing
import WorkflowStore

/// The store implementations the conformance suite runs on. A new `InstanceStore` is
/// added here and must pass every test below unchanged. PostgreSQL joins when
/// `AGENCY_TEST_POSTGRES_URL` names a database (`PostgresConformance`); without it the
/// suite runs on the other two and `PostgresConformanceTests` reports the skip.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case file, memory, postgres

    static var allCases: [StoreKind] {
        PostgresConformance.url == nil ? [.file, .memory] : [.file, .memory, .postgres]
    }

    var testDescription: String { rawValue }

    /// Runs `body` with a new, empty store of this kind (a file store in a temporary
    /// directory that is removed afterwards; a PostgreSQL store in a schema of its own,
    /// dropped afterwards).
    func withStore<T>(lockTimeout: Double = 5, _ body: (any InstanceStore) throws -> T) throws -> T {
        let config = StoreConfig(lockTimeoutSeconds: lockTimeout)
        switch self {
        case .file:
            let directory = try TemporaryDirectory()
            defer { directory.cleanUp() }
            return try body(try FileStore.create(at: directory.path + "/store", config: config))
        case .memory:
            return try body(try MemoryStore(config: config))
        case .postgres:
            return try PostgresConformance.withStore(config: config, body)
        }
    }
}

/// Creates `id` with one record per commit, through the protocol only.
@discardableResult
private func grow(_ store: any InstanceStore, _ id: String, records count: Int,
                  index: IndexEntries = []) throws -> JournalHead {
    var head = JournalHead(seq: 0, hash: "")
    for n in 1...count {
        head = try store.withInstanceLock(id) {
            try store.commit(id, records: [draft(details: ["n": .integer(Int64(n))])],
                             snapshot: snapshot(id, count: n), index: index, create: n == 1)
        }
    }
    return head
}

@Suite("InstanceStore conformance")
struct StoreConformanceTests {
    @Test("a commit chains and seals records and stamps the snapshot", arguments: StoreKind.allCases)
    func commitChainsRecords(kind: StoreKind) throws {
        try kind.withStore { store in
            let head = try grow(store, "P1", records: 3)
            let records = try store.readJournal("P1")
            #expect(records.map { $0["seq"]?.intValue } == [1, 2, 3])
            #expect(records[0]["prev"]?.stringValue == JournalHash.genesis(for: "P1"))
            for (previous, record) in zip(records, records.dropFirst()) {
                #expect(record["prev"] == previous["hash"])
            }
            for record in records {
                #expect(try JournalHash.hash(of: record) == record["hash"]?.stringValue)
            }
            #expect(head == JournalHead(seq: 3, hash: records[2]["hash"]?.stringValue ?? ""))
            #expect(try store.journalHead("P1") == head)
            let loaded = try #require(try store.loadInstance("P1"))
            #expect(loaded.journalHead == head && loaded.snapshotHead == head && loaded.pending.isEmpty)
            #expect(loaded.snapshot?["id"] == "P1")
            #expect(loaded.snapshot?["head"] == head.json)
            #expect(loaded.snapshot?["data"]?["count"] == 3)
        }
    }

    @Test("an unknown instance reads as absent", arguments: StoreKind.allCases)
    func unknownInstance(kind: StoreKind) throws {
        try kind.withStore { store in
            let loaded = try store.loadInstance("nobody")
            let exists = try store.instanceExists("nobody")
            let journal = try store.readJournal("nobody")
            let head = try store.journalHead("nobody")
            #expect(loaded == nil && !exists && journal.isEmpty && head == nil)
            #expect(storeError { _ = try store.verify("nobody") } == .noSuchInstance(id: "nobody"))
            #expect(storeError {
                _ = try store.withInstanceLock("nobody") {
                    try store.commit("nobody", records: [draft()], snapshot: snapshot("nobody", count: 1))
                }
            } == .noSuchInstance(id: "nobody"))
        }
    }

    @Test("ids are listed in byte order", arguments: StoreKind.allCases)
    func listsIDs(kind: StoreKind) throws {
        try kind.withStore { store in
            for id in ["b", "a.2", "a.10", "Z"] { try grow(store, id, records: 1) }
            #expect(try store.instanceIDs() == ["Z", "a.10", "a.2", "b"])
            #expect(try store.instanceExists("a.2"))
        }
    }

    @Test("bad ids and bad drafts are refused before anything changes", arguments: StoreKind.allCases)
    func refusesBadInput(kind: StoreKind) throws {
        try kind.withStore { store in
            if case .invalidName? = storeError({ _ = try store.loadInstance("../x") }) {} else {
                Issue.record("a path as an id was accepted")
            }
            try grow(store, "P1", records: 1)
            let before = try store.journalHead("P1")
            let bad: [JSONValue] = [
                ["at": "2025-01-06T09:00:00+08:00", "actor": "a", "kind": "k", "details": [:], "seq": 9],
                ["at": "", "actor": "a", "kind": "k", "details": [:]],
                ["at": "2025-01-06T09:00:00+08:00", "actor": "a", "kind": "k", "details": "no"],
                "not an object",
            ]
            for record in bad {
                let error = storeError {
                    _ = try store.withInstanceLock("P1") {
                        try store.commit("P1", records: [record], snapshot: snapshot("P1", count: 2))
                    }
                }
                if case .invalidRecord? = error {} else { Issue.record("accepted \(record): \(String(describing: error))") }
            }
            let wrongID = storeError {
                _ = try store.withInstanceLock("P1") {
                    try store.commit("P1", records: [draft()], snapshot: ["id": "P2"])
                }
            }
            if case .invalidSnapshot? = wrongID {} else { Issue.record("a snapshot of P2 was stored as P1") }
            let nonFinite = storeError {
                _ = try store.withInstanceLock("P1") {
                    try store.commit("P1", records: [draft()], snapshot: ["x": .double(.infinity)])
                }
            }
            if case .encoding? = nonFinite {} else { Issue.record("an infinite number was stored") }
            #expect(try store.journalHead("P1") == before)
            #expect(try store.readJournal("P1").count == 1)
        }
    }

    @Test("create refuses an existing instance; a stale expected head is a conflict", arguments: StoreKind.allCases)
    func createAndConflict(kind: StoreKind) throws {
        try kind.withStore { store in
            let first = try grow(store, "P1", records: 1)
            #expect(storeError {
                _ = try store.withInstanceLock("P1") {
                    try store.commit("P1", records: [draft()], snapshot: snapshot("P1", count: 1), create: true)
                }
            } == .instanceExists(id: "P1"))
            let second = try store.withInstanceLock("P1") {
                try store.commit("P1", records: [draft()], snapshot: snapshot("P1", count: 2))
            }
            #expect(storeError {
                _ = try store.withInstanceLock("P1") {
                    try store.commit("P1", records: [draft()], snapshot: snapshot("P1", count: 3),
                                     expectedHead: first)
                }
            } == .conflict(id: "P1", expected: first, found: second))
        }
    }

    @Test("a commit needs the instance lock", arguments: StoreKind.allCases)
    func commitNeedsLock(kind: StoreKind) throws {
        try kind.withStore { store in
            #expect(storeError {
                _ = try store.commit("P1", records: [draft()], snapshot: snapshot("P1", count: 1), create: true)
            } == .notLocked(id: "P1"))
            let exists = try store.instanceExists("P1")
            #expect(!exists)
        }
    }

    @Test("locks are re-entrant, exclusive between threads and time out as busy", arguments: StoreKind.allCases)
    func locks(kind: StoreKind) throws {
        try kind.withStore(lockTimeout: 0.2) { store in
            try store.withInstanceLock("P1") {
                #expect(store.holdsInstanceLock("P1"))
                #expect(!store.holdsInstanceLock("P2"))
                try store.withInstanceLock("P1") { #expect(store.holdsInstanceLock("P1")) }
                let outcome = Outcome()
                let shared = Handoff(store)
                let thread = Thread {
                    do {
                        try shared.value.withInstanceLock("P1") { outcome.set("entered") }
                    } catch let error as StoreError {
                        if case .busy(let id, let waited) = error, id == "P1", waited >= 0.2 {
                            outcome.set("busy")
                        } else {
                            outcome.set("\(error)")
                        }
                    } catch {
                        outcome.set("\(error)")
                    }
                }
                thread.start()
                outcome.wait()
                #expect(outcome.value == "busy")
            }
            #expect(!store.holdsInstanceLock("P1"))
            // Free again: another thread gets it at once.
            let outcome = Outcome()
            let shared = Handoff(store)
            Thread {
                outcome.set((try? shared.value.withInstanceLock("P1") { "entered" }) ?? "failed")
            }.start()
            outcome.wait()
            #expect(outcome.value == "entered")
        }
    }

    @Test("concurrent commits on one instance lose nothing", arguments: StoreKind.allCases)
    func concurrentCommits(kind: StoreKind) throws {
        try kind.withStore { store in
            try grow(store, "P1", records: 1)
            let shared = Handoff(store)
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                for _ in 0..<5 {
                    _ = try? shared.value.withInstanceLock("P1") {
                        let count = try shared.value.readJournal("P1").count
                        try shared.value.commit("P1", records: [draft()], snapshot: snapshot("P1", count: count + 1))
                    }
                }
            }
            #expect(try store.readJournal("P1").count == 41)
            #expect(try store.verify("P1").isOK)
            #expect(try store.loadInstance("P1")?.snapshot?["data"]?["count"] == 41)
        }
    }

    @Test("index entries follow each commit; keys list through a bound", arguments: StoreKind.allCases)
    func index(kind: StoreKind) throws {
        try kind.withStore { store in
            try grow(store, "P1", records: 1, index: [IndexEntry("due", "20250106T010000Z"), IndexEntry("status", "open")])
            try grow(store, "P2", records: 1, index: [IndexEntry("due", "20250107T010000Z"), IndexEntry("status", "open")])
            #expect(try store.ids(kind: "status", key: "open") == ["P1", "P2"])
            #expect(try store.keys(kind: "due") == ["20250106T010000Z", "20250107T010000Z"])
            #expect(try store.keys(kind: "due", through: "20250106T010000Z") == ["20250106T010000Z"])
            try store.withInstanceLock("P1") {
                try store.commit("P1", records: [draft()], snapshot: snapshot("P1", count: 2),
                                 index: [IndexEntry("status", "done")])
            }
            #expect(try store.ids(kind: "status", key: "open") == ["P2"])
            #expect(try store.ids(kind: "status", key: "done") == ["P1"])
            #expect(try store.ids(kind: "due", key: "20250106T010000Z").isEmpty)
            #expect(try store.loadInstance("P1")?.indexed == [IndexEntry("status", "done")])
            #expect(store.removeKeyIfEmpty(kind: "due", key: "20250106T010000Z"))
            #expect(!store.removeKeyIfEmpty(kind: "due", key: "20250107T010000Z"))
            #expect(try store.keys(kind: "due") == ["20250107T010000Z"])
            #expect(try store.keys(kind: "never").isEmpty)
        }
    }

    @Test("rebuilding the index restores what the commits wrote", arguments: StoreKind.allCases)
    func rebuildIndex(kind: StoreKind) throws {
        try kind.withStore { store in
            try grow(store, "P1", records: 2, index: [IndexEntry("status", "open")])
            try grow(store, "P2", records: 1, index: [IndexEntry("status", "done")])
            let report = try store.rebuildIndex()
            #expect(report.instances == 2 && report.markers == 2)
            #expect(try store.ids(kind: "status", key: "open") == ["P1"])
            #expect(try store.ids(kind: "status", key: "done") == ["P2"])
            try store.rebuildIndex(entriesFor: { _ in [IndexEntry("all", "x")] })
            #expect(try store.ids(kind: "all", key: "x") == ["P1", "P2"])
            #expect(try store.ids(kind: "status", key: "open").isEmpty)
        }
    }

    @Test("outbox messages are keyed by source, seq and n, and removed once", arguments: StoreKind.allCases)
    func outbox(kind: StoreKind) throws {
        try kind.withStore { store in
            try grow(store, "P1", records: 1)
            try store.withInstanceLock("P1") {
                try store.commit("P1", records: [draft()], snapshot: snapshot("P1", count: 2), index: [],
                                 outbox: [["to": "C1"], ["to": "C2"]], notifications: [["to": "agent1"]],
                                 create: false, expectedHead: nil)
            }
            let messages = try store.pendingMessages()
            #expect(messages.map(\.key) == ["P1-2-1", "P1-2-2"])
            #expect(messages.map(\.body) == [["to": "C1"], ["to": "C2"]])
            #expect(messages.allSatisfy { $0.source == "P1" && $0.seq == 2 })
            try store.removeMessage("P1-2-1")
            try store.removeMessage("P1-2-1")
            #expect(try store.pendingMessages().map(\.key) == ["P1-2-2"])
            // The notification took the key after the outbox's.
            #expect(try store.isNotificationPending("P1-2-3"))
        }
    }

    @Test("a notification is put once, acknowledged once", arguments: StoreKind.allCases)
    func notifications(kind: StoreKind) throws {
        try kind.withStore { store in
            #expect(try store.putNotification(key: "P1-1-1", body: ["to": "agent1"]) != nil)
            #expect(try store.putNotification(key: "P1-1-1", body: ["to": "someone else"]) == nil)
            #expect(try store.putNotification(key: "P1-1-2", body: ["to": "agent2"]) != nil)
            // Key order, where one key is another's prefix: "P-1-1" before "P-1-1-1".
            try store.putNotification(key: "P-1-1-1", body: ["to": "x"])
            try store.putNotification(key: "P-1-1", body: ["to": "x"])
            #expect(try store.notifications().notifications.compactMap { $0["key"]?.stringValue }
                    == ["P-1-1", "P-1-1-1", "P1-1-1", "P1-1-2"])
            try store.acknowledgeNotification("P-1-1")
            try store.acknowledgeNotification("P-1-1-1")
            let pending = try store.notifications().notifications
            #expect(pending.map { $0["key"]?.stringValue } == ["P1-1-1", "P1-1-2"])
            #expect(pending.first?["to"] == "agent1")
            try store.acknowledgeNotification("P1-1-1")
            #expect(try !store.isNotificationPending("P1-1-1"))
            #expect(try store.notifications(delivered: true).notifications.map { $0["key"]?.stringValue }
                    == ["P-1-1", "P-1-1-1", "P1-1-1"])
            #expect(try store.putNotification(key: "P1-1-1", body: ["to": "agent1"]) == nil)
            #expect(storeError { try store.acknowledgeNotification("P1-1-1") } != nil)
            if case .encoding? = storeError({ _ = try store.putNotification(key: "P1-1-3", body: "text") }) {} else {
                Issue.record("a notification that is not an object was put")
            }
        }
    }

    @Test("definitions and calendar versions are content-addressed", arguments: StoreKind.allCases)
    func contentAddressed(kind: StoreKind) throws {
        try kind.withStore { store in
            let sha = try store.saveDefinition("permit", source: "return workflow { }")
            #expect(sha == JournalHash.sha256(Array("return workflow { }".utf8)))
            #expect(try store.saveDefinition("permit", source: "return workflow { }") == sha)
            #expect(try store.loadDefinition("permit", sha: sha) == "return workflow { }")
            let other = try store.saveDefinition("permit", source: "return workflow { name = 'x' }")
            #expect(Set(try store.versions("permit").map(\.sha)) == [sha, other])
            #expect(try store.definitionNames() == ["permit"])
            #expect(try store.versions("nothing").isEmpty)
            let missing = String(repeating: "0", count: 64)
            #expect(storeError { _ = try store.loadDefinition("permit", sha: missing) }
                    == .definitionNotFound(name: "permit", sha: missing))

            let calendar = Array("{\"layers\":[]}".utf8)
            let version = try store.saveCalendarVersion(calendar)
            #expect(version == JournalHash.sha256(calendar))
            #expect(try store.loadCalendarVersion(sha: version) == calendar)
            #expect(storeError { _ = try store.loadCalendarVersion(sha: missing) } == .environmentVersionNotFound(kind: .calendar, sha: missing))
            let people = Array("{\"format\":1,\"people\":[]}".utf8)
            let peopleVersion = try store.saveEnvironmentVersion(.people, people)
            #expect(try store.loadEnvironmentVersion(.people, sha: peopleVersion) == people)
            #expect(storeError { _ = try store.loadEnvironmentVersion(.people, sha: version) }
                    == .environmentVersionNotFound(kind: .people, sha: version))
            #expect(try store.sweptCalendarVersion() == nil)
            try store.markCalendarSwept(version)
            #expect(try store.sweptCalendarVersion() == version)
            try store.clearCalendarSwept()
            #expect(try store.sweptCalendarVersion() == nil)
        }
    }

    @Test("the index generation is recorded, replaced and forgotten", arguments: StoreKind.allCases)
    func indexFormat(kind: StoreKind) throws {
        try kind.withStore { store in
            #expect(try store.indexFormat() == nil)
            try store.setIndexFormat(1)
            #expect(try store.indexFormat() == 1)
            try store.setIndexFormat(2)
            #expect(try store.indexFormat() == 2)
            try store.setIndexFormat(nil)
            #expect(try store.indexFormat() == nil)
            // Forgetting what was never recorded is not an error.
            try store.setIndexFormat(nil)
        }
    }

    @Test("schedules are saved, listed and removed by workflow", arguments: StoreKind.allCases)
    func schedules(kind: StoreKind) throws {
        try kind.withStore { store in
            #expect(try store.schedules().isEmpty)
            try store.saveSchedule("dispatch", ["next": "2025-01-06"])
            try store.saveSchedule("dispatch", ["next": "2025-01-13"])
            try store.saveSchedule("report", ["next": "2025-01-10"])
            #expect(try store.schedules() == ["dispatch": ["next": "2025-01-13"], "report": ["next": "2025-01-10"]])
            #expect(try store.removeSchedule("dispatch"))
            #expect(try !store.removeSchedule("dispatch"))
            #expect(try store.schedules().keys.sorted() == ["report"])
            if case .encoding? = storeError({ try store.saveSchedule("weekly", "2025-01-06") }) {} else {
                Issue.record("a schedule that is not an object was saved")
            }
            #expect(try store.schedules().keys.sorted() == ["report"])
        }
    }

    @Test("verify reports a record dated before the one it follows", arguments: StoreKind.allCases)
    func timeOrder(kind: StoreKind) throws {
        try kind.withStore { store in
            let times = ["2025-01-06T09:00:00+08:00", "2025-01-07T09:00:00+08:00", "2025-01-06T18:00:00+08:00"]
            for (n, at) in times.enumerated() {
                try store.withInstanceLock("T1") {
                    _ = try store.commit("T1", records: [draft(at: at)], snapshot: snapshot("T1", count: n + 1),
                                         index: [], create: n == 0)
                }
            }
            let report = try store.verify("T1", knownHead: nil, replay: nil)
            #expect(report.problems.map(\.kind) == [.timeOrder])
            #expect(report.problems.first?.seq == 3)
            #expect(report.problems.first?.message.contains("dated 2025-01-06T18:00:00+08:00, before record 2") == true)
            // Across a change of offset, times are not compared.
            try store.withInstanceLock("T2") {
                _ = try store.commit("T2", records: [draft(at: "2025-01-06T09:00:00+08:00")],
                                     snapshot: snapshot("T2", count: 1), index: [], create: true)
                _ = try store.commit("T2", records: [draft(at: "2025-01-06T08:00:00+07:00")],
                                     snapshot: snapshot("T2", count: 2), index: [], create: false)
            }
            #expect(try store.verify("T2", knownHead: nil, replay: nil).isOK)
            // A refused attempt dated later than the change that follows it is no disorder.
            try store.withInstanceLock("T3") {
                _ = try store.commit("T3", records: [draft(at: "2025-01-06T09:00:00+08:00")],
                                     snapshot: snapshot("T3", count: 1), index: [], create: true)
                _ = try store.commit("T3", records: [draft("refused", at: "2025-01-06T12:00:00+08:00")],
                                     snapshot: snapshot("T3", count: 2), index: [], create: false)
                _ = try store.commit("T3", records: [draft(at: "2025-01-06T10:00:00+08:00")],
                                     snapshot: snapshot("T3", count: 3), index: [], create: false)
            }
            #expect(try store.verify("T3", knownHead: nil, replay: nil).isOK)
        }
    }

    @Test("the simulation clock is kept as written; a bad time is refused", arguments: StoreKind.allCases)
    func simulationClock(kind: StoreKind) throws {
        try kind.withStore { store in
            #expect(try store.simulationClock() == nil)
            try store.setSimulationClock("2025-03-03T09:00:00+08:00")
            #expect(try store.simulationClock() == "2025-03-03T09:00:00+08:00")
            for bad in ["", "2025-03-03 09:00", "2025-03-03T09:00\nx", String(repeating: "9", count: 65)] {
                if case .invalidName? = storeError({ try store.setSimulationClock(bad) }) {} else {
                    Issue.record("the clock time '\(bad)' was accepted")
                }
            }
            #expect(try store.simulationClock() == "2025-03-03T09:00:00+08:00")
        }
    }

    @Test("the store journal chains its records and verifies like an instance's", arguments: StoreKind.allCases)
    func storeJournal(kind: StoreKind) throws {
        try kind.withStore { store in
            #expect(try store.readStoreJournal().isEmpty)
            #expect(try store.verifyStoreJournal(knownHead: nil).isOK)
            let first = try store.appendStoreRecord(draft("people", actor: "admin", details: ["version": "a"]))
            let second = try store.appendStoreRecord(draft("people", actor: "admin", details: ["version": "b"]))
            #expect(first.seq == 1 && second.seq == 2)
            let records = try store.readStoreJournal()
            #expect(records.map { $0["details"]?["version"] } == ["a", "b"])
            #expect(records[0]["prev"]?.stringValue == JournalHash.genesis(for: StoreJournal.id))
            #expect(records[1]["prev"] == records[0]["hash"])
            #expect(try store.verifyStoreJournal(knownHead: second).isOK)
            #expect(try store.verifyStoreJournal(knownHead: JournalHead(seq: 3, hash: second.hash)).problems.map(\.kind)
                    == [.knownHeadMismatch])
            if case .invalidRecord? = storeError({ _ = try store.appendStoreRecord(["kind": "x"]) }) {} else {
                Issue.record("a draft without at/actor/details was appended")
            }
            #expect(try store.readStoreJournal().count == 2)
        }
    }

    @Test("the delivery lock admits one holder and never waits", arguments: StoreKind.allCases)
    func deliveryLock(kind: StoreKind) throws {
        try kind.withStore { store in
            var ran = false
            let outer = try store.withDeliveryLock {
                ran = true
                let shared = Handoff(store)
                let outcome = Outcome()
                Thread {
                    let got = (try? shared.value.withDeliveryLock { }) ?? true
                    outcome.set(got ? "got it" : "refused")
                }.start()
                outcome.wait()
                #expect(outcome.value == "refused")
            }
            #expect(outer && ran)
            #expect(try store.withDeliveryLock { })
        }
    }

    @Test("verify replays the journal against the snapshot and checks a known head", arguments: StoreKind.allCases)
    func verify(kind: StoreKind) throws {
        try kind.withStore { store in
            let head = try grow(store, "P1", records: 3)
            let sound = try store.verify("P1", knownHead: head, replay: { replaySnapshot("P1", $0) })
            #expect(sound.isOK && sound.replayChecked && sound.recordCount == 3 && sound.journalHead == head)
            let mismatch = try store.verify("P1", knownHead: nil, replay: { _ in snapshot("P1", count: 99) })
            #expect(mismatch.problems.map(\.kind) == [.replayMismatch])
            let rewritten = try store.verify("P1", knownHead: JournalHead(seq: 2, hash: String(repeating: "a", count: 64)))
            #expect(rewritten.problems.map(\.kind) == [.knownHeadMismatch])
            let cut = try store.verify("P1", knownHead: JournalHead(seq: 5, hash: String(repeating: "a", count: 64)))
            #expect(cut.problems.map(\.kind) == [.knownHeadMismatch])
            let failing = try store.verify("P1", knownHead: nil, replay: { _ in throw StoreError.noSuchInstance(id: "x") })
            #expect(failing.problems.map(\.kind) == [.replayFailed])
        }
    }

    @Test("repair of a sound instance changes nothing", arguments: StoreKind.allCases)
    func repairSound(kind: StoreKind) throws {
        try kind.withStore { store in
            let head = try grow(store, "P1", records: 2)
            let report = try store.repair("P1", rebuild: { replaySnapshot("P1", $0) })
            #expect(report.actions.isEmpty && report.head == head)
            #expect(try store.verify("P1").isOK)
            #expect(storeError { _ = try store.repair("nobody", rebuild: { _ in [:] }) } == .noSuchInstance(id: "nobody"))
        }
    }
}

/// A string one thread sets and another waits for.
private final class Outcome: @unchecked Sendable {
    private let condition = NSCondition()
    private var stored: String?

    func set(_ value: String) {
        condition.lock()
        stored = value
        condition.signal()
        condition.unlock()
    }

    func wait() {
        condition.lock()
        while stored == nil { condition.wait() }
        condition.unlock()
    }

    var value: String? {
        condition.lock()
        defer { condition.unlock() }
        return stored
    }
}

/// Hands a value used by one thread at a time to another thread.
private final class Handoff<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
