import AgencyJSON
@testable import AgencyService
import Foundation
import Testing
import WorkflowEngine
import WorkflowStore
import WorkflowStoreTestSupport

private let oneStepWorkflow = """
    return workflow {
      name = "onestep", start = "draft",
      states = {
        draft = task { title = "起草", assignee = person("agent1"), on = { done = "z" } },
        z = final { },
      },
    }
    """

/// The weekly seal takes the heads of instances that ended in an earlier month from a
/// cache (`SettledHeads`): the same code as reading every journal, fewer journals read,
/// and a check (`verify --seal`) that never trusts the cache.
@Suite("seal: settled months from the cache")
struct SealCacheTests {
    private func makeStore(_ fileSystem: FaultInjectingFileSystem) throws -> ServiceFixture {
        let fixture = try ServiceFixture(workflows: ["onestep": oneStepWorkflow], fileSystem: fileSystem)
        for n in 0..<12 {
            let id = String(format: "J%02d", n)
            try fixture.start("onestep", id: id, at: "2025-01-06T09:00")
            if n < 10 { try done(fixture, id, at: "2025-01-07T10:00") }
        }
        return fixture
    }

    private func done(_ fixture: ServiceFixture, _ id: String, at time: String) throws {
        var command = Command(kind: .complete, actor: "agent1", at: stamp(time))
        command.event = "done"
        _ = try fixture.service.execute(id, command)
    }

    private func journalReads(_ fileSystem: FaultInjectingFileSystem) -> Int {
        fileSystem.calls.filter { $0.operation == .open && $0.path.contains("/journal/") }.count
    }

    /// A service over the fixture's store whose index keys are stamped once unchanged for
    /// `settling` seconds (a huge value: never).
    private func service(_ fixture: ServiceFixture, settling: TimeInterval) throws -> AgencyService {
        let store = try FileStore.open(at: fixture.storePath, fileSystem: fixture.fileSystem,
                                       options: FileStore.Options(keyStampSettling: settling))
        return try AgencyService(store: store, workflowsFolder: fixture.workflows, people: zonePeople,
                                 calendar: .official)
    }

