import AgencyCalendar
import AgencyJSON
import Foundation
import WorkflowEngine
import WorkflowStore

/// Recurring starts. A schedule is enabled per workflow (`agency schedule enable`) and
/// kept in the store (`InstanceStore.schedules`) as the next nominal day to run.
///
/// Each occurrence starts one instance whose id names the nominal day
/// (`dispatch-2025-01-06`), created exclusively: two ticks, or a tick run twice, cannot
/// start it twice. Catch-up policy: a late tick starts every missed occurrence, oldest
/// first, each with the time the tick runs; an occurrence the holiday rule skips starts
/// nothing.
extension AgencyService {
    /// Enables `workflow`'s schedule from `from` (its first occurrence on or after it).
    public func enableSchedule(_ workflow: String, from: CivilDate) throws -> ScheduleCalendar.Occurrence {
        let definition = try currentDefinition(workflow)
        guard let spec = definition.schedule else {
            throw ServiceError.invalid("workflow '\(workflow)' declares no schedule (schedule = weekly { ... })")
        }
        let first = try guarded { try scheduleCalendar.next(spec, after: from, inclusive: true) }
        try guarded {
            try store.withStoreLock {
                try writeSchedule(ScheduleState(workflow: workflow, next: first.nominal, anchor: first.nominal))
            }
        }
        return first
    }

    public func disableSchedule(_ workflow: String) throws {
        let removed = try guarded { try store.withStoreLock { try store.removeSchedule(workflow) } }
        guard removed else { throw ServiceError.notFound("no schedule is enabled for '\(workflow)'") }
    }

    /// Enabled schedules: workflow → next nominal day.
    public func schedules() throws -> [(workflow: String, next: CivilDate)] {
        scheduleStates().map { ($0.workflow, $0.next) }
    }

    /// One enabled schedule as the store keeps it: the next nominal day
    /// to consider, and the first occurrence (what `every { workdays = n }` counts from).
    struct ScheduleState {
        var workflow: String
        var next: CivilDate
        var anchor: CivilDate?
    }

    /// The enabled schedules by workflow name; one whose state cannot be read counts as
    /// not enabled.
    func scheduleStates() -> [ScheduleState] {
        let saved = (try? store.schedules()) ?? [:]
        // In the order of their file names ("a-b.json" before "a.json"), as before the seam.
        return saved.keys.sorted { ($0 + ".json") < ($1 + ".json") }.compactMap { workflow in
            guard let json = saved[workflow], let next = json["next"]?.stringValue.flatMap(CivilDate.init)
            else { return nil }
            return ScheduleState(workflow: workflow, next: next,
                                 anchor: json["anchor"]?.stringValue.flatMap(CivilDate.init))
        }
    }

    public var scheduleCalendar: ScheduleCalendar {
        ScheduleCalendar(calendar: engine.calendar, timeZone: timestamps.timeZone)
    }

    private func writeSchedule(_ state: ScheduleState) throws {
        var body: JSONValue = ["format": 1, "workflow": .string(state.workflow), "next": .string(state.next.description)]
        if let anchor = state.anchor, case .object(var fields) = body {
            fields["anchor"] = .string(anchor.description)
            body = .object(fields)
        }
        try store.saveSchedule(state.workflow, body)
    }

    private func occurrence(_ spec: ScheduleSpec, _ state: ScheduleState) throws -> (ScheduleCalendar.Occurrence, Date) {
        let occurrence = try scheduleCalendar.next(spec, after: state.next, inclusive: true, anchor: state.anchor)
        return (occurrence, occurrence.at ?? occurrence.nominal.startOfDay(in: timestamps.timeZone))
    }

