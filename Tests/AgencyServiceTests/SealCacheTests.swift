import AgencyJSON
import AgencyService
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

    @Test("a settled journal cut or edited behind the store's back is read again, not taken from the cache")
    func changedJournalIsReadAgain() throws {
        let counting = FaultInjectingFileSystem()
        let fixture = try makeStore(counting)
        let april = shanghaiTime("2025-04-07T09:00")
        let before = try fixture.service.seal(asOf: april).seal
        // Cut J04's last record (what the red team did with sed '$d').
        let path = fixture.storePath + "/journal/J04.jsonl"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        lines.removeLast()
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let after = try fixture.service.seal(asOf: april).seal
        #expect(after != before)
        #expect(after == (try fixture.service.seal(asOf: april, cached: false).seal))
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
