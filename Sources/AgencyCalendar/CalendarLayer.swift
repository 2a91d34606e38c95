/// One source of calendar facts: the built-in official data, or a zone's local file.
///
/// A `WorkCalendar` stacks layers, official first. Each layer may:
/// - declare `years` it covers completely: in those years every day not listed by any
///   layer follows the weekly rule (Monday-Friday work, Saturday-Sunday off);
/// - list `holidays`, days off (including weekend days inside a holiday period, which the
///   official notices count as part of the period);
/// - list `workdays`, days worked although they would otherwise be off: the make-up days
///   (调休) on weekends, or a weekday that cancels an earlier layer's holiday;
/// - give `names` to any of its listed days, e.g. 春节.
///
/// Rules, checked by `validate()` and again when a `WorkCalendar` is built:
/// - a date may not be in both `holidays` and `workdays` of the same layer;
/// - every named date must be listed in `holidays` or `workdays` of the same layer
///   (a name for an unlisted day is almost always a typo in the date);
/// - `years` must be in `CivilDate.supportedYears`;
/// - (checked by `WorkCalendar`) every listed date must fall in a year covered by this
///   layer or an earlier one, since a day in an uncovered year could never be asked about.
public struct CalendarLayer: Sendable, Equatable {
    /// A human name, e.g. "屯留经开区 2027"; for files without one, the file's name.
    public var name: String
    /// Where the layer came from, used in error messages: a file path, or a fixed label
    /// for the built-in data.
    public var source: String
    /// Years this layer declares as fully covered.
    public var years: Set<Int>
    /// Days off.
    public var holidays: Set<CivilDate>
    /// Days worked that would otherwise be off.
    public var workdays: Set<CivilDate>
    /// Names for listed days (a festival for a day off; for a make-up workday, the
    /// festival it makes up for).
    public var names: [CivilDate: String]

    /// Creates a layer. `source` defaults to the name. Nothing is checked here; call
    /// `validate()` or hand the layer to `WorkCalendar.init(layers:)`, which checks it.
    public init(
        name: String,
        source: String? = nil,
        years: Set<Int> = [],
        holidays: Set<CivilDate> = [],
        workdays: Set<CivilDate> = [],
        names: [CivilDate: String] = [:]
    ) {
        self.name = name
        self.source = source ?? name
        self.years = years
        self.holidays = holidays
        self.workdays = workdays
        self.names = names
    }

    /// Checks the rules that concern this layer alone (see the type's documentation) and
    /// throws `CalendarError.badFile` naming `source` for the first one broken, looking at
    /// dates in ascending order so the same file always gives the same message.
    public func validate() throws {
        if let year = years.sorted().first(where: { !CivilDate.supportedYears.contains($0) }) {
            throw CalendarError.badFile(
                path: source,
                problem: "\"years\" contains \(year), outside 1...9999",
                fix: "List four-digit years, e.g. [2027].")
        }
        if let date = holidays.intersection(workdays).sorted().first {
            throw CalendarError.badFile(
                path: source,
                problem: "\(date) is listed in both \"holidays\" and \"workdays\"",
                fix: "Keep it in one list: \"holidays\" for a day off, \"workdays\" for a "
                    + "day worked.")
        }
        if let date = names.keys.sorted().first(where: {
            !holidays.contains($0) && !workdays.contains($0)
        }) {
            throw CalendarError.badFile(
                path: source,
                problem: "\"names\" names \(date), which is in neither \"holidays\" nor "
                    + "\"workdays\" of this file",
                fix: "Add \(date) to one of the lists, or correct the date in \"names\".")
        }
    }
}
