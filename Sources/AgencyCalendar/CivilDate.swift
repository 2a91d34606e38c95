/// A day in the proleptic Gregorian calendar, with no time of day and no time zone.
///
/// Working-day rules are about calendar days as people in the zone see them, not about
/// instants, so the calendar works on `CivilDate` and converts to and from `Date` only at
/// the edges (see `CivilDate+Foundation.swift`).
///
/// - Every `CivilDate` is a real day: the month is 1...12 and the day exists in that month
///   (2025-02-30 is refused, 2024-02-29 accepted). Parsing and the component initialiser
///   also require a year in 1...9999, so that it prints as exactly four digits; arithmetic
///   and conversion from `Date` can leave that range, and then print the year as it is.
/// - Ordering is chronological; equal dates are equal values and hash alike.
/// - The date is `Strideable` by whole days, so `a...b` is a sequence of consecutive days.
/// - `description` is the ISO 8601 calendar form `YYYY-MM-DD`, and `Codable` uses that
///   same string.
public struct CivilDate: Sendable, Hashable, Comparable, Strideable {
    /// The Gregorian year (1...9999 for parsed dates).
    public let year: Int
    /// The month, 1 (January) ... 12 (December).
    public let month: Int
    /// The day of the month, 1 ... 28/29/30/31.
    public let day: Int

    /// The years a `CivilDate` can be parsed or built in: the ones that print as four digits.
    public static let supportedYears: ClosedRange<Int> = 1...9999

    /// Creates a date from its parts, or returns `nil` if that day does not exist
    /// (month outside 1...12, day outside the month's length, year outside 1...9999).
    public init?(year: Int, month: Int, day: Int) {
        guard Self.supportedYears.contains(year),
              (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.init(unchecked: year, month, day)
    }

    /// Parses exactly `YYYY-MM-DD`: four year digits, a hyphen, two month digits, a hyphen,
    /// two day digits, nothing before or after (no time, no zone, no spaces), and the day
    /// must exist. Returns `nil` for anything else, e.g. `"2025-2-3"`, `"2025-02-30"`,
    /// `"2025-02-03T00:00"`.
    public init?(_ iso: String) {
        // Work on UTF-8 bytes so that no Unicode digit other than ASCII 0-9 is accepted.
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else {
            return nil
        }
        self.init(year: y, month: m, day: d)
    }

    /// Builds a date whose validity the caller guarantees (the embedded official table, and
    /// arithmetic results, which are valid by construction). Tests re-check the table.
    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Whether `year` has a 29 February.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in `month` of `year` (0 for a month outside 1...12).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// The ISO weekday: 1 = Monday ... 6 = Saturday, 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 (day number 0) was a Thursday, ISO weekday 4.
        Self.floorMod(dayNumber + 3, 7) + 1
    }

    /// The weekday as Chinese staff write it: 周一 … 周日.
    public var chineseWeekday: String {
        "周" + ["一", "二", "三", "四", "五", "六", "日"][weekday - 1]
    }

    /// Whether the day is a Saturday or a Sunday, the ordinary rest days.
    public var isWeekend: Bool { weekday >= 6 }

    /// The date `days` days later (earlier if negative).
    public func adding(days: Int) -> CivilDate {
        days == 0 ? self : CivilDate(dayNumber: dayNumber + days)
    }

    /// How many days `self` is after `other` (negative if before):
    /// `b.daysSince(a) == n` exactly when `a.adding(days: n) == b`.
    public func daysSince(_ other: CivilDate) -> Int {
        dayNumber - other.dayNumber
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public func advanced(by n: Int) -> CivilDate { adding(days: n) }

    public func distance(to other: CivilDate) -> Int { other.daysSince(self) }
}

extension CivilDate: CustomStringConvertible, LosslessStringConvertible {
    /// The ISO form `YYYY-MM-DD`, zero-padded (a year outside 1...9999, reachable only by
    /// arithmetic, keeps its sign and extra digits).
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value.magnitude)
            let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
            return value < 0 ? "-" + padded : padded
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

extension CivilDate: Codable {
    /// Decodes the `YYYY-MM-DD` string; any other shape is a decoding error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not a date in YYYY-MM-DD form")
        }
        self = date
    }

    /// Encodes as the `YYYY-MM-DD` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

// MARK: - Day numbers

extension CivilDate {
    /// Days since 1970-01-01 (negative before it), for turning a date into an instant.
    public var daysSince1970: Int { dayNumber }

    /// Days since 1970-01-01 (negative before it). Counting from March makes the leap day
    /// the last day of the counting year, so month lengths follow a fixed 5-month pattern.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = Self.floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        // 719_468 days separate 0000-03-01 from 1970-01-01.
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `dayNumber`.
    init(dayNumber: Int) {
        let shifted = dayNumber + 719_468
        let era = Self.floorDiv(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(unchecked: year, month, day)
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func floorMod(_ a: Int, _ b: Int) -> Int {
        a - floorDiv(a, b) * b
    }
}
