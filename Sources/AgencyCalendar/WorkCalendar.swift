import Foundation

/// Which days are working days, for the years some layer covers.
///
/// A calendar is a stack of `CalendarLayer`s, the built-in official data first, then any
/// local layers in the order given. A day is a working day when:
/// 1. its year is covered (declared in `years` by some layer), otherwise every question
///    about it throws `CalendarError.yearNotCovered`, never a guess;
/// 2. if layers list the day, the last layer that lists it decides: in `holidays` it is
///    off, in `workdays` it is worked;
/// 3. otherwise Monday to Friday are worked, Saturday and Sunday are off.
///
/// The value is immutable and `Sendable`; build it once and share it.
public struct WorkCalendar: Sendable {
    /// The layers, official first, in the order they were applied.
    public let layers: [CalendarLayer]
    /// The covered years, ascending.
    public let coveredYears: [Int]
    /// What to do for a year no layer declares.
    public let policy: Policy

    /// How a calendar answers for a year that no official or local layer declares.
    public enum Policy: String, Sendable, Equatable {
        /// From the statutory holidays (`StatutoryHolidays`), marked provisional: the
        /// default, so a zone's work never stops at the end of the official data.
        case provisional
        /// Not at all: `CalendarError.yearNotCovered`, until a layer declares the year.
        case strict
    }

    /// What the layers decided about one listed day.
    struct ListedDay: Sendable, Equatable {
        var isWorkday: Bool
        var name: String?
    }

    let coveredYearSet: Set<Int>
    let listedDays: [CivilDate: ListedDay]

    /// The official calendar alone: China's public holidays and make-up days for
    /// 2024-2026, provisional after that.
    public static let official = WorkCalendar(checkedLayers: [CalendarLayer.official], policy: .provisional)

    /// The official calendar alone, refusing every year it does not declare.
    public static let officialStrict = WorkCalendar(checkedLayers: [CalendarLayer.official], policy: .strict)

    /// The time zone the product counts days in unless told otherwise: Asia/Shanghai.
    /// Falls back to a fixed UTC+08:00 if the system has no zone database; that is exact,
    /// as China has not used daylight saving time since 1991.
    public static let defaultTimeZone: TimeZone =
        TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3_600) ?? .current

    /// The official layer followed by `layers` (later wins). Throws
    /// `CalendarError.badFile` naming the layer's source if a layer breaks a rule of
    /// `CalendarLayer`, or lists a date in a year that neither it nor an earlier layer covers.
    public init(layers: [CalendarLayer], policy: Policy = .provisional) throws {
        try self.init(allLayers: [CalendarLayer.official] + layers, policy: policy)
    }

    /// Exactly `all`, bottom first, with no built-in layer added: a calendar version kept
    /// in a store (whose official layer is the one of the binary that recorded it), so a
    /// newer binary's embedded data never changes how an old decision replays. Checked
    /// like `init(layers:policy:)`.
    public init(allLayers all: [CalendarLayer], policy: Policy) throws {
        var covered: Set<Int> = []
        for layer in all {
            try layer.validate()
            covered.formUnion(layer.years)
            // A day of a year answered provisionally may be listed too: a notice's 元旦 that
            // begins on 31 December of a year whose own notice is not imported yet.
            let uncovered = layer.holidays.union(layer.workdays)
                .filter { !covered.contains($0.year)
                    && !(policy == .provisional && StatutoryHolidays.years.contains($0.year)) }.sorted()
            if let date = uncovered.first {
                throw CalendarError.badFile(
                    path: layer.source,
                    problem: "\(date) is in \(date.year), which neither this file's \"years\" "
                        + "nor an earlier calendar covers",
                    fix: "Add \(date.year) to \"years\" if this file is the complete calendar "
                        + "for \(date.year) (weekends off unless listed), or remove the date.")
            }
        }
        self.init(checkedLayers: all, policy: policy)
    }

    /// Reads the local calendar files in order and stacks them on the official data.
    /// Errors name the file.
    public static func load(files: [URL], policy: Policy = .provisional) throws -> WorkCalendar {
        try WorkCalendar(layers: files.map { try CalendarLayer.load(contentsOf: $0) }, policy: policy)
    }

    /// Applies layers already known to be valid (the embedded data, or `init(layers:)`
    /// after its checks), which is why the official calendar can be a non-throwing constant.
    init(checkedLayers: [CalendarLayer], policy: Policy) {
        var covered: Set<Int> = []
        var listed: [CivilDate: ListedDay] = [:]
        for layer in checkedLayers {
            covered.formUnion(layer.years)
            for (days, isWorkday) in [(layer.holidays, false), (layer.workdays, true)] {
                for day in days {
                    // A name describes the day's status: keep an earlier name only if this
                    // layer confirms the same status without naming the day itself.
                    let earlier = listed[day]
                    let kept = earlier?.isWorkday == isWorkday ? earlier?.name : nil
                    listed[day] = ListedDay(isWorkday: isWorkday, name: layer.names[day] ?? kept)
                }
            }
        }
        self.layers = checkedLayers
        self.policy = policy
        self.coveredYearSet = covered
        self.coveredYears = covered.sorted()
        self.listedDays = listed
    }

    /// Whether the calendar covers `year`.
    public func covers(_ year: Int) -> Bool {
        coveredYearSet.contains(year)
    }

    /// Whether the calendar answers for `year` at all, declared or provisionally.
    public func answers(for year: Int) -> Bool {
        covers(year) || isProvisional(year)
    }

    /// Whether the calendar answers for `year` provisionally: no layer declares it, the
    /// policy is `.provisional` and the statutory rule applies to the year.
    public func isProvisional(_ year: Int) -> Bool {
        policy == .provisional && !covers(year) && StatutoryHolidays.years.contains(year)
    }

    /// The provisional years among those of `start...end`, ascending; empty when the
    /// span lies in declared years (or is empty). An answer computed by walking the days
    /// of that span is provisional exactly when this is not empty.
    public func provisionalYears(from start: CivilDate, through end: CivilDate) -> [Int] {
        let (low, high) = start <= end ? (start.year, end.year) : (end.year, start.year)
        return (low...high).filter(isProvisional)
    }

    /// The last day of the last declared year (2026-12-31 with the built-in data alone),
    /// after which answers become provisional; nil if no layer declares a year.
    public var lastDeclaredDay: CivilDate? {
        coveredYears.last.map { CivilDate(unchecked: $0, 12, 31) }
    }

    /// Whether `date` is a working day: weekends off, listed holidays off, listed make-up
    /// days worked; in a provisional year, the statutory holidays off. Throws
    /// `CalendarError.yearNotCovered` for a year the calendar does not answer for.
    public func isWorkday(_ date: CivilDate) throws -> Bool {
        if covers(date.year) { return listedDays[date]?.isWorkday ?? !date.isWeekend }
        guard isProvisional(date.year), let statutory = StatutoryHolidays.days(in: date.year) else {
            throw CalendarError.yearNotCovered(year: date.year)
        }
        if let listed = listedDays[date] { return listed.isWorkday }
        return statutory[date] == nil && !date.isWeekend
    }

    /// The name of a listed day, e.g. 春节 for 2025-01-29 or for the make-up day
    /// 2025-01-26 (in a provisional year, the statutory holiday's name); `nil` for
    /// ordinary days and unnamed listed days.
    public func name(of date: CivilDate) -> String? {
        if covers(date.year) { return listedDays[date]?.name }
        guard isProvisional(date.year) else { return nil }
        return listedDays[date]?.name ?? StatutoryHolidays.days(in: date.year)?[date]
    }
}