    /// Dates the month's `closed` folder back to 2023, as if it had settled long ago.
    private func age(_ fixture: ServiceFixture, month: String) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)],
                                              ofItemAtPath: fixture.storePath + "/index/closed/" + month)
    }

    @Test("the cached seal equals the seal read from every journal, and reads only the unsettled ones")
    func sameCodeFewerReads() throws {
        let counting = FaultInjectingFileSystem()
        let fixture = try makeStore(counting)
        let april = shanghaiTime("2025-04-07T09:00")
        let full = try fixture.service.seal(asOf: april, cached: false).seal
        let first = try fixture.service.seal(asOf: april).seal
        #expect(first == full)
        counting.clearCalls()
        let second = try fixture.service.seal(asOf: april).seal
        #expect(second == full)
        // The ten finished in January come from the cache; the two running are read.
        #expect(journalReads(counting) == 2)
        // A moment in January itself settles nothing: every journal is read.
        let january = shanghaiTime("2025-01-31T18:00")
        #expect(try fixture.service.seal(asOf: january).seal == fixture.service.seal(asOf: january, cached: false).seal)
    }

    @Test("a settled instance that changes later leaves its month; the cache is made again")
    func changedInstanceLeavesTheMonth() throws {
        let counting = FaultInjectingFileSystem()
        let fixture = try makeStore(counting)
        let april = shanghaiTime("2025-04-07T09:00")
        _ = try fixture.service.seal(asOf: april)
        var comment = Command(kind: .comment, actor: "agent1", at: stamp("2025-03-03T10:00"))
        comment.comment = "补充说明"
        _ = try fixture.service.execute("J03", comment)
        #expect(try fixture.service.seal(asOf: april).seal == fixture.service.seal(asOf: april, cached: false).seal)
    }

    @Test("a month whose key is unchanged comes whole from the cache: none of its journals is looked at")
    func unchangedMonthIsTakenWhole() throws {
        let counting = FaultInjectingFileSystem()
        let fixture = try makeStore(counting)
        try age(fixture, month: "2025-01")
        let april = shanghaiTime("2025-04-07T09:00")
        let full = try fixture.service.seal(asOf: april, cached: false).seal
        #expect(try fixture.service.seal(asOf: april).seal == full)  // made with the key's stamp
        counting.clearCalls()
        #expect(try fixture.service.seal(asOf: april).seal == full)
        // The two running journals are read; no lstat, no read of the ten settled ones.
        let looked = Set(counting.calls.filter { $0.path.contains("/journal/") }.map { URL(fileURLWithPath: $0.path).lastPathComponent })
        #expect(looked == ["J10.jsonl", "J11.jsonl"])
        #expect(journalReads(counting) == 2)
    }

    @Test("a commit to a settled instance that leaves it in its month touches the key; the seal follows it")
    func commitInTheMonthTouchesTheKey() throws {
        let fixture = try makeStore(FaultInjectingFileSystem())
        try age(fixture, month: "2025-01")
        let april = shanghaiTime("2025-04-07T09:00")
        _ = try fixture.service.seal(asOf: april)
        let sealedAt = try fixture.service.store.indexKeyStamp(kind: "closed", key: "2025-01")
        #expect(sealedAt != nil)
        // A comment dated in January (a simulation's --now): no marker comes or goes.
        var comment = Command(kind: .comment, actor: "agent1", at: stamp("2025-01-20T10:00"))
        comment.comment = "补充说明"
        _ = try fixture.service.execute("J05", comment)
        // Seen by a store that takes any stamp, however new: only the touches changed it.
        let fresh = try service(fixture, settling: 0)
        #expect(try fresh.store.indexKeyStamp(kind: "closed", key: "2025-01") != sealedAt)
        let after = try fresh.seal(asOf: april).seal
        #expect(after == (try fresh.seal(asOf: april, cached: false).seal))
    }

    @Test("a month taken whole stands as it was sealed: a journal cut behind the store's back shows in verify --seal")
    func cutJournalShowsInTheCheck() throws {
        let fixture = try makeStore(FaultInjectingFileSystem())
        try age(fixture, month: "2025-01")
        let april = shanghaiTime("2025-04-07T09:00")
        let honest = try fixture.service.seal(asOf: april).seal
        try cutLastRecord(fixture, "J04")
        // The report's code keeps January as it was sealed…
        #expect(try fixture.service.seal(asOf: april).seal == honest)
        // …and the check, which reads every journal, finds the cut.
        #expect(try fixture.service.seal(asOf: april, cached: false).seal != honest)
        let check = try fixture.service.checkSeal(code: honest.code, week: "2025-W15", moment: april)
        #expect(!check.matches)
    }

    private func cutLastRecord(_ fixture: ServiceFixture, _ id: String) throws {
        let path = fixture.storePath + "/journal/\(id).jsonl"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        lines.removeLast()
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }

    @Test("a settled journal cut or edited behind the store's back is read again while its month has no stamp")
    func changedJournalIsReadAgain() throws {
        let counting = FaultInjectingFileSystem()
        let fixture = try makeStore(counting)
        let service = try service(fixture, settling: 1e9)
        let april = shanghaiTime("2025-04-07T09:00")
        let before = try service.seal(asOf: april).seal
        // Cut J04's last record (what the red team did with sed '$d').
        try cutLastRecord(fixture, "J04")
        let after = try service.seal(asOf: april).seal
        #expect(after != before)
        #expect(after == (try service.seal(asOf: april, cached: false).seal))
    }

    @Test("a check reads the journals, not the cache")
    func checkIgnoresTheCache() throws {
        let counting = FaultInjectingFileSystem()
        let fixture = try makeStore(counting)
        let april = shanghaiTime("2025-04-07T09:00")
        let honest = try fixture.service.seal(asOf: april).seal
        // Someone edits the cache (it is not evidence): a new report's code changes…
        let name = "seal-heads-2025-01"
        let forged = try #require(try fixture.service.store.cachedDocument(name))
        let text = String(decoding: forged, as: UTF8.self).replacingOccurrences(of: " 2 ", with: " 3 ")
        try fixture.service.store.saveCachedDocument(name, Array(text.utf8))
        #expect(try fixture.service.seal(asOf: april).seal != honest)
        // …but the check still finds the journals as sealed.
        let check = try fixture.service.checkSeal(code: honest.code, week: "2025-W15", moment: april)
        #expect(check.matches, "\(check.differences)")
    }
}
