import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowEngine
import WorkflowStore
import WorkflowStoreTestSupport

private let twoStepWorkflow = """
    return workflow {
      name = "twostep", start = "draft",
      states = {
        draft = task { title = "起草", assignee = person("agent1"), on = { done = "review" } },
        review = task { title = "审核", assignee = person("agent1"), on = { done = "z" } },
        z = final { },
      },
    }
    """

/// Reads that cost what they return: the generation-2 index kinds (`IndexGeneration`)
/// narrow `list` to the instances that match, and a store indexed before them is read the
/// old way until `reindex`.
@Suite("indexed reads: state, closed, project and acted entries")
struct IndexedReadTests {
    /// 30 instances of `twostep` (3 moved on to review, 2 finished) and children of P1.
    private func makeStore(_ fileSystem: FaultInjectingFileSystem) throws -> ServiceFixture {
        let fixture = try ServiceFixture(workflows: ["twostep": twoStepWorkflow], fileSystem: fileSystem)
        for n in 0..<30 { try fixture.start("twostep", id: String(format: "T%02d", n), at: "2025-03-03T09:00") }
        for id in ["T03", "T07", "T11", "T20", "T21"] { try done(fixture, id, at: "2025-03-03T10:00") }
        for id in ["T20", "T21"] { try done(fixture, id, at: "2025-03-04T10:00") }
        try fixture.start("twostep", id: "P1.c1", at: "2025-03-05T09:00")
        try fixture.start("twostep", id: "P1.c2", at: "2025-03-05T09:00")
        return fixture
    }

    private func done(_ fixture: ServiceFixture, _ id: String, at time: String) throws {
        var command = Command(kind: .complete, actor: "agent1", at: stamp(time))
        command.event = "done"
        _ = try fixture.service.execute(id, command)
    }

    private func snapshotReads(_ fileSystem: FaultInjectingFileSystem) -> Set<String> {
        Set(fileSystem.calls.filter { $0.operation == .open && $0.path.contains("/instances/") }.map(\.path))
    }

    @Test("list --workflow --state opens only the snapshots in that state")
    func stateNarrows() throws {
        let counting = FaultInjectingFileSystem()
        let fixture = try makeStore(counting)
        #expect(fixture.service.indexIsCurrent())
        counting.clearCalls()
        let review = try fixture.service.list(InstanceFilter(workflow: "twostep", state: "review"))
        #expect(review.map(\.id) == ["T03", "T07", "T11"])
        #expect(snapshotReads(counting).count == 3, "\(snapshotReads(counting).sorted())")
        // A state without the workflow: every workflow's key for that state.
        counting.clearCalls()
        #expect(try fixture.service.list(InstanceFilter(state: "z")).map(\.id) == ["T20", "T21"])
        #expect(snapshotReads(counting).count == 2)
    }

    @Test("activeSince, project and actedBy narrow by their kinds and agree with the snapshots")
    func otherKinds() throws {
        let counting = FaultInjectingFileSystem()
        let fixture = try makeStore(counting)
        let service = fixture.service
        // Finished on March 4th: active since the 4th, not since the 5th.
        let since4 = try service.list(InstanceFilter(status: .completed, activeSince: stamp("2025-03-04T00:00")))
        #expect(since4.map(\.id) == ["T20", "T21"])
        #expect(try service.list(InstanceFilter(status: .completed, activeSince: stamp("2025-03-05T00:00"))).isEmpty)
        // Running ones are always active.
        #expect(try service.list(InstanceFilter(activeSince: stamp("2030-01-01T00:00"))).count == 30)
        counting.clearCalls()
        #expect(try service.list(InstanceFilter(project: "P1")).map(\.id) == ["P1.c1", "P1.c2"])
        #expect(snapshotReads(counting).count == 2)
        #expect(try service.list(InstanceFilter(actedBy: "agent1")).map(\.id) == ["T03", "T07", "T11", "T20", "T21"])
        #expect(try service.list(InstanceFilter(actedBy: "nobody")).isEmpty)
    }

