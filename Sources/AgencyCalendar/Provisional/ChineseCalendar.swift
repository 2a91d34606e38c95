/// The dates of the Chinese traditional calendar (农历) that China's statutory holidays
/// depend on, computed from astronomy rather than typed in, for the years a provisional
/// calendar is asked about.
///
/// The rules are those of the national standard GB/T 33661-2017 《农历的编算和颁行》:
/// - days are counted in Beijing time (UTC+8);
/// - a lunar month begins on the day of a new moon;
/// - the month that contains the winter solstice (冬至) is the 11th month;
/// - when 13 new moons begin months between one 11th month and the next, the first of
///   them that contains no principal solar term (中气: the sun at a multiple of 30°)
///   is a leap month and repeats the previous month's number;
/// - 清明 is the day the sun's apparent longitude reaches 15°.
///
/// Accuracy is that of `Astronomy`: the answers agree with the published calendar for
/// every year the tests check (2024-2030 by hand, and the spring festival, dragon boat,
/// mid-autumn and 清明 dates to 2060 against an independent table), and could be a day off
/// only when a new moon or a solar term falls within minutes of midnight.
public enum ChineseCalendar {
    /// The years these computations are offered for. Outside them the time-scale
    /// polynomials are extrapolations, and a calendar does not answer provisionally.
    public static let supportedYears: ClosedRange<Int> = 1901...2150

    /// Beijing time, in hours east of Greenwich.
    static let beijing = 8.0

    /// The dates one Gregorian year's statutory holidays need.
    public struct Festivals: Sendable, Equatable {
        /// 正月初一, the first day of the lunar year (春节).
        public var springFestival: CivilDate
        /// 五月初五 (端午节).
        public var dragonBoat: CivilDate
        /// 八月十五 (中秋节).
        public var midAutumn: CivilDate
        /// 清明, the solar term at 15°.
        public var qingming: CivilDate

        /// 除夕, the last day of the previous lunar year.
        public var newYearsEve: CivilDate { springFestival.adding(days: -1) }
    }

    /// The festivals of Gregorian `year`, or nil outside `supportedYears`.
    public static func festivals(_ year: Int) -> Festivals? {
        guard supportedYears.contains(year) else { return nil }
        let months = lunarMonths(from: winterSolstice(year - 1), to: winterSolstice(year))
        func start(of number: Int) -> CivilDate {
            // Every sui has one ordinary month of each number; the leap flag tells it apart.
            months.first { $0.number == number && !$0.isLeap }?.firstDay ?? months[0].firstDay
        }
        return Festivals(
            springFestival: start(of: 1),
            dragonBoat: start(of: 5).adding(days: 4),
            midAutumn: start(of: 8).adding(days: 14),
            qingming: Astronomy.civilDate(solarTermInstant(15, year: year), offsetHours: beijing))
    }

    // MARK: Months

    /// One lunar month: its number (1-12), whether it is a leap month, its first day.
    struct LunarMonth: Equatable {
        var number: Int
        var isLeap: Bool
        var firstDay: CivilDate
    }

    /// The months from the 11th month containing `firstSolstice` up to (excluding) the
    /// one containing `nextSolstice`, numbered by the leap-month rule.
    static func lunarMonths(from firstSolstice: Double, to nextSolstice: Double) -> [LunarMonth] {
        let firstDay = Astronomy.civilDate(firstSolstice, offsetHours: beijing)
        let lastDay = Astronomy.civilDate(nextSolstice, offsetHours: beijing)
        let first = lunationStarting(onOrBefore: firstDay)
        let next = lunationStarting(onOrBefore: lastDay)
        let starts = (first...next).map { Astronomy.civilDate(Astronomy.newMoon($0), offsetHours: beijing) }
        let hasLeap = next - first == 13
        var months: [LunarMonth] = []
        var number = 11
        var leapFound = false
        for index in 0..<(next - first) {
            var isLeap = false
            if hasLeap, !leapFound, index > 0,
               !containsPrincipalTerm(from: starts[index], before: starts[index + 1]) {
                isLeap = true
                leapFound = true
            }
            if index > 0 && !isLeap { number = number % 12 + 1 }
            months.append(LunarMonth(number: number, isLeap: isLeap, firstDay: starts[index]))
        }
        return months
    }

    /// The lunation whose new moon falls on `day` (Beijing) or the latest before it.
    static func lunationStarting(onOrBefore day: CivilDate) -> Int {
        let endOfDay = Astronomy.startOfDay(day.adding(days: 1), offsetHours: beijing)
        return Astronomy.lunation(atOrBefore: endOfDay - 1e-9)
    }

    /// Whether a principal term (the sun at a multiple of 30°) falls on a day in
    /// `start..<end` (Beijing dates).
    static func containsPrincipalTerm(from start: CivilDate, before end: CivilDate) -> Bool {
        let startJDE = Astronomy.startOfDay(start, offsetHours: beijing)
        let longitude = Astronomy.solarLongitude(startJDE)
        let target = Astronomy.normalized((longitude / 30).rounded(.down) * 30 + 30)
        let estimate = startJDE + Astronomy.normalized(target - longitude) * 365.2422 / 360
        let term = Astronomy.solarTerm(longitude: target, near: estimate)
        return Astronomy.civilDate(term, offsetHours: beijing) < end
    }

    // MARK: Solar terms

    /// The winter solstice (270°) of Gregorian `year`, in December.
    static func winterSolstice(_ year: Int) -> Double {
        solarTermInstant(270, year: year)
    }

    /// The instant the sun reaches `longitude` degrees in Gregorian `year`, counting the
    /// year of the vernal equinox (0°) as the start: 0°-270° fall from March to December,
    /// 285°-345° in January and February.
    static func solarTermInstant(_ longitude: Double, year: Int) -> Double {
        let march20 = Astronomy.startOfDay(CivilDate(unchecked: year, 3, 20), offsetHours: 0)
        let offset = longitude < 280 ? longitude : longitude - 360
        return Astronomy.solarTerm(longitude: longitude, near: march20 + offset * 365.2422 / 360)
    }
}
