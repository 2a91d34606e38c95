import Foundation
import Testing
@testable import AgencyCalendar

/// The shared export of the chinese-calendar package, beside the repository:
/// <repo>/../shared/data/cn-calendar-2024-2026.json (CI lays shared/ beside the clone).
private let sharedDataFile: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // AgencyCalendarTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root
    .deletingLastPathComponent()  // the folder holding the clone and shared/
    .appendingPathComponent("shared/data/cn-calendar-2024-2026.json")

private struct SharedCalendarExport: Decodable {
    let holidays: [String]
    let workdays: [String]
}

@Suite("Official data")
struct OfficialDataTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedDataFile.path)))
    func embeddedDataMatchesSharedFile() throws {
        let export = try JSONDecoder().decode(
            SharedCalendarExport.self, from: Data(contentsOf: sharedDataFile))
        let official = CalendarLayer.official
        #expect(official.holidays.map(\.description).sorted() == export.holidays.sorted())
        #expect(official.workdays.map(\.description).sorted() == export.workdays.sorted())
        // And the resolved calendar agrees with the export on every day of every year.
        let holidays = Set(export.holidays)
        let workdays = Set(export.workdays)
        for date in day("2024-01-01")...day("2026-12-31") {
            let expected = workdays.contains(date.description)
                || (!holidays.contains(date.description) && !date.isWeekend)
            #expect(try WorkCalendar.official.isWorkday(date) == expected, "\(date)")
        }
    }

    @Test func embeddedDatesAreRealDaysInDeclaredYears() throws {
        let official = CalendarLayer.official
        #expect(official.years == [2024, 2025, 2026])
        for date in official.holidays.union(official.workdays) {
            #expect(CivilDate(date.description) == date, "\(date) is not a real day")
            #expect(official.years.contains(date.year))
        }
        // Passes every rule a local file must pass.
        try official.validate()
        _ = try WorkCalendar(layers: [])
    }

    @Test func makeupWorkdaysAreAllWeekendDays() {
        for date in CalendarLayer.official.workdays {
            #expect(date.isWeekend, "\(date) is a make-up day but not on a weekend")
        }
    }

    @Test func everyOfficialDayHasAFestivalName() {
        let official = CalendarLayer.official
        let festivals: Set<String> = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "国庆节、中秋节"]
        for date in official.holidays.union(official.workdays) {
            let name = official.names[date]
            #expect(name.map(festivals.contains) == true, "\(date) has name \(String(describing: name))")
        }
    }

    @Test func yearTotals() throws {
        // Well-known totals: 2024 had 251 working days, 2025 and 2026 have 248.
        let calendar = WorkCalendar.official
        #expect(try calendar.countWorkdays(from: day("2024-01-01"), to: day("2024-12-31")) == 251)
        #expect(try calendar.countWorkdays(from: day("2025-01-01"), to: day("2025-12-31")) == 248)
        #expect(try calendar.countWorkdays(from: day("2026-01-01"), to: day("2026-12-31")) == 248)
    }

    @Test func listingsForCalendarShow() throws {
        let calendar = WorkCalendar.official
        let holidays2025 = try calendar.holidays(in: 2025)
        #expect(holidays2025.count == 28)
        #expect(holidays2025.first == NamedDate(date: day("2025-01-01"), name: "元旦"))
        #expect(holidays2025.last == NamedDate(date: day("2025-10-08"), name: "国庆节、中秋节"))
        #expect(holidays2025.map(\.date) == holidays2025.map(\.date).sorted())
        #expect(try calendar.makeupWorkdays(in: 2025).map(\.description) == [
            "2025-01-26 春节", "2025-02-08 春节", "2025-04-27 劳动节",
            "2025-09-28 国庆节、中秋节", "2025-10-11 国庆节、中秋节",
        ])
        #expect(try calendar.holidays(in: 2026).count == 33)
        #expect(try calendar.makeupWorkdays(in: 2024).count == 8)
        #expect(calendar.name(of: day("2026-09-26")) == "中秋节")
        #expect(calendar.name(of: day("2026-09-28")) == nil)
        #expect(calendar.coveredYears == [2024, 2025, 2026])
    }
}
