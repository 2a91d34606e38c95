import Foundation
import Testing
@testable import AgencyCalendar

@Suite("Years not covered")
struct CoverageTests {
    let calendar = WorkCalendar.officialStrict

    @Test func isWorkdayRefusesUncoveredYears() {
        #expect(throws: CalendarError.yearNotCovered(year: 2023)) {
            try calendar.isWorkday(day("2023-12-29"))
        }
        #expect(throws: CalendarError.yearNotCovered(year: 2027)) {
            try calendar.isWorkday(day("2027-01-04"))
        }
    }

    @Test func arithmeticRefusesToWalkOutOfCoverage() {
        // 2026-12-31 is a Thursday; the next day is in 2027.
        #expect(throws: CalendarError.yearNotCovered(year: 2027)) {
            try calendar.addWorkdays(1, to: day("2026-12-31"))
        }
        #expect(throws: CalendarError.yearNotCovered(year: 2027)) {
            try calendar.addWorkdays(300, to: day("2026-06-01"))
        }
        // Backwards from 2024-01-02: 01-01 is 元旦, then 2023.
        #expect(throws: CalendarError.yearNotCovered(year: 2023)) {
            try calendar.addWorkdays(-1, to: day("2024-01-02"))
        }
        #expect(throws: CalendarError.yearNotCovered(year: 2023)) {
            try calendar.countWorkdays(from: day("2023-12-01"), to: day("2024-01-31"))
        }
        #expect(throws: CalendarError.yearNotCovered(year: 2027)) {
            try calendar.holidays(in: 2027)
        }
        #expect(throws: CalendarError.yearNotCovered(year: 2023)) {
            try calendar.makeupWorkdays(in: 2023)
        }
        #expect(throws: CalendarError.yearNotCovered(year: 2023)) {
            try calendar.previousWorkday(onOrBefore: day("2024-01-01"))
        }
    }

    @Test func onlyTheDaysWalkedOverNeedCoverage() throws {
        // Counting starts the day after 2023-12-31, so the start's year does not matter.
        #expect(try calendar.addWorkdays(1, to: day("2023-12-31")) == day("2024-01-02"))
    }

    @Test func messageNamesTheYearAndTheRemedy() {
        let message = CalendarError.yearNotCovered(year: 2027).description
        #expect(message.contains("2027"))
        #expect(message.contains("calendar file"))
        #expect(message.contains("\"years\": [2027]"))
    }
}
