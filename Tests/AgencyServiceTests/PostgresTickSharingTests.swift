import AgencyCalendar
import AgencyJSON
import AgencyService
import Foundation
import PostgresStore
import Testing
import WorkflowEngine
import WorkflowStore

/// Several `agency serve` nodes ticking one PostgreSQL store (Docs/storage.md, "Ticking
/// from several nodes"): each node is an `AgencyService` with a `PostgresStore` of its
/// own, as another process would have. Runs when `AGENCY_TEST_POSTGRES_URL` is set
/// (`Scripts/test-postgres`).
@Suite("PostgreSQL: tick shared between nodes",
       .enabled(if: PostgresNodes.baseURL != nil, "AGENCY_TEST_POSTGRES_URL is not set"))
struct PostgresTickSharingTests {
    @Test("two nodes ticking at once: every timer fires once, each occurrence starts once, nobody is busy")
    func twoNodes() throws {
        let nodes = try PostgresNodes(workflows: [
            "hourly": hourlyWorkflow,
            "dispatch": recurring("dispatch", "weekly { day = \"MON\", at = \"09:00\" }"),
        ])
        let ids = (1...200).map { "T\($0)" }
        for id in ids {
            _ = try nodes.first.start("hourly", id: id, input: [:], actor: "agent1",
                                      at: shanghaiTime("2025-03-03T09:00"))
        }
        _ = try nodes.first.enableSchedule("dispatch", from: try #require(CivilDate("2025-03-03")))
        let services = [Handoff(nodes.first), Handoff(nodes.second)]
        let reports = SharedValue<[TickReport]>([])
        let errors = SharedValue<[String]>([])
        // Cron-like ticks: everything due by now fires now.
        let now = shanghaiTime("2025-03-24T10:00")
        concurrently(services.map { service in
            { @Sendable in
                do {
                    let report = try service.value.tick(until: now, now: now)
                    reports.update { $0.append(report) }
                } catch {
                    errors.update { $0.append("\(error)") }
                }
            }
        })
        #expect(errors.value.isEmpty)
        #expect(reports.value.count == 2)
        // Nobody waited for the other and gave up: no busy, no failure of any kind.
        #expect(reports.value.flatMap(\.failed).map(\.error) == [])
        #expect(reports.value.flatMap(\.delivery.problems) == [])
        let fired = reports.value.flatMap(\.fired)
        #expect(fired.count == 3 * ids.count)
        #expect(Set(fired.map { "\($0.instance) \($0.timer)" }).count == fired.count)
        #expect(Set(fired.map(\.instance)) == Set(ids))
        // Mondays 03-03, 03-10, 03-17 and 03-24 (09:00, before now): one instance each.
        let started = reports.value.flatMap(\.started)
        #expect(started.sorted() == ["dispatch-2025-03-03", "dispatch-2025-03-10",
                                     "dispatch-2025-03-17", "dispatch-2025-03-24"])
        #expect(try nodes.first.store.instanceIDs().count == ids.count + 4)
        for id in ids {
            let kinds = try nodes.second.journal(id).map { $0["kind"]?.stringValue ?? "" }
            #expect(kinds == ["start", "timer", "timer", "timer"], "\(id)")
        }
        for id in try nodes.first.store.instanceIDs() {
            #expect(try nodes.second.verify(id).problems.isEmpty, "\(id)")
        }
        // A tick after both finds nothing left.
        let again = try nodes.second.tick(until: now, now: now)
        #expect(again.fired.isEmpty && again.started.isEmpty && again.failed.isEmpty)
    }

    @Test("an instance another node holds is skipped at once, not reported busy, and fired by the next tick")
    func claimedInstanceIsSkipped() throws {
        // A lock timeout far beyond the test: a tick that waited would show as a hang.
        let nodes = try PostgresNodes(workflows: ["hourly": hourlyWorkflow], lockTimeoutSeconds: 60)
        for id in ["H1", "H2"] {
            _ = try nodes.first.start("hourly", id: id, input: [:], actor: "agent1",
                                      at: shanghaiTime("2025-03-03T09:00"))
        }
        let now = shanghaiTime("2025-03-03T18:00")
        let report = try nodes.second.store.withInstanceLock("H1") {
            try nodes.first.tick(until: now, now: now)
        }
        #expect(report.claimedElsewhere == ["H1"])
        #expect(report.failed.isEmpty)
        #expect(Set(report.fired.map(\.instance)) == ["H2"])
        let next = try nodes.first.tick(until: now, now: now)
        #expect(next.fired.map(\.instance) == ["H1", "H1", "H1"])
        #expect(next.claimedElsewhere.isEmpty)
    }

    @Test("two nodes starting one schedule occurrence: the store lets exactly one create it")
    func occurrenceRace() throws {
        let nodes = try PostgresNodes(workflows: [
            "dispatch": recurring("dispatch", "weekly { day = \"MON\", at = \"09:00\" }"),
        ])
        // The primary key of `instances` is what makes "once" hold: a second create of
        // the same id is refused, whatever the nodes checked before.
        let outcomes = SharedValue<[Bool]>([])
        let services = [Handoff(nodes.first), Handoff(nodes.second)]
        concurrently(services.map { service in
            { @Sendable in
                let started = (try? service.value.start("dispatch", id: "dispatch-2025-03-03", input: [:],
                                                         actor: "system", at: shanghaiTime("2025-03-03T09:00"))) != nil
                outcomes.update { $0.append(started) }
            }
        })
        #expect(outcomes.value.sorted { !$0 && $1 } == [false, true])
        #expect(try nodes.first.journal("dispatch-2025-03-03").count == 1)
    }
}

/// Two nodes on a fresh schema of `AGENCY_TEST_POSTGRES_URL`'s database, dropped when
/// released.
final class PostgresNodes {
    static var baseURL: String? {
        guard let text = ProcessInfo.processInfo.environment["AGENCY_TEST_POSTGRES_URL"], !text.isEmpty else {
            return nil
        }
        return text
    }

    let first: AgencyService
    let second: AgencyService
    private let stores: [PostgresStore]
    private let workflows: URL

    init(workflows files: [String: String], lockTimeoutSeconds: Double = 5) throws {
        let base = try #require(Self.baseURL)
        let schema = "nodes_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let url = base + (base.contains("?") ? "&" : "?") + "schema=" + schema
        workflows = FileManager.default.temporaryDirectory.appendingPathComponent("agency-nodes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        for (name, source) in files {
            try Data(source.utf8).write(to: workflows.appendingPathComponent("\(name).lua"))
        }
        let created = try PostgresStore.create(url: url, config: StoreConfig(simulation: true,
                                                                             lockTimeoutSeconds: lockTimeoutSeconds))
        let opened = try PostgresStore.open(url: url)
        stores = [created, opened]
        first = try AgencyService(store: created, workflowsFolder: workflows, people: zonePeople, calendar: .official)
        second = try AgencyService(store: opened, workflowsFolder: workflows, people: zonePeople, calendar: .official)
    }

    deinit {
        try? FileManager.default.removeItem(at: workflows)
        try? stores.first?.dropSchema()
        for store in stores { store.close() }
    }
}
