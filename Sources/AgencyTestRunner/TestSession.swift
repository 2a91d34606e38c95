import AgencyCalendar
import AgencyJSON
import AgencyService
import Foundation
import LuaRuntime
import WorkflowEngine
import WorkflowStore

/// What every test of one file shares: where the workflows are, who the people are, the
/// calendar and zone, and where throwaway stores go.
struct TestSetup {
    var workflowsFolder: URL
    var people: PeopleDirectory
    var calendar: WorkCalendar
    var timezone: String
    var temporaryRoot: URL
    var reports: [String: TestReportProvider]
}

/// One test's world: a fresh simulation store in a temporary folder, the real
/// ``AgencyService`` over it, and a virtual clock that only moves forward. Moving the
/// clock fires everything that falls due on the way, in time order, exactly as
/// `agency tick --until` does, so a test sees what production would.
final class TestSession {
    /// Where the clock stands when a test begins: Monday 2025-01-06, 09:00 in the zone.
    static let defaultStart = "2025-01-06T09:00"

    let service: AgencyService
    let people: PeopleDirectory
    let folder: URL
    let reports: [String: TestReportProvider]
    var now: Date
    /// The last command refused by the store or the engine, for `expect_refused`.
    var lastRefusal: (code: String, message: String)?
    /// The expectation that failed, so the runner can report expected and actual values.
    var failure: TestFailure?
    private var generatedIDs = 0
    /// Numbers the idempotency keys of `t:signal` messages.
    var generatedSignals = 0

    /// What the session was made from, for the replay check.
    let setup: TestSetup

    init(_ setup: TestSetup) throws {
        self.setup = setup
        folder = setup.temporaryRoot.appendingPathComponent("agency-test-\(UUID().uuidString)")
        var config = StoreConfig()
        config.simulation = true
        config.timezone = setup.timezone
        let storePath = folder.appendingPathComponent("store")
        let store = try FileStore.create(at: storePath.path, config: config, fileSystem: POSIXFileSystem(fsync: false))
        // The people file makes a kept store (--keep) usable with the other commands.
        try store.writer
            .replace(storePath.appendingPathComponent("people.json").path, with: try setup.people.json.prettyBytes())
        service = try AgencyService(store: store, workflowsFolder: setup.workflowsFolder,
                                    people: setup.people, calendar: setup.calendar)
        service.login = "agency-test"
        people = setup.people
        reports = setup.reports
        guard let start = service.timestamps.parseUserTime(Self.defaultStart) else {
            throw HostCallError("internal error: cannot read the default start time")
        }
        now = start
    }

    var storePath: String { folder.appendingPathComponent("store").path }

    /// Removes the store unless it is kept for inspection.
    func close(keep: Bool) {
        if !keep { try? FileManager.default.removeItem(at: folder) }
    }

    func format(_ date: Date) -> String { service.timestamps.format(date) }

    // MARK: The clock

    /// The moment `text` names: a duration from now (`"3h"`, `"2d"`, `"5wd"`, as
    /// `hours(3)`, `days(2)`, `workdays(5)` write them) or a time (`2025-01-08T09:00`).
    /// Working days end at midnight after the n-th working day, the rule due times use,
    /// so advancing by an item's `due` reaches its due time exactly.
    func moment(_ text: String, context: String) throws -> Date {
        if let duration = try? WorkDuration(parsing: text) {
            do {
                return try service.engine.calendar.deadline(from: now, adding: duration,
                                                            timeZone: service.timestamps.timeZone)
            } catch {
                throw HostCallError("\(context): \(error)")
            }
        }
        if let date = service.timestamps.parseUserTime(text) { return date }
        throw HostCallError("\(context): '\(text)' is neither a duration (hours(3), days(2), workdays(5)) "
                            + "nor a time (2025-01-08T09:00)")
    }

    /// Moves the clock to `target`, firing timers, ladders, schedules and deliveries due
    /// on the way in time order. Returns what fired.
    func moveClock(to target: Date, context: String) throws -> JSONValue {
        guard target >= now else {
            throw HostCallError("\(context): the clock only moves forward; it is \(format(now)), "
                                + "and \(format(target)) is earlier")
        }
        let report: TickReport
        do {
            report = try service.tick(until: target, now: now)
        } catch {
            throw HostCallError("\(context): \(ServiceError(error).description)")
        }
        now = target
        return report.json
    }

    // MARK: People and refusals

    /// Checks that `id` is a person of the directory, as the CLI does for `--as`.
    func person(_ id: String?, context: String) throws -> String {
        guard let id, !id.isEmpty else {
            throw HostCallError("\(context): say who acts, as in { as = \"wangfang\" }")
        }
        guard people.person(id) != nil else {
            let known = people.people.map(\.id).prefix(12).joined(separator: ", ")
            throw HostCallError("\(context): '\(id)' is not in the people directory"
                                + (known.isEmpty ? " (it is empty: declare people { ... } in the test file, "
                                                   + "or put people.json in the workflows folder)"
                                                 : " (there are: \(known))"))
        }
        return id
    }

    /// Runs a command; a refusal is remembered (for `expect_refused`) and raised as an
    /// error naming its code: the engine's code from the journaled refusal when there is
    /// one (not_permitted, invalid, not_found, conflict, script_error), else the
    /// category of the error.
    func perform<T>(_ what: String, instance: String?, _ body: () throws -> T) throws -> T {
        lastRefusal = nil
        let before = instance.flatMap { try? service.head($0)?.seq } ?? 0
        do {
            return try body()
        } catch {
            let problem = ServiceError(error)
            var code = Self.code(problem.category)
            if let instance, let records = try? service.journal(instance), let last = records.last,
               last["kind"]?.stringValue == "refused", (last["seq"]?.intValue ?? 0) > before,
               let journaled = last["details"]?["code"]?.stringValue {
                code = journaled
            }
            lastRefusal = (code, problem.description)
            throw HostCallError("\(what) was refused (\(code)): \(problem.description)")
        }
    }

    static func code(_ category: ServiceError.Category) -> String {
        switch category {
        case .invalid: return "invalid"
        case .notFound: return "not_found"
        case .notPermitted: return "not_permitted"
        case .busy: return "conflict"
        case .integrity: return "integrity"
        case .io: return "io"
        case .internal: return "internal"
        }
    }

    /// `workflow-1`, `workflow-2`, ...: readable ids for instances a test does not name.
    func nextID(_ workflow: String) -> String {
        while true {
            generatedIDs += 1
            let id = "\(workflow)-\(generatedIDs)"
            if (try? service.store.instanceExists(id)) != true { return id }
        }
    }
}

/// Computes a named report for `t:report(name, options)`; registered on the runner by
/// whoever provides reports (the weekly report, say).
public typealias TestReportProvider = (_ service: AgencyService, _ options: JSONValue, _ now: Date) throws -> JSONValue
