/// Working-day arithmetic. Every function looks only at the days it needs and throws
/// `CalendarError.yearNotCovered` as soon as one of them is in a year the calendar does
/// not answer for. A result that walked through a provisional year is provisional: ask
/// `provisionalYears(from:through:)` for the span from the start to the result. All loops
/// end: each step moves one day, and the years answered for are finite.
extension WorkCalendar {
    /// The n-th working day after `date`, the way administrative time limits are counted
    /// (期间开始之日不计算在期间内): the day of `date` itself is not counted, whatever it is.
    ///
    /// - `n > 0`: counting starts on the day after `date`; the result is the n-th working
    ///   day met. Example: 20 working days after 2025-09-26 is 2025-10-30 (09-28 Sun and
    ///   10-11 Sat are make-up workdays, 10-01...10-08 are off).
    /// - `n == 0`: `date` itself if it is a working day, else the next working day
    ///   (`nextWorkday(onOrAfter:)`), so "0 working days" never lands on a day off.
    /// - `n < 0`: the mirror image: counting starts on the day before `date` and goes
    ///   back; the result is the |n|-th working day met. Example: 1 working day before
    ///   2025-10-09 is 2025-09-30. For `n >= 1`, going forward then back lands on
    ///   `previousWorkday(onOrBefore: date)`, which is `date` itself on a working day.
    ///
    /// Only the days walked over must be covered; `date` itself need not be (the day after
    /// 2023-12-31 is in 2024).
    public func addWorkdays(_ n: Int, to date: CivilDate) throws -> CivilDate {
        if n == 0 { return try nextWorkday(onOrAfter: date) }
        let step = n > 0 ? 1 : -1
        var day = date
        var remaining = n.magnitude
        while remaining > 0 {
            day = day.adding(days: step)
            if try isWorkday(day) { remaining -= 1 }
        }
        return day
    }

    /// The number of working days from `start` to `end`, both included.
    ///
    /// Returns 0 when `start > end` (an empty range has no working days); callers that
    /// consider reversed bounds a mistake should check before calling. Throws
    /// `CalendarError.yearNotCovered` for the earliest uncovered year in the range, even if
    /// that year would contribute nothing, so the answer is always complete.
    public func countWorkdays(from start: CivilDate, to end: CivilDate) throws -> Int {
        guard start <= end else { return 0 }
        if let year = (start.year...end.year).first(where: { !answers(for: $0) }) {
            throw CalendarError.yearNotCovered(year: year)
        }
        var count = 0
        for day in start...end where try isWorkday(day) {
            count += 1
        }
        return count
    }

    /// `date` if it is a working day, otherwise the first working day after it.
    public func nextWorkday(onOrAfter date: CivilDate) throws -> CivilDate {
        var day = date
        while try !isWorkday(day) { day = day.adding(days: 1) }
        return day
    }

    /// `date` if it is a working day, otherwise the last working day before it.
    public func previousWorkday(onOrBefore date: CivilDate) throws -> CivilDate {
        var day = date
        while try !isWorkday(day) { day = day.adding(days: -1) }
        return day
    }
}
