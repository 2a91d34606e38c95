import Synchronization

/// The public holidays China's law fixes for every year, before the State Council
/// publishes how they are arranged: the provisional calendar of a year no layer declares.
///
/// 《全国年节及纪念日放假办法》 as revised in 2024 (in force from 2025-01-01) gives all
/// citizens 13 days: 元旦 1 (1 January), 春节 4 (除夕 and 正月初一 to 初三), 清明节 1,
/// 劳动节 2 (1-2 May), 端午节 1, 中秋节 1, 国庆节 3 (1-3 October). The lunar dates and
/// 清明 come from `ChineseCalendar`.
///
/// What the law does not fix is left alone: no make-up working day (调休) is guessed, and
/// a holiday that falls on a weekend is not moved, because only the State Council's
/// notice decides those. A provisional year therefore has ordinary weekends plus these
/// days; its answers are marked provisional until a layer declares the year.
public enum StatutoryHolidays {
    /// The years the rule is applied to: from the revision's first year to the end of
    /// the range where the Chinese calendar is computed.
    public static let years: ClosedRange<Int> = 2025...ChineseCalendar.supportedYears.upperBound

    /// Names this rule and its computation. Calendar versions include it, so a build that
    /// changes the rule (a new law, a corrected algorithm) gives every provisional calendar
    /// a new version, and the next sweep re-plans what it answers differently.
    public static let ruleVersion = "全国年节及纪念日放假办法-2024/GB-T-33661-2017/Meeus-1"

    /// The statutory days off of `year` with their festival names, or nil outside `years`.
    public static func days(in year: Int) -> [CivilDate: String]? {
        guard years.contains(year) else { return nil }
        if let cached = cache.withLock({ $0[year] }) { return cached }
        guard let festivals = ChineseCalendar.festivals(year) else { return nil }
        var days: [CivilDate: String] = [:]
        func add(_ name: String, _ first: CivilDate, count: Int = 1) {
            for offset in 0..<count {
                let day = first.adding(days: offset)
                // 中秋 can fall on 1-3 October; the day then carries both names.
                days[day] = days[day].map { "\($0)、\(name)" } ?? name
            }
        }
        add("元旦", CivilDate(unchecked: year, 1, 1))
        add("春节", festivals.newYearsEve, count: 4)
        add("清明节", festivals.qingming)
        add("劳动节", CivilDate(unchecked: year, 5, 1), count: 2)
        add("端午节", festivals.dragonBoat)
        add("国庆节", CivilDate(unchecked: year, 10, 1), count: 3)
        add("中秋节", festivals.midAutumn)
        cache.withLock { $0[year] = days }
        return days
    }

    /// Computing a year costs a few hundred trigonometric series; working-day walks ask
    /// about every day, so each year is computed once per process.
    private static let cache = Mutex<[Int: [CivilDate: String]]>([:])
}
