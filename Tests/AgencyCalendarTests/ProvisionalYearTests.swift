import Foundation
import Testing
@testable import AgencyCalendar

/// Provisional years: the statutory holidays, computed from astronomy, for years no layer
/// declares.
@Suite struct ProvisionalYearTests {
    /// The independent table beside this file: lunar festivals from the Hong Kong
    /// Observatory's table (Python lunardate), 清明 from PyEphem.
    static let reference: [(year: Int, dates: [CivilDate])] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("festival-dates.txt")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: " ").map(String.init)
            return (Int(fields[0]) ?? 0, fields.dropFirst().map { day($0) })
        }
    }()

    @Test func publishedFestivalDates2024To2030() throws {
        // Checked by hand against the published calendars of those years.
        let published: [Int: (String, String, String, String)] = [
            2024: ("2024-02-10", "2024-06-10", "2024-09-17", "2024-04-04"),
            2025: ("2025-01-29", "2025-05-31", "2025-10-06", "2025-04-04"),
            2026: ("2026-02-17", "2026-06-19", "2026-09-25", "2026-04-05"),
            2027: ("2027-02-06", "2027-06-09", "2027-09-15", "2027-04-05"),
            2028: ("2028-01-26", "2028-05-28", "2028-10-03", "2028-04-04"),
            2029: ("2029-02-13", "2029-06-16", "2029-09-22", "2029-04-04"),
            2030: ("2030-02-03", "2030-06-05", "2030-09-12", "2030-04-05"),
        ]
        for (year, dates) in published {
            let festivals = try #require(ChineseCalendar.festivals(year))
            #expect(festivals.springFestival == day(dates.0), "\(year) 春节")
            #expect(festivals.dragonBoat == day(dates.1), "\(year) 端午")
            #expect(festivals.midAutumn == day(dates.2), "\(year) 中秋")
            #expect(festivals.qingming == day(dates.3), "\(year) 清明")
        }
    }

    @Test func festivalsAgreeWithIndependentTableTo2099() throws {
        #expect(Self.reference.count == 76)
        for (year, dates) in Self.reference {
            let festivals = try #require(ChineseCalendar.festivals(year))
            #expect([festivals.springFestival, festivals.dragonBoat, festivals.midAutumn,
                     festivals.qingming] == dates, "\(year)")
        }
    }

    @Test func leapMonthElevenOf2033DoesNotMoveSpringFestival2034() throws {
        // 2033 has a leap eleventh month (the "2033 problem"): 春节 2034 is 02-19.
        #expect(ChineseCalendar.festivals(2034)?.springFestival == day("2034-02-19"))
    }

    @Test func statutoryRuleGivesThirteenDays() throws {
        let days = try #require(StatutoryHolidays.days(in: 2027))
        #expect(days.count == 13)
        #expect(days[day("2027-01-01")] == "元旦")
        // 除夕 2027-02-05 and 初一 to 初三.
        for date in ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"] {
            #expect(days[day(date)] == "春节", "\(date)")
        }
        #expect(days[day("2027-04-05")] == "清明节")
        #expect(days[day("2027-05-01")] == "劳动节" && days[day("2027-05-02")] == "劳动节")
        #expect(days[day("2027-06-09")] == "端午节")
        #expect(days[day("2027-09-15")] == "中秋节")
        #expect(days[day("2027-10-03")] == "国庆节")
        #expect(StatutoryHolidays.days(in: 2024) == nil, "the 2024 revision applies from 2025")
    }

    @Test func midAutumnOnNationalDayCarriesBothNames() throws {
        // 2028: 中秋 is 10-03.
        #expect(StatutoryHolidays.days(in: 2028)?[day("2028-10-03")] == "国庆节、中秋节")
        #expect(StatutoryHolidays.days(in: 2028)?.count == 12)
    }

    @Test func provisionalYearAnswersWithoutMakeupDays() throws {
        let calendar = WorkCalendar.official
        #expect(calendar.isProvisional(2027))
        #expect(!calendar.isProvisional(2026))
        #expect(try calendar.isWorkday(day("2027-01-04")))
        #expect(try !calendar.isWorkday(day("2027-02-08")), "正月初三, a Monday")
        #expect(try !calendar.isWorkday(day("2027-02-13")), "a Saturday stays a weekend: no 调休 guessed")
        #expect(calendar.name(of: day("2027-02-05")) == "春节")
        #expect(try calendar.makeupWorkdays(in: 2027).isEmpty)
        #expect(try calendar.holidays(in: 2027).count == 13)
        // 2027: 365 days, 104 weekend days, 13 statutory days of which 6 fall on a weekend
        // (02-06, 02-07, 05-01, 05-02, 10-02, 10-03).
        #expect(try calendar.countWorkdays(from: day("2027-01-01"), to: day("2027-12-31")) == 254)
    }

    @Test func answersThroughProvisionalDaysSayWhichYears() throws {
        let calendar = WorkCalendar.official
        let start = day("2026-12-28")
        let result = try calendar.addWorkdays(5, to: start)
        #expect(result == day("2027-01-05"), "12-29..31, 01-01 off, 01-04, 01-05")
        #expect(calendar.provisionalYears(from: start, through: result) == [2027])
        #expect(calendar.provisionalYears(from: day("2026-01-01"), through: day("2026-12-31")).isEmpty)
        #expect(calendar.provisionalYears(from: day("2026-06-01"), through: day("2029-01-02")) == [2027, 2028, 2029])
        #expect(calendar.lastDeclaredDay == day("2026-12-31"))
    }

    @Test func strictCalendarRefusesAsBefore() {
        let message = calendarErrorMessage {
            _ = try WorkCalendar.officialStrict.addWorkdays(5, to: day("2026-12-28"))
        }
        #expect(message?.contains("strict") == true, "\(message ?? "")")
        #expect(message?.contains("agency calendar import") == true)
    }

    @Test func yearsBeyondTheRuleAreNotAnswered() {
        #expect(throws: CalendarError.yearNotCovered(year: 2151)) {
            try WorkCalendar.official.isWorkday(day("2151-01-02"))
        }
        #expect(throws: CalendarError.yearNotCovered(year: 2023)) {
            try WorkCalendar.official.isWorkday(day("2023-01-02"))
        }
    }

    @Test func aDeclaringLayerEndsTheProvisionalAnswer() throws {
        let layer = CalendarLayer(name: "2027", years: [2027], holidays: [day("2027-02-09")],
                                  workdays: [day("2027-02-13")])
        let calendar = try WorkCalendar(layers: [layer])
        #expect(!calendar.isProvisional(2027))
        #expect(try calendar.isWorkday(day("2027-02-13")))
        #expect(try calendar.isWorkday(day("2027-02-08")), "the layer, not the rule, decides now")
    }
}
