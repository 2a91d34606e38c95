import AgencyFormats
import AgencyJSON
import Foundation
import WorkflowEngine
import WorkflowStore

/// What one tick did.
public struct TickReport: Sendable {
    public struct Fired: Sendable {
        public var instance: String
        public var timer: String
        public var kind: String
        public var item: String
        public var at: String
    }
    public var fired: [Fired] = []
    /// Instances that failed or could not be fired (busy, unreadable), and schedule
    /// occurrences that could not start (named by the instance id they would have had).
    public var failed: [(instance: String, error: String)] = []
    public var started: [String] = []
    /// Due instances another node's tick (or a command) held when this tick reached them:
    /// skipped without waiting, neither fired nor failed here (Docs/storage.md, "Ticking
    /// from several nodes"). Not in `json`: which node fired what is not the operator's
    /// concern.
    public var claimedElsewhere: [String] = []
    public var notifications = 0
    public var delivery = DeliveryReport()
    /// Instances re-planned because the calendar now declares a year their deadlines
    /// were counted through provisionally.
    public var replanned = ReplanReport()
    /// Warnings for the operator: the calendar's declared data runs out within 60 days.
    public var warnings: [String] = []

    /// `{"fired": [{instance, timer, kind, item, at}], "failed": [{instance, error}],
    /// "started": [id]}` (schedules and child starts together), as `agency tick --json`
    /// and a test's `t:advance` return it.
    public var json: JSONValue {
        .object([
            "fired": .array(fired.map { fired in
                .object(["instance": .string(fired.instance), "timer": .string(fired.timer),
                         "kind": .string(fired.kind), "item": .string(fired.item), "at": .string(fired.at)])
            }),
            "failed": .array(failed.map { .object(["instance": .string($0.instance), "error": .string($0.error)]) }),
            "started": .array((started + delivery.started).map { .string($0) }),
            "replanned": replanned.json["replanned"] ?? .array([]),
            "warnings": .array(warnings.map { .string($0) }),
        ])
    }
}

extension AgencyService {
    /// Fires everything due up to `until`, in time order: timers, ladder steps, schedules
    /// and outbox deliveries.
    ///
    /// `now` is the current time: whatever fell due before it fires late, at `now` (a
    /// tick from cron passes the clock as both `now` and `until`). Without `now` the tick
    /// walks virtual time, firing each event at its own time (`agency tick --until` in a
    /// simulation store).
    ///
    /// Only instances the due index names are read, so the cost follows the due work, not
    /// the number of instances. Safe to run concurrently, on one machine or on several
    /// nodes sharing a store: each instance is claimed (`withInstanceClaim`) and fired
    /// under its lock after reloading it, so a timer another tick fired is simply gone,
    /// and an instance another tick holds is skipped, not waited for (a PostgreSQL store;
    /// the others wait); schedules start under the store lock with exclusive instance ids.
    ///
    /// Nothing one instance does stops the tick: an instance whose timer fails is marked
    /// failed (an incident) and reported; one that is busy or unreadable is reported and
    /// left for the next tick. Each is tried at most once per due time per tick, so the
    /// tick always ends.
    public func tick(until: Date, now: Date? = nil, schedules: Bool = true) throws -> TickReport {
        var report = TickReport()
        // Cron runs tick every minute: the place to tidy what killed processes left.
        store.removeStaleTemporaryFiles()
        let floor = min(now ?? .distantPast, until)
        let clock = min(now ?? until, until)
        report.warnings = calendarWarnings(asOf: clock)
        // The calendar may have declared a year since the last tick (a file added, a newer
        // binary): re-plan what was counted through it before firing anything.
        if let replanned = try? replanAfterCalendarChange(actor: "system", at: clock) {
            report.replanned = replanned
            report.failed += replanned.failed
        }
        report.delivery = deliverOutbox(at: clock)
        var visited = Set<String>()         // "<due key> <id>" already handled in this tick
        var skipped = Set<String>()         // instances left for the next tick
        var skippedSchedules = Set<String>()
        var schedulesOn = schedules
        // The next scheduled moment, read once and again only after schedules ran, so a
        // tick firing thousands of timers does not reread the schedules each time.
        var nextOccurrence: Date?? = nil
        while true {
            let nextDue = try earliestDue(through: until, visited: visited, skipped: skipped)
            if schedulesOn && nextOccurrence == nil {
                nextOccurrence = .some(try nextScheduleOccurrence(excluding: skippedSchedules))
            }
            if schedulesOn, let occurrence = nextOccurrence ?? nil,
               occurrence <= until, nextDue.map({ occurrence <= $0.at }) ?? true {
                // A schedule that cannot be loaded is "due" at distantPast, to be reported.
                let at = occurrence == .distantPast ? min(now ?? until, until) : max(occurrence, floor)
                nextOccurrence = nil
                let run = runSchedules(through: occurrence, at: at, excluding: skippedSchedules)
                report.started += run.started
                for failure in run.failed {
                    report.failed.append((failure.id, failure.error))
                    skippedSchedules.insert(failure.workflow)
                }
                // Store lock busy past its timeout, or a schedule changed under us: leave
                // the schedules to the next tick rather than spin.
                if !run.progressed { schedulesOn = false }
                merge(deliverOutbox(at: at), into: &report)
                continue
            }
            guard let due = nextDue, due.at <= until else { break }
            let at = max(due.at, floor)
            // Instances due at one moment fire in groups that share their fsyncs
            // (`fireDueGroup`), in a store whose group commit shares work; elsewhere
            // (PostgreSQL: a connection per held lock) one at a time.
            let size = store.commitsGroupsTogether ? max(1, tickGroupSize) : 1
            for start in stride(from: 0, to: due.ids.count, by: size) {
                let group = Array(due.ids[start..<min(start + size, due.ids.count)])
                for id in group { visited.insert("\(due.key) \(id)") }
                skipped.formUnion(fireDueGroup(group, through: due.at, at: at, report: &report))
            }
            merge(deliverOutbox(at: at), into: &report)
        }
        // A simulation's time has now reached `until`, whether or not anything was due. A
        // clock that cannot be written (a read-only store) is the operator's to know, not
        // a reason to call a tick that fired nothing a failure.
        do {
            try advanceSimulationClock(to: until)
        } catch {
            report.warnings.append("the simulation clock could not be moved to \(timestamps.format(until)): "
                                   + ServiceError(error).description)
        }
        return report
    }