    /// The earliest moment an enabled schedule fires next. A schedule whose workflow
    /// cannot be loaded counts as due now, so that `runSchedules` reports it.
    func nextScheduleOccurrence(excluding: Set<String>) throws -> Date? {
        var earliest: Date?
        for state in scheduleStates() where !excluding.contains(state.workflow) {
            let moment: Date
            if let spec = try? currentDefinition(state.workflow).schedule,
               let (_, at) = try? occurrence(spec, state) {
                moment = at
            } else {
                moment = .distantPast
            }
            earliest = min(earliest ?? moment, moment)
        }
        return earliest
    }

    /// What `runSchedules` did: instances started, occurrences that failed (the
    /// schedule stays on that occurrence for the next tick), and whether anything moved.
    struct ScheduleRun {
        var started: [String] = []
        var failed: [(workflow: String, id: String, error: String)] = []
        var progressed = false
    }

    /// Starts every occurrence due by `through`, oldest first, under the store lock.
    /// Each occurrence's instance id names its nominal day and is created exclusively (the
    /// store refuses a second instance with an id: for PostgreSQL, the `instances` primary
    /// key), so however many ticks run, each occurrence starts once.
    ///
    /// The lock is waited for, not merely tried as due instances are: it is held for a
    /// moment at a time (a schedule run, a people version recorded), and a node that gave
    /// up on it would leave later occurrences to the next tick whenever it met another
    /// node's moment.
    func runSchedules(through: Date, at: Date, excluding: Set<String>) -> ScheduleRun {
        var run = ScheduleRun()
        do {
            try store.withStoreLock {
                for var state in scheduleStates() where !excluding.contains(state.workflow) {
                    var current = "\(state.workflow)-\(state.next)"
                    do {
                        try runSchedule(&state, through: through, at: at, current: &current, run: &run)
                    } catch {
                        run.failed.append((state.workflow, current,
                                           "schedule of \(state.workflow): \(ServiceError(error).description)"))
                        run.progressed = true
                    }
                }
            }
        } catch {
            run.failed.append(("", "schedules", ServiceError(error).description))
        }
        return run
    }

    /// Starts one schedule's due occurrences; `current` names the occurrence being
    /// started, for the report if it fails.
    private func runSchedule(_ state: inout ScheduleState, through: Date, at: Date, current: inout String,
                             run: inout ScheduleRun) throws {
        let definition = try currentDefinition(state.workflow)
        guard let spec = definition.schedule else {
            throw ServiceError.invalid("workflow '\(state.workflow)' no longer declares a schedule; "
                                       + "agency schedule disable \(state.workflow)")
        }
        while true {
            let (occurrence, moment) = try occurrence(spec, state)
            guard moment <= through else { return }
            if let fireAt = occurrence.at {
                let id = "\(state.workflow)-\(occurrence.nominal)"
                current = id
                if try !store.instanceExists(id) {
                    let input = try scheduleInput(definition, spec, occurrence, fireAt)
                    do {
                        _ = try start(state.workflow, id: id, input: input, actor: "system",
                                      at: max(fireAt, at), deliver: false)
                        run.started.append(id)
                    } catch {
                        // Another tick started it between the check and the start (the
                        // store let exactly one create it): this occurrence is done.
                        guard try store.instanceExists(id) else { throw error }
                    }
                }
            }
            state.next = occurrence.nominal.adding(days: 1)
            try writeSchedule(state)
            run.progressed = true
        }
    }

    private func scheduleInput(_ definition: WorkflowDefinition, _ spec: ScheduleSpec,
                               _ occurrence: ScheduleCalendar.Occurrence, _ at: Date) throws -> JSONValue {
        let info: JSONValue = ["date": .string(occurrence.nominal.description), "at": .string(timestamps.format(at))]
        guard let function = spec.input else { return .object([:]) }
        do {
            try definition.rewindModuleState()
            return try runtime.callJSON(function, arguments: [.json(info)], chunkName: definition.file,
                                        resultName: "schedule input").first ?? .object([:])
        } catch {
            throw ServiceError.invalid("\(definition.file): schedule input: \(error)")
        }
    }
}
