import Foundation
import Testing
@testable import AgencyCalendar

@Suite("CivilDate")
struct CivilDateTests {
    @Test(arguments: ["2024-02-29", "2025-12-31", "0001-01-01", "9999-12-31", "2026-10-07"])
    func parsesValidDates(_ text: String) throws {
        let date = try #require(CivilDate(text))
        #expect(date.description == text)
    }

    @Test(arguments: [
        "2025-02-30", "2025-02-29", "2100-02-29", "2025-13-01", "2025-00-10", "2025-04-31",
        "0000-01-01", "2025-2-3", "25-02-03", "2025/02/03", "2025-02-03T00:00",
        " 2025-02-03", "2025-02-03 ", "", "２０２５-02-03", "+025-02-03", "2025-0a-03",
    ])
    func refusesInvalidDates(_ text: String) {
        #expect(CivilDate(text) == nil)
        #expect(throws: CalendarError.invalidDate(text)) { try CivilDate.parse(text) }
    }

    @Test func componentInitValidates() {
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2025, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)  // divisible by 400
        #expect(CivilDate(year: 2025, month: 6, day: 31) == nil)
        #expect(CivilDate(year: 10_000, month: 1, day: 1) == nil)
    }

    @Test(arguments: [
        ("1970-01-01", 4),  // the epoch was a Thursday
        ("2000-03-01", 3),
        ("2024-02-04", 7),  // make-up Sunday
        ("2024-05-11", 6),  // make-up Saturday
        ("2025-09-26", 5),
        ("2025-10-01", 3),
        ("2026-02-23", 1),
        ("1969-12-31", 3),  // before the epoch: floor arithmetic
    ])
    func weekdays(_ text: String, _ weekday: Int) {
        #expect(day(text).weekday == weekday)
    }

    @Test func arithmeticAcrossMonthsYearsAndLeapDays() {
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(day("2025-02-28").adding(days: 1) == day("2025-03-01"))
        #expect(day("2025-12-31").adding(days: 1) == day("2026-01-01"))
        #expect(day("2026-01-01").adding(days: -1) == day("2025-12-31"))
        #expect(day("2024-01-01").adding(days: 366) == day("2025-01-01"))
        #expect(day("2026-12-31").daysSince(day("2024-01-01")) == 366 + 365 + 364)
        #expect(day("2024-01-01").daysSince(day("2024-01-02")) == -1)
        #expect(Array(day("2025-12-30")...day("2026-01-02")).map(\.description)
            == ["2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"])
    }

    @Test func dayNumbersRoundTripOverFourCenturies() {
        // Every day from 1900 to 2300 survives a trip through the day number, and
        // consecutive day numbers are consecutive valid dates.
        var previous = day("1899-12-31")
        var failures: [String] = []
        for number in previous.dayNumber + 1 ... day("2300-12-31").dayNumber {
            let date = CivilDate(dayNumber: number)
            if date.dayNumber != number || CivilDate(date.description) != date || date <= previous {
                failures.append(date.description)
            }
            previous = date
        }
        #expect(failures.isEmpty)
        #expect(previous == day("2300-12-31"))
    }

    @Test func yearsOutsideFourDigitsStillPrint() {
        // Only arithmetic reaches them; parsing refuses them.
        #expect(day("0001-01-01").adding(days: -1).description == "0000-12-31")
        #expect(day("0001-01-01").adding(days: -367).description == "-0001-12-31")
        #expect(day("9999-12-31").adding(days: 1).description == "10000-01-01")
    }

    @Test func ordering() {
        #expect(day("2025-01-31") < day("2025-02-01"))
        #expect(day("2024-12-31") < day("2025-01-01"))
        #expect(!(day("2025-01-01") < day("2025-01-01")))
        #expect([day("2026-01-01"), day("2024-06-10"), day("2025-05-31")].sorted()
            == [day("2024-06-10"), day("2025-05-31"), day("2026-01-01")])
    }

    @Test func dateConversionIsPerZone() {
        // 2025-09-30T16:30Z is already 10-01 00:30 in Shanghai.
        let moment = instant("2025-09-30T16:30:00Z")
        #expect(CivilDate(moment, in: shanghai) == day("2025-10-01"))
        #expect(CivilDate(moment, in: utc) == day("2025-09-30"))
        #expect(day("2025-02-06").startOfDay(in: shanghai) == instant("2025-02-05T16:00:00Z"))
        #expect(day("2025-02-06").startOfDay(in: utc) == instant("2025-02-06T00:00:00Z"))
        // Before the epoch too.
        #expect(CivilDate(instant("1969-12-31T23:59:59Z"), in: utc) == day("1969-12-31"))
    }

    @Test(.enabled(if: TimeZone(identifier: "America/New_York") != nil))
    func startOfDayOnDaylightSavingChange() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        // Clocks went forward at 02:00 on 2025-03-09; midnight still existed (EST, -05:00).
        #expect(day("2025-03-09").startOfDay(in: newYork) == instant("2025-03-09T05:00:00Z"))
        #expect(day("2025-03-10").startOfDay(in: newYork) == instant("2025-03-10T04:00:00Z"))
        #expect(CivilDate(instant("2025-03-10T03:59:00Z"), in: newYork) == day("2025-03-09"))
    }

    @Test func codableAsIsoString() throws {
        let data = try JSONEncoder().encode([day("2025-10-08")])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2025-10-08\"]")
        #expect(try JSONDecoder().decode([CivilDate].self, from: data) == [day("2025-10-08")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CivilDate].self, from: Data("[\"2025-02-30\"]".utf8))
        }
    }
}
