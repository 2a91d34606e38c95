/// A time limit as written in workflow definitions: hours, calendar days or working days.
///
/// Grammar (the whole string, nothing around it):
///
/// ```
/// duration = number unit
/// number   = "1"-"9" *5("0"-"9")     ; 1 ... 999999, no sign, no leading zero
/// unit     = "h" / "d" / "wd"        ; lowercase
/// ```
///
/// So `"3h"`, `"2d"`, `"5wd"` and `"120h"` are durations; `""`, `"3"`, `"0d"`, `"-2d"`,
/// `"03h"`, `"3 h"`, `"3H"`, `"1d2h"`, `"2w"` and ISO 8601 forms such as `"PT3H"` or
/// `"P2D"` are refused with `CalendarError.badDuration` saying why. A limit of zero is
/// refused because it is almost always a mistake in a definition; the six-digit cap keeps
/// arithmetic far from overflow.
///
/// `description` gives the same form back, and `Codable` uses it, so a value survives a
/// round trip through JSON unchanged.
public enum WorkDuration: Sendable, Hashable {
    /// Elapsed hours.
    case hours(Int)
    /// Calendar days: the same local clock time that many days later.
    case days(Int)
    /// Working days, counted by `WorkCalendar.addWorkdays`, ending at the end of the day.
    case workdays(Int)

    /// The largest number the grammar accepts.
    public static let maximumValue = 999_999

    /// Parses the grammar above; throws `CalendarError.badDuration` otherwise.
    public init(parsing text: String) throws {
        func refuse(_ problem: String) -> CalendarError {
            .badDuration(input: text, problem: problem)
        }
        let digits = text.utf8.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        let unit = String(decoding: text.utf8.dropFirst(digits.count), as: UTF8.self)
        if text.hasPrefix("P") || text.hasPrefix("p") {
            throw refuse("ISO 8601 durations such as PT3H are not supported")
        }
        guard !digits.isEmpty else { throw refuse("it must start with a whole number") }
        guard digits.first != UInt8(ascii: "0") else {
            throw refuse(digits.count == 1 ? "a time limit must be at least 1" : "leading zeros are not allowed")
        }
        guard digits.count <= 6, let value = Int(String(decoding: digits, as: UTF8.self)) else {
            throw refuse("the number must be at most \(Self.maximumValue)")
        }
        switch unit {
        case "h": self = .hours(value)
        case "d": self = .days(value)
        case "wd": self = .workdays(value)
        case "": throw refuse("the unit is missing")
        default: throw refuse("unknown unit \"\(unit)\"")
        }
    }
}

extension WorkDuration: CustomStringConvertible, LosslessStringConvertible {
    /// Parses like `init(parsing:)`, returning `nil` instead of throwing.
    public init?(_ description: String) {
        guard let value = try? WorkDuration(parsing: description) else { return nil }
        self = value
    }

    /// The grammar's form: `3h`, `2d`, `5wd`.
    public var description: String {
        switch self {
        case .hours(let n): return "\(n)h"
        case .days(let n): return "\(n)d"
        case .workdays(let n): return "\(n)wd"
        }
    }
}

extension WorkDuration: Codable {
    /// Decodes the string form; a string outside the grammar is a decoding error carrying
    /// the `CalendarError` message.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try WorkDuration(parsing: text)
        } catch let error as CalendarError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
