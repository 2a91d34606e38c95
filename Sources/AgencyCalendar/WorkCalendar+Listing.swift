/// A date with its name where one is known, for listings such as `agency calendar show`.
public struct NamedDate: Sendable, Hashable, CustomStringConvertible {
    /// The day.
    public let date: CivilDate
    /// The festival, e.g. 春节; for a make-up workday, the festival it makes up for.
    /// `nil` when no layer named the day.
    public let name: String?

    public init(date: CivilDate, name: String?) {
        self.date = date
        self.name = name
    }

    /// `2025-01-28 春节`, or just the date when unnamed.
    public var description: String {
        name.map { "\(date) \($0)" } ?? date.description
    }
}

extension WorkCalendar {
    /// The days off of `year` that come from the layers (public holidays, including the
    /// weekend days inside a holiday period), in date order. Ordinary weekends are not
    /// listed. In a provisional year, the statutory days off. Throws
    /// `CalendarError.yearNotCovered` for a year the calendar does not answer for.
    public func holidays(in year: Int) throws -> [NamedDate] {
        try listed(in: year) { !$0.isWorkday }
    }

    /// The make-up working days (调休上班) of `year`: Saturdays and Sundays that the layers
    /// make working days, in date order. A weekday listed as a workday (a layer cancelling
    /// an earlier holiday) is an ordinary working day again and is not listed.
    /// Throws `CalendarError.yearNotCovered` for an uncovered year.
    public func makeupWorkdays(in year: Int) throws -> [NamedDate] {
        try listed(in: year) { $0.isWorkday }.filter { $0.date.isWeekend }
    }

    /// The working days of `year`, 1 January to 31 December (248 in 2025 and 2026).
    public func workdayCount(inYear year: Int) throws -> Int {
        try countWorkdays(from: CivilDate(unchecked: year, 1, 1), to: CivilDate(unchecked: year, 12, 31))
    }

    private func listed(in year: Int, where include: (ListedDay) -> Bool) throws -> [NamedDate] {
        guard covers(year) else {
            // A provisional year lists its statutory days off and no make-up day.
            guard isProvisional(year), let statutory = StatutoryHolidays.days(in: year) else {
                throw CalendarError.yearNotCovered(year: year)
            }
            // The statutory days, then any day a layer lists in the year (a later notice's
            // New Year days), which wins.
            var days = statutory.mapValues { ListedDay(isWorkday: false, name: $0) }
            for (date, listed) in listedDays where date.year == year { days[date] = listed }
            return days.filter { include($0.value) }
                .map { NamedDate(date: $0.key, name: $0.value.name) }.sorted { $0.date < $1.date }
        }
        return listedDays
            .filter { $0.key.year == year && include($0.value) }
            .map { NamedDate(date: $0.key, name: $0.value.name) }
            .sorted { $0.date < $1.date }
    }
}
