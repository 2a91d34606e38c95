/// Everything that can go wrong in the calendar module. Each message says what is wrong
/// and what to do about it, because the reader is usually a zone administrator looking at
/// a command-line error, not a programmer.
public enum CalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A question touched a year that no calendar layer covers and that the calendar does
    /// not answer for provisionally (a strict calendar, or a year outside the statutory
    /// rule's range). It never treats such a year as "weekends only", which would silently
    /// miss the Spring Festival.
    case yearNotCovered(year: Int)

    /// A date string was not an existing day in `YYYY-MM-DD` form.
    case invalidDate(String)

    /// A calendar file or layer is unusable. `path` names the file (or the layer, for
    /// layers built in code), `problem` says what is wrong, `fix` how to correct it.
    case badFile(path: String, problem: String, fix: String)

    /// A duration string is outside the `WorkDuration` grammar.
    case badDuration(input: String, problem: String)

    public var description: String {
        switch self {
        case .yearNotCovered(let year):
            let why = StatutoryHolidays.years.contains(year)
                ? "no official or local calendar declares that year, and this store's calendar is "
                    + "strict (\"calendar\": \"strict\" in store.json), so working days are not planned "
                    + "provisionally"
                : "no official or local calendar declares that year, and it is outside "
                    + "\(StatutoryHolidays.years.lowerBound)-\(StatutoryHolidays.years.upperBound), "
                    + "the years the statutory rule is computed for"
            return "The working-day calendar does not cover \(year): \(why). Import the State "
                + "Council's notice for \(year) with `agency calendar import NOTICE.txt`, or add a "
                + "local calendar file for it, e.g. {\"format\": 1, \"name\": \"\(year)\", "
                + "\"years\": [\(year)], \"holidays\": [...], \"workdays\": [...]} "
                + "(see Docs/calendar.md)."
        case .invalidDate(let text):
            return "\"\(text)\" is not a date: write an existing day as YYYY-MM-DD, "
                + "e.g. 2025-10-08."
        case .badFile(let path, let problem, let fix):
            return "Calendar file \(path): \(problem). \(fix)"
        case .badDuration(let input, let problem):
            return "\"\(input)\" is not a duration: \(problem). Write a whole number followed "
                + "by h (hours), d (calendar days) or wd (working days), e.g. 3h, 2d, 5wd."
        }
    }
}

extension CivilDate {
    /// Parses `YYYY-MM-DD` like `init?(_:)`, but throws `CalendarError.invalidDate` naming
    /// the text, for callers that report errors to users (command-line arguments).
    public static func parse(_ text: String) throws -> CivilDate {
        guard let date = CivilDate(text) else { throw CalendarError.invalidDate(text) }
        return date
    }
}
