import AgencyCalendar
import AgencyJSON
import Foundation
import WorkflowEngine
import WorkflowStore

/// Recurring starts. A schedule is enabled per workflow (`agency schedule enable`) and
/// kept in `<store>/schedules/<workflow>.json` as the next nominal day to run.
///
/// Each occurrence starts one instance whose id names the nominal day
/// (`dispatch-2025-01-06`), created exclusively: two ticks, or a tick run twice, cannot
/// start it twice. Catch-up policy: a late tick starts every missed occurrence, oldest
/// first, each with the time the tick runs; an occurrence the holiday rule skips starts
/// nothing.
extension AgencyService {
    var schedulesFolder: URL { URL(fileURLWithPath: store.layout.root).appendingPathComponent("schedules") }

    /// Enables `workflow`'s schedule from `from` (its first occurrence on or after it).
    public func enableSchedule(_ workflow: String, from: CivilDate) throws -> ScheduleCalendar.Occurrence {
        let definition = try currentDefinition(workflow)
        guard let spec = definition.schedule else {
            throw ServiceError.invalid("workflow '\(workflow)' declares no schedule (schedule = weekly { ... })")
        }
        let first = try guarded { try scheduleCalendar.next(spec, after: from, inclusive: true) }
        try writeSchedule(workflow, next: first.nominal)
        return first
    }

    public func disableSchedule(_ workflow: String) throws {
        let file = schedulesFolder.appendingPathComponent("\(workflow).json")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw ServiceError.notFound("no schedule is enabled for '\(workflow)'")
        }
        try store.fileSystem.unlink(file.path)
    }

    /// Enabled schedules: workflow → next nominal day.
    public func schedules() throws -> [(workflow: String, next: CivilDate)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: schedulesFolder.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap { name in
            guard let data = FileManager.default.contents(atPath: schedulesFolder.appendingPathComponent(name).path),
                  let json = try? JSONValue.parse([UInt8](data)),
                  let next = json["next"]?.stringValue.flatMap(CivilDate.init) else { return nil }
            return (String(name.dropLast(5)), next)
        }
    }

    var scheduleCalendar: ScheduleCalendar {
        ScheduleCalendar(calendar: engine.calendar, timeZone: timestamps.timeZone)
    }

    private func writeSchedule(_ workflow: String, next: CivilDate) throws {
        try FileManager.default.createDirectory(at: schedulesFolder, withIntermediateDirectories: true)
        let body: JSONValue = ["format": 1, "workflow": .string(workflow), "next": .string(next.description)]
        try DurableWriter(fileSystem: store.fileSystem)
            .replace(schedulesFolder.appendingPathComponent("\(workflow).json").path, with: try body.prettyBytes())
    }

    /// The earliest moment an enabled schedule fires next.
    func nextScheduleOccurrence() throws -> Date? {
        var earliest: Date?
        for (workflow, next) in try schedules() {
            guard let spec = try? currentDefinition(workflow).schedule else { continue }
            let occurrence = try guarded { try scheduleCalendar.next(spec, after: next, inclusive: true) }
            let moment = occurrence.at ?? occurrence.nominal.startOfDay(in: timestamps.timeZone)
            earliest = min(earliest ?? moment, moment)
        }
        return earliest
    }

    /// Starts every occurrence due by `through`, under the store lock.
    func runSchedules(through: Date, at: Date) throws -> [String] {
        try guarded {
            try store.withStoreLock {
                var started: [String] = []
                for (workflow, next) in try schedules() {
                    let definition = try currentDefinition(workflow)
                    guard let spec = definition.schedule else { continue }
                    var day = next
                    while true {
                        let occurrence = try scheduleCalendar.next(spec, after: day, inclusive: true)
                        let moment = occurrence.at ?? occurrence.nominal.startOfDay(in: timestamps.timeZone)
                        guard moment <= through else { break }
                        if let fireAt = occurrence.at {
                            let id = "\(workflow)-\(occurrence.nominal)"
                            if try !store.instanceExists(id) {
                                let input = try scheduleInput(definition, spec, occurrence, fireAt)
                                _ = try start(workflow, id: id, input: input, actor: "system",
                                              at: max(fireAt, at), deliver: false)
                                started.append(id)
                            }
                        }
                        day = occurrence.nominal.adding(days: 1)
                        try writeSchedule(workflow, next: day)
                    }
                }
                return started
            }
        }
    }

    private func scheduleInput(_ definition: WorkflowDefinition, _ spec: ScheduleSpec,
                               _ occurrence: ScheduleCalendar.Occurrence, _ at: Date) throws -> JSONValue {
        let info: JSONValue = ["date": .string(occurrence.nominal.description), "at": .string(timestamps.format(at))]
        guard let function = spec.input else { return .object([:]) }
        do {
            return try runtime.callJSON(function, arguments: [.json(info)], chunkName: definition.file,
                                        resultName: "schedule input").first ?? .object([:])
        } catch {
            throw ServiceError.invalid("\(definition.file): schedule input: \(error)")
        }
    }
}
