import AgencyCalendar
import AgencyJSON
import Foundation
import WorkflowEngine
import WorkflowStore

/// What re-planning did (or, in a dry run, would do) to each instance.
public struct ReplanReport: Sendable {
    public struct Entry: Sendable {
        public var instance: String
        /// The record's `replanned` list: for each item, its id, title, due time before
        /// and after, how many timers moved, and the years still provisional.
        public var items: [JSONValue]
        /// The record's head; nil in a dry run.
        public var head: JournalHead?
    }
    public var entries: [Entry] = []
    /// Instances that could not be re-planned (busy, failed), left for the next tick.
    public var failed: [(instance: String, error: String)] = []

    public init() {}

    public var json: JSONValue {
        .object([
            "replanned": .array(entries.map { entry in
                var fields: [String: JSONValue] = ["instance": .string(entry.instance), "items": .array(entry.items)]
                if let head = entry.head { fields["head"] = .string(head.description) }
                return .object(fields)
            }),
            "failed": .array(failed.map { .object(["instance": .string($0.instance), "error": .string($0.error)]) }),
        ])
    }
}

/// Re-planning: when the calendar changes (a year that deadlines were counted through
/// provisionally becomes declared, a notice is imported or replaced, a calendar file is
/// added or edited, a newer binary embeds new data), each instance with an open deadline
/// that now counts differently gets one journaled `replan` record.
///
/// Finding them costs what the change touches, not a read of every instance: the
/// `planned` index names instances by every year their open deadlines span, and the
/// calendar version of the last complete sweep is kept in `environment/calendar-swept`,
/// so only the years whose days (or provisional status) differ between that version and
/// the current one are looked at, and only when the version changed.
extension AgencyService {
    /// Re-plans every instance whose open deadlines count differently with the current
    /// calendar than with the one they were planned with. `actor` is the admin who
    /// imported the notice, or "system" (tick). With `dryRun` nothing is written and the
    /// report says what would move.
    public func replanAfterCalendarChange(actor: String, at: Date, dryRun: Bool = false) throws -> ReplanReport {
        var report = ReplanReport()
        let current = try currentCalendarVersion()
        if calendarSweptInProcess == current && !dryRun { return report }
        let swept = sweptCalendarVersion()
        if swept == current {
            if !dryRun { calendarSweptInProcess = current }
            return report
        }
        for id in try instancesPlanned(inYearsChangedSince: swept) {
            do {
                if dryRun {
                    guard let outcome = try replanOutcome(try instance(id), actor: actor, at: timestamps.format(at))
                    else { continue }
                    report.entries.append(.init(instance: id, items: replannedItems(outcome.record), head: nil))
                    continue
                }
                let committed: (Outcome, JournalHead)? = try guarded {
                    try store.withInstanceLock(id) {
                        let (instance, head) = try loadForUpdate(id)
                        guard let outcome = try replanOutcome(instance, actor: actor, at: timestamps.format(at))
                        else { return nil }
                        return (outcome, try commit(id, outcome, create: false, expectedHead: head))
                    }
                }
                if let (outcome, head) = committed {
                    report.entries.append(.init(instance: id, items: replannedItems(outcome.record), head: head))
                }
            } catch {
                report.failed.append((id, "\(ServiceError(error))"))
            }
        }
        if !dryRun && report.failed.isEmpty {
            try markCalendarSwept(current)
            calendarSweptInProcess = current
        }
        return report
    }

    /// The calendar version the last complete sweep was made for, if any.
    func sweptCalendarVersion() -> String? {
        try? store.sweptCalendarVersion()
    }

    private func markCalendarSwept(_ sha: String) throws {
        // The marker names a version the store must hold, to compare with after the next change.
        try saveCurrentCalendarVersion()
        try guarded { try store.markCalendarSwept(sha) }
    }

    /// Instances with open deadlines in a year whose answers differ between calendar
    /// version `swept` and the current calendar; every planned instance when there is no
    /// (readable) earlier version to compare with.
    func instancesPlanned(inYearsChangedSince swept: String?) throws -> [String] {
        let previous: WorkCalendar? = swept.flatMap { sha in
            (try? store.loadCalendarVersion(sha: sha)).flatMap { bytes in
                (try? JSONValue.parse(bytes)).flatMap { try? CalendarDocument.calendar($0, sha: sha) }
            }
        }
        var ids = Set<String>()
        for key in try guarded({ try store.keys(kind: "planned") }) {
            guard let year = Int(key) else { continue }
            if let previous, !Self.yearDiffers(year, previous, engine.calendar) { continue }
            ids.formUnion(try guarded { try store.ids(kind: "planned", key: key) })
        }
        return ids.sorted()
    }

    /// Whether two calendars answer differently for some day of `year`, or one answers
    /// provisionally where the other does not.
    static func yearDiffers(_ year: Int, _ a: WorkCalendar, _ b: WorkCalendar) -> Bool {
        guard CivilDate.supportedYears.contains(year), a.isProvisional(year) == b.isProvisional(year),
              a.answers(for: year) == b.answers(for: year) else { return true }
        guard let first = CivilDate(year: year, month: 1, day: 1), let last = CivilDate(year: year, month: 12, day: 31)
        else { return true }
        for day in first...last where (try? a.isWorkday(day)) != (try? b.isWorkday(day)) {
            return true
        }
        return false
    }

    /// Before another command on `instance` (already loaded under its lock): re-plan it
    /// first if the calendar declared a year its plan went through, so the command sees
    /// the official deadlines. Best effort: if re-planning fails the command still runs,
    /// and tick reports the failure.
    func replanBeforeCommand(_ instance: Instance, head: JournalHead, at: String) -> (Instance, JournalHead) {
        guard let outcome = try? replanOutcome(instance, actor: "system", at: at),
              let newHead = try? commit(instance.id, outcome, create: false, expectedHead: head)
        else { return (instance, head) }
        return (outcome.instance, newHead)
    }

    /// The `replan` command's outcome for `instance`, or nil when it would change nothing:
    /// no open item was planned with another calendar (a cheap look at the plans), or
    /// counting again gives the same answers. Counted once, and only then committed.
    func replanOutcome(_ instance: Instance, actor: String, at: String) throws -> Outcome? {
        guard engine.hasStalePlans(instance) else { return nil }
        let outcome = try engine.apply(Command(kind: .replan, actor: actor, at: at), to: instance)
        return replannedItems(outcome.record).isEmpty ? nil : outcome
    }

    private func replannedItems(_ record: JSONValue) -> [JSONValue] {
        record["details"]?["replanned"]?.arrayValue ?? []
    }
}