    @Test("a store indexed before generation 2 is read the old way, the same answers, until reindex")
    func olderGenerationFallsBack() throws {
        let counting = FaultInjectingFileSystem()
        let fixture = try makeStore(counting)
        let filters = [InstanceFilter(workflow: "twostep", state: "review"), InstanceFilter(project: "P1"),
                       InstanceFilter(activeSince: stamp("2025-03-04T00:00")), InstanceFilter(actedBy: "agent1")]
        let expected = try filters.map { try fixture.service.list($0).map(\.id) }
        // As a store written by an earlier release.
        try fixture.service.store.setIndexFormat(1)
        let older = try fixture.makeService()
        #expect(!older.indexIsCurrent())
        counting.clearCalls()
        #expect(try filters.map { try older.list($0).map(\.id) } == expected)
        #expect(snapshotReads(counting).count == 32, "every snapshot is read")
        try older.rebuildIndex()
        #expect(try older.store.indexFormat() == IndexGeneration.current)
        #expect(older.indexIsCurrent())
        #expect(try filters.map { try older.list($0).map(\.id) } == expected)
    }

    @Test("an index removed by hand reads every snapshot instead of answering nothing")
    func removedIndexFallsBack() throws {
        let counting = FaultInjectingFileSystem()
        let fixture = try makeStore(counting)
        let filters = [InstanceFilter(workflow: "twostep", state: "review"), InstanceFilter(assignee: "agent1"),
                       InstanceFilter(status: .completed), InstanceFilter(project: "P1")]
        let expected = try filters.map { try fixture.service.list($0).map(\.id) }
        try FileManager.default.removeItem(atPath: fixture.storePath + "/index")
        #expect(!fixture.service.indexIsCurrent())
        #expect(try filters.map { try fixture.service.list($0).map(\.id) } == expected)
        try fixture.service.rebuildIndex()
        #expect(fixture.service.indexIsCurrent())
    }

    @Test("a new store is recorded current when a service first opens it; one with instances, generation 1")
    func generationRecordedOnce() throws {
        let fixture = try ServiceFixture(workflows: ["twostep": twoStepWorkflow], onDisk: true)
        #expect(try fixture.service.store.indexFormat() == IndexGeneration.current)
        // Empty, it has nothing to narrow (every read is of nothing); current from the first instance.
        #expect(!fixture.service.indexIsCurrent())
        try fixture.start("twostep", id: "A1", at: "2025-03-03T09:00")
        #expect(fixture.service.indexIsCurrent())
        // As a store an earlier release made and filled: the next service records 1.
        try fixture.service.store.setIndexFormat(nil)
        let next = try fixture.makeService()
        #expect(try next.store.indexFormat() == 1)
        #expect(!next.indexIsCurrent())
    }

    @Test("a state name that cannot be an index key is keyed by its digest")
    func stateKeys() {
        #expect(IndexGeneration.stateKey(workflow: "permit", state: "review") == "permit:review")
        let odd = IndexGeneration.stateKey(workflow: "permit", state: "a/b")
        #expect(odd.hasPrefix("permit:~") && !odd.contains("/"))
        #expect(IndexGeneration.month(of: "2025-03-04T09:00:00+08:00") == "2025-03")
        #expect(IndexGeneration.month(of: "soon") == nil)
    }

    @Test("a corrupt snapshot does not vanish from a listing: the others are given, then an integrity error names it")
    func corruptSnapshotIsNamed() throws {
        let fixture = try makeStore(FaultInjectingFileSystem())
        try Data("{\"garbage".utf8).write(to: URL(fileURLWithPath: fixture.storePath + "/instances/T05.json"))
        var seen: [String] = []
        do {
            try fixture.service.forEachInstance(InstanceFilter(workflow: "twostep")) { seen.append($0.id) }
            Issue.record("a listing with a corrupt snapshot must not end as if complete")
        } catch let error as ServiceError {
            #expect(error.category == .integrity)
            #expect(error.description.contains("1 instance could not be read"))
            #expect(error.description.contains("T05"))
            #expect(error.description.contains("agency repair"))
        }
        // Every other instance was given before the error.
        #expect(seen.count == 31 && !seen.contains("T05"))
        // A marker whose instance is gone is not a failure.
        try FileManager.default.removeItem(atPath: fixture.storePath + "/instances/T05.json")
        try FileManager.default.removeItem(atPath: fixture.storePath + "/journal/T05.jsonl")
        #expect(try fixture.service.list(InstanceFilter(workflow: "twostep")).count == 31)
    }
}