    private func merge(_ delivered: DeliveryReport, into report: inout TickReport) {
        report.delivery.started += delivered.started
        report.delivery.signalled += delivered.signalled
        report.delivery.notifications += delivered.notifications
        report.delivery.problems += delivered.problems
    }

    /// The earliest due key up to `until` in the index with instances not yet handled in
    /// this tick. Lists the index only: no snapshot is read. Keys sort by time, so the
    /// first one after `until` ends the search before its markers are listed (thousands,
    /// when many instances wait for the same moment): a tick with nothing due must not
    /// pay for the instances that are not due (Docs/performance.md).
    private func earliestDue(through until: Date, visited: Set<String>, skipped: Set<String>) throws
        -> (key: String, at: Date, ids: [String])? {
        for key in try store.keys(kind: "due") {
            guard let at = ISOTime.parseCompactUTC(key) else { continue }
            if at > until { return nil }
            let marked = try store.ids(kind: "due", key: key)
            if marked.isEmpty {
                // A due time whose timers were all fired or cancelled: commits leave its
                // directory, tick removes it once past, so due times do not pile up.
                store.removeKeyIfEmpty(kind: "due", key: key)
                continue
            }
            let ids = marked.filter { !skipped.contains($0) && !visited.contains("\(key) \($0)") }
            if !ids.isEmpty { return (key, at, ids) }
        }
        return nil
    }

    /// Fires one instance's timers that are due by `through`, earliest first, one command
    /// each, all under the instance's claim. Returns false when the instance must be left
    /// alone for the rest of this tick (it failed, is busy, cannot be read, or another
    /// node's tick claimed it).
    func fireDue(_ id: String, through: Date, at: Date, report: inout TickReport) -> Bool {
        do {
            let fired = try store.withInstanceClaim(id) { () throws -> Bool in
                var (instance, head) = try loadForUpdate(id)
                // Planned by a process that still had an older calendar: count again first.
                (instance, head) = replanBeforeCommand(instance, head: head, at: timestamps.format(at))
                var firedAny = false
                for _ in 0..<1000 {
                    guard instance.status == .running, let timer = earliestTimer(instance, through: through) else {
                        // Nothing due at all: the marker was stale (another tick fired it
                        // and crashed before re-indexing, say). Refresh the index.
                        if !firedAny { refreshIndex(id) }
                        return true
                    }
                    var command = Command(kind: .timer, actor: "system", at: timestamps.format(at))
                    command.timer = timer.id
                    command.item = timer.item
                    let result = try apply(command, to: instance, head: head)
                    firedAny = true
                    report.notifications += result.notifications.count
                    if result.instance.status == .failed {
                        report.failed.append((id, result.instance.incident?.message ?? "failed"))
                        return false
                    }
                    report.fired.append(.init(instance: id, timer: timer.id, kind: timer.kind.rawValue,
                                              item: timer.item, at: timestamps.format(at)))
                    (instance, head) = (result.instance, result.head)
                }
                return true
            }
            guard let fired else {
                report.claimedElsewhere.append(id)
                return false
            }
            return fired
        } catch {
            report.failed.append((id, ServiceError(error).description))
            return false
        }
    }

    /// The earliest timer due by `through`; timers due at the same moment fire in the
    /// order they were planned (ladder steps, then colours, then the due time).
    func earliestTimer(_ instance: Instance, through: Date) -> InstanceTimer? {
        instance.timers.enumerated()
            .compactMap { entry in timestamps.parse(entry.element.at).map { (entry.offset, $0) } }
            .filter { $0.1 <= through }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }
            .map { instance.timers[$0.0] }
    }

    /// Re-commits an instance's index when a marker turned out stale.
    func refreshIndex(_ id: String) {
        _ = try? store.withInstanceLock(id) {
            guard let loaded = try store.loadInstance(id), !loaded.isJournalAhead,
                  let snapshot = loaded.snapshot else { return }
            let instance = try InstanceCodec.instance(snapshot, id: id)
            let entries = InstanceCodec.indexEntries(instance, timestamps: timestamps)
            if entries != loaded.indexed {
                try store.commit(id, records: [], snapshot: snapshot, index: entries,
                                 expectedHead: loaded.journalHead)
            }
        }
    }
}
