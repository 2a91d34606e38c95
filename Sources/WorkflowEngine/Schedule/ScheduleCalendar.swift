import AgencyCalendar
import Foundation

/// When a schedule's occurrences fall: the nominal day (every Monday, the 1st of the
/// month, every N working days), moved by the holiday rule, at the local time given.
public struct ScheduleCalendar {
    public let calendar: WorkCalendar
    public let timeZone: TimeZone

    public init(calendar: WorkCalendar, timeZone: TimeZone) {
        self.calendar = calendar
        self.timeZone = timeZone
    }

    /// One occurrence: the nominal day names it (and the instance it starts); `at` is when
    /// it fires after the holiday rule. Nil `at` means the rule skips it.
    public struct Occurrence: Equatable, Sendable {
        public var nominal: CivilDate
        public var at: Date?
    }

    /// The first occurrence whose nominal day is after `day` (or on it, if `inclusive`).
    ///
    /// `every { workdays = n }` counts from a fixed first occurrence: the spec's `from`,
    /// else `anchor` (the first occurrence when the schedule was enabled, which the
    /// caller keeps), else the first working day on or after `day`. Without a fixed
    /// origin, asking again from the day after each occurrence would fire every day.
    public func next(_ spec: ScheduleSpec, after day: CivilDate, inclusive: Bool = false,
                     anchor: CivilDate? = nil) throws -> Occurrence {
        var candidate = inclusive ? day : day.adding(days: 1)
        switch spec.frequency {
        case .weekly(let weekday):
            while candidate.weekday != weekday { candidate = candidate.adding(days: 1) }
        case .monthly(let dayOfMonth):
            while candidate.day != dayOfMonth { candidate = candidate.adding(days: 1) }
        case .everyWorkdays(let n):
            let origin = spec.from.flatMap(CivilDate.init) ?? anchor ?? candidate
            var occurrence = try calendar.nextWorkday(onOrAfter: origin)
            while occurrence < candidate { occurrence = try calendar.addWorkdays(n, to: occurrence) }
            candidate = occurrence
        }
        return Occurrence(nominal: candidate, at: try shifted(candidate, spec))
    }

    private func shifted(_ day: CivilDate, _ spec: ScheduleSpec) throws -> Date? {
        var actual = day
        if try !calendar.isWorkday(day) {
            switch spec.shift {
            case .none: break
            case .skip: return nil
            case .next_workday: actual = try calendar.nextWorkday(onOrAfter: day)
            case .previous_workday: actual = try calendar.previousWorkday(onOrBefore: day)
            }
        }
        return actual.startOfDay(in: timeZone).addingTimeInterval(Double(spec.hour * 3600 + spec.minute * 60))
    }
}
