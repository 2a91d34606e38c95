/// China's official public holidays and make-up working days (调休), embedded so that the
/// `agency` binary needs no data file at run time.
///
/// Source: the State Council General Office notices on holiday arrangements
/// (国务院办公厅关于……部分节假日安排的通知) for 2024, 2025 and 2026, as encoded in the
/// `chinese-calendar` Python package 1.11.0 and checked against the notices. The test
/// `embeddedDataMatchesSharedFile` compares every date here with that package's export
/// (`shared/data/cn-calendar-2024-2026.json`).
///
/// Each entry follows a notice's wording: a festival, its first day off, how many days off
/// in a row ("共N天", weekend days inside the period included) and the weekend days worked
/// to make up for it ("……上班"). Days off that the notice only mentions as "与周末连休"
/// (joined to an ordinary weekend) are ordinary weekends and are not listed.
enum OfficialCalendarData {
    /// The label used as the layer's source in messages.
    static let source = "built-in official calendar (State Council notices 2024-2026)"

    static let periodsByYear: [Int: [HolidayPeriod]] = [
        2024: [
            HolidayPeriod("元旦", from: d(2024, 1, 1), days: 1),
            HolidayPeriod("春节", from: d(2024, 2, 10), days: 8, worked: [d(2024, 2, 4), d(2024, 2, 18)]),
            HolidayPeriod("清明节", from: d(2024, 4, 4), days: 3, worked: [d(2024, 4, 7)]),
            HolidayPeriod("劳动节", from: d(2024, 5, 1), days: 5, worked: [d(2024, 4, 28), d(2024, 5, 11)]),
            HolidayPeriod("端午节", from: d(2024, 6, 10), days: 1),
            HolidayPeriod("中秋节", from: d(2024, 9, 15), days: 3, worked: [d(2024, 9, 14)]),
            HolidayPeriod("国庆节", from: d(2024, 10, 1), days: 7, worked: [d(2024, 9, 29), d(2024, 10, 12)]),
        ],
        2025: [
            HolidayPeriod("元旦", from: d(2025, 1, 1), days: 1),
            HolidayPeriod("春节", from: d(2025, 1, 28), days: 8, worked: [d(2025, 1, 26), d(2025, 2, 8)]),
            HolidayPeriod("清明节", from: d(2025, 4, 4), days: 3),
            HolidayPeriod("劳动节", from: d(2025, 5, 1), days: 5, worked: [d(2025, 4, 27)]),
            HolidayPeriod("端午节", from: d(2025, 5, 31), days: 3),
            // In 2025 Mid-Autumn (10-06) falls inside the National Day week: one period.
            HolidayPeriod("国庆节、中秋节", from: d(2025, 10, 1), days: 8, worked: [d(2025, 9, 28), d(2025, 10, 11)]),
        ],
        2026: [
            HolidayPeriod("元旦", from: d(2026, 1, 1), days: 3, worked: [d(2026, 1, 4)]),
            HolidayPeriod("春节", from: d(2026, 2, 15), days: 9, worked: [d(2026, 2, 14), d(2026, 2, 28)]),
            HolidayPeriod("清明节", from: d(2026, 4, 4), days: 3),
            HolidayPeriod("劳动节", from: d(2026, 5, 1), days: 5, worked: [d(2026, 5, 9)]),
            HolidayPeriod("端午节", from: d(2026, 6, 19), days: 3),
            HolidayPeriod("中秋节", from: d(2026, 9, 25), days: 3),
            HolidayPeriod("国庆节", from: d(2026, 10, 1), days: 7, worked: [d(2026, 9, 20), d(2026, 10, 10)]),
        ],
    ]

    /// The whole table as the bottom layer of every `WorkCalendar`.
    static let layer: CalendarLayer = {
        var holidays: Set<CivilDate> = []
        var workdays: Set<CivilDate> = []
        var names: [CivilDate: String] = [:]
        for period in periodsByYear.values.joined() {
            for offset in 0..<period.days {
                let day = period.firstDay.adding(days: offset)
                holidays.insert(day)
                names[day] = period.name
            }
            for day in period.worked {
                workdays.insert(day)
                names[day] = period.name
            }
        }
        return CalendarLayer(
            name: "中国法定节假日 2024-2026", source: source, years: Set(periodsByYear.keys),
            holidays: holidays, workdays: workdays, names: names)
    }()

    /// Shorthand for the table; the test suite checks every date is a real day.
    private static func d(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        CivilDate(unchecked: year, month, day)
    }
}

/// One holiday period from a notice.
struct HolidayPeriod: Sendable {
    let name: String
    let firstDay: CivilDate
    let days: Int
    let worked: [CivilDate]

    init(_ name: String, from firstDay: CivilDate, days: Int, worked: [CivilDate] = []) {
        self.name = name
        self.firstDay = firstDay
        self.days = days
        self.worked = worked
    }
}

extension CalendarLayer {
    /// The built-in official layer: China's public holidays and make-up working days for
    /// the years it declares (2024, 2025, 2026), with festival names.
    public static var official: CalendarLayer { OfficialCalendarData.layer }
}
