import Foundation

extension WorkCalendar {
    /// When a time limit that starts at `start` runs out, in `timeZone` (default
    /// Asia/Shanghai; pass it explicitly wherever a machine's zone could leak in).
    ///
    /// - `.hours(n)`: exactly n × 3600 seconds after `start`.
    /// - `.days(n)`: the same local clock time n calendar days later (Foundation's
    ///   calendar arithmetic, so a daylight-saving change in other zones keeps the clock time).
    /// - `.workdays(n)`: the end of the n-th working day after `start`'s local date, i.e.
    ///   local midnight at the start of the following day; the starting day is not counted,
    ///   whatever the time of day, as for statutory limits (see `addWorkdays`).
    ///
    /// Hours and days need no holiday data and never throw for the year. Working days
    /// throw `CalendarError.yearNotCovered` if the count walks into an uncovered year.
    ///
    /// Examples in Asia/Shanghai:
    /// - 2025-01-24 (Fri) 15:00 + `3wd`: 01-25 Sat off, 01-26 Sun make-up day (1),
    ///   01-27 Mon (2), 01-28...02-04 春节 off, 02-05 Wed (3): deadline 2025-02-06 00:00.
    /// - 2025-09-30 (Tue) 09:00 + `1wd`: 10-01...10-08 off: deadline 2025-10-10 00:00
    ///   (the end of Thursday 10-09).
    /// - 2025-09-30 09:00 + `2d`: 2025-10-02 09:00, holidays or not.
    public func deadline(
        from start: Date, adding duration: WorkDuration,
        timeZone: TimeZone = WorkCalendar.defaultTimeZone
    ) throws -> Date {
        switch duration {
        case .hours(let n):
            return start.addingTimeInterval(Double(n) * 3_600)
        case .days(let n):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            if let date = calendar.date(byAdding: .day, value: n, to: start) { return date }
            // Foundation returns nil only for unrepresentable dates; 24-hour days are the
            // best remaining answer and exact in zones without daylight saving.
            return start.addingTimeInterval(Double(n) * 86_400)
        case .workdays(let n):
            let lastDay = try addWorkdays(n, to: CivilDate(start, in: timeZone))
            return lastDay.adding(days: 1).startOfDay(in: timeZone)
        }
    }

    /// The moment `duration` before `due`, for thresholds counted back from a deadline
    /// (the blue and yellow colours of a work item).
    ///
    /// - `.hours(n)`, `.days(n)`: n × 3600 or n × 86,400 seconds before `due`.
    /// - `.workdays(n)`: working days count back from the day `due` ends (a working-day
    ///   deadline is local midnight, the end of the day before it): the result is the
    ///   start of the day after the n-th working day before that day.
    ///
    /// Throws `CalendarError.yearNotCovered` if the count walks into an uncovered year.
    public func moment(
        _ duration: WorkDuration, before due: Date,
        timeZone: TimeZone = WorkCalendar.defaultTimeZone
    ) throws -> Date {
        switch duration {
        case .hours(let n):
            return due.addingTimeInterval(-Double(n) * 3_600)
        case .days(let n):
            return due.addingTimeInterval(-Double(n) * 86_400)
        case .workdays(let n):
            let lastDay = CivilDate(due.addingTimeInterval(-1), in: timeZone)
            let day = try addWorkdays(-n, to: lastDay)
            return day.adding(days: 1).startOfDay(in: timeZone)
        }
    }
}
