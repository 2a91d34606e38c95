import AgencyCalendar
import AgencyService

/// An ISO 8601 week, "2025-W03": weeks start on Monday, and week 1 is the one that
/// holds the year's first Thursday (so 2025-W02 starts on Monday 2025-01-06).
public struct ISOWeek: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let week: Int
    /// Monday of the week.
    public let monday: CivilDate

    /// Parses "2025-W03" (also "2025W03" and "2025-w3").
    public init?(_ text: String) {
        let upper = text.uppercased()
        guard let mark = upper.firstIndex(of: "W") else { return nil }
        let yearText = upper[..<mark].trimmingCharacters(in: ["-"])
        let weekText = upper[upper.index(after: mark)...]
        guard yearText.count == 4, let year = Int(yearText), let week = Int(weekText),
              (1...9998).contains(year), week >= 1, week <= Self.weeks(in: year),
              let fourth = CivilDate(year: year, month: 1, day: 4) else { return nil }
        self.init(containing: fourth.adding(days: 7 * (week - 1)))
    }

    /// The week a day falls in.
    public init(containing day: CivilDate) {
        let thursday = day.adding(days: 4 - day.weekday)
        let januaryFirst = CivilDate(year: thursday.year, month: 1, day: 1) ?? thursday
        year = thursday.year
        week = thursday.daysSince(januaryFirst) / 7 + 1
        monday = day.adding(days: 1 - day.weekday)
    }

    /// The week before.
    public var previous: ISOWeek { ISOWeek(containing: monday.adding(days: -7)) }

    public var description: String { "\(year)-W" + (week < 10 ? "0\(week)" : "\(week)") }

    /// 52 or 53: the week of 28 December, which is always in the year's last week.
    static func weeks(in year: Int) -> Int {
        guard let december = CivilDate(year: year, month: 12, day: 28) else { return 52 }
        return ISOWeek(containing: december).week
    }

    public static func < (a: ISOWeek, b: ISOWeek) -> Bool { (a.year, a.week) < (b.year, b.week) }
}
