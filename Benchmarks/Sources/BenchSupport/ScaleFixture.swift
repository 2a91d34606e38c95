import AgencyCalendar
import AgencyDemo
import AgencyJSON
import AgencyReports
import AgencyService
import Foundation
import WorkflowEngine
import WorkflowStore
#if canImport(Glibc)
import Glibc
#endif

/// A zone after years of use, at a given number of instances: the scaling benchmarks'
/// store (Docs/performance.md, "How reads grow").
///
/// Three layers, built in process through `AgencyService` on a file system that skips
/// fsync (the store is synced once at the end):
/// 1. **the demo zone**: `agency demo`'s 13 weeks of 2025 (29 projects, their permits,
///    supervision, progress reports and dispatches), exactly as `agency demo` makes it;
/// 2. **a constant active set**, added at the simulation clock: leave requests that give
///    the demo's busiest agent with at most 20 open items exactly ``inboxItems``, and
///    exactly ``matches`` leave requests waiting for the director in ``state``;
/// 3. **finished history** (`ScaleHistory`) up to the asked size: leave requests and
///    business trips of 2024, completed or cancelled, their notifications read.
///
/// So the answers of the reads (a person's inbox, a filtered list, a search, a person's
/// notifications, the weekly report) are the same at every size; only the store grows.
public enum ScaleFixture {
    public static let inboxItems = 20
    public static let matches = 100
    public static let workflow = "leave_request"
    public static let state = "review"
    /// The demo's first project: its name is the search text, and its journal is shown.
    public static let project = "P01"
    static let agentRole = "代办员"

    /// The repository's Workflows/ (people.json, demo/zone.json and the workflows).
    public static var zoneWorkflows: URL {
        BenchPaths.packageFolder.deletingLastPathComponent().appendingPathComponent("Workflows")
    }

    /// Builds the store in `folder`/store (the folder must not hold one) and writes
    /// `folder`/fixture.json. `instances` must be at least the demo zone and the active
    /// set together (about 800).
    public static func build(instances: Int, folder: String, workflows: URL = zoneWorkflows,
                             log: (String) -> Void = { _ in }) throws -> ScaleFacts {
        let storePath = folder + "/store"
        log("the demo zone (13 weeks)...")
        _ = try DemoRunner.run(DemoRunner.Options(store: URL(fileURLWithPath: storePath), workflows: workflows))
        let service = try openService(storePath, workflows: workflows)
        guard let clock = try service.simulationClock() else { throw BenchError("the demo store has no simulation clock") }
        guard let week = try service.latestDispatchWeek() else { throw BenchError("the demo store has no weekly dispatch") }

        log("the active set...")
        let person = try addInboxItems(service, at: clock)
        try addWaiting(service, at: clock)
        guard let name = try service.instance(project).data["name"]?.stringValue else {
            throw BenchError("demo project \(project) has no name")
        }
        let searchHits = try InstanceSearch(query: name).run(service).total
        let notifications = try service.notifications(to: person).count
        let folderOfNotifications = NotificationFolder(path: StoreLayout(root: storePath).pendingNotificationsDirectory)
        let base = folderOfNotifications.keys()

        let active = try service.store.instanceIDs().count
        guard instances >= active else {
            throw BenchError("\(instances) instances is fewer than the demo zone and the active set alone (\(active)); "
                + "ask for at least \(active)")
        }
        let history = instances - active
        log("\(history) finished instances of 2024...")
        try ScaleHistory(service: service).add(history, keepingPending: base, notifications: folderOfNotifications) { done in
            if done % 5_000 == 0 { log("  \(done) of \(history)") }
        }
        guard try service.simulationClock() == clock else { throw BenchError("history moved the simulation clock") }
        sync()

        let facts = ScaleFacts(
            instances: instances, store: storePath, workflows: workflows.path, person: person, inboxItems: inboxItems,
            notifications: notifications, workflow: workflow, state: state, matches: matches, week: week.description,
            search: name, searchHits: searchHits, instance: project, clock: service.timestamps.format(clock),
            history: history)
        try facts.write(to: folder)
        return facts
    }

    /// A service on the store as the CLI opens it (its people, the official calendar),
    /// over a file system that skips fsync.
    static func openService(_ storePath: String, workflows: URL) throws -> AgencyService {
        let store = try FileStore.open(at: storePath, fileSystem: NoSyncFileSystem())
        let peoplePath = storePath + "/people.json"
        let people = try PeopleDirectory.load(
            json: try JSONValue.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: peoplePath)))), source: peoplePath)
        return try AgencyService(store: store, workflowsFolder: workflows, people: people,
                                 calendar: try WorkCalendar.load(files: []))
    }

    /// The busiest agent with at most ``inboxItems`` open items, topped up to exactly that
    /// many with leave requests of their own waiting to be submitted.
    static func addInboxItems(_ service: AgencyService, at clock: Date) throws -> String {
        var busiest: (person: String, items: Int)?
        for agent in service.engine.people.people where agent.roles.contains(agentRole) {
            let items = try service.inbox(agent.id).count
            guard items <= inboxItems else { continue }
            // The most items; between equals, the first id.
            if let current = busiest, (-items, agent.id) >= (-current.items, current.person) { continue }
            busiest = (agent.id, items)
        }
        guard let busiest else { throw BenchError("no 代办员 in the demo zone has \(inboxItems) or fewer open items") }
        for index in 0..<(inboxItems - busiest.items) {
            let input: JSONValue = .object(["reason": "外出办事", "days": 1, "applicant": .string(busiest.person)])
            _ = try service.start(workflow, id: String(format: "A-inbox-%02d", index), input: input,
                                  actor: busiest.person, at: clock)
        }
        let items = try service.inbox(busiest.person).count
        guard items == inboxItems else { throw BenchError("\(busiest.person) has \(items) open items, not \(inboxItems)") }
        return busiest.person
    }

    /// Leave requests waiting for the director until exactly ``matches`` run in ``state``.
    static func addWaiting(_ service: AgencyService, at clock: Date) throws {
        let filter = InstanceFilter(workflow: workflow, state: state)  // as `agency list` filters: any status
        let existing = try service.list(filter).count
        let time = service.timestamps.format(clock)
        for index in 0..<max(0, matches - existing) {
            let applicant = ScaleHistory.applicants[index % ScaleHistory.applicants.count]
            let id = String(format: "A-review-%03d", index)
            let input: JSONValue = .object(["reason": "参加培训", "days": .integer(Int64(1 + index % 3)),
                                            "applicant": .string(applicant)])
            _ = try service.start(workflow, id: id, input: input, actor: applicant, at: clock)
            var submit = Command(kind: .complete, actor: applicant, at: time)
            submit.event = "submitted"
            _ = try service.execute(id, submit)
        }
        let running = try service.list(filter).count
        guard running == matches else { throw BenchError("\(running) \(workflow) instances are in \(state), not \(matches)") }
    }
}
