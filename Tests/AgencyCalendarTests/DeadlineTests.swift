import Foundation
import Testing
@testable import AgencyCalendar

@Suite("Deadlines")
struct DeadlineTests {
    let calendar = WorkCalendar.official

    @Test(arguments: [
        // 春节 2025: 01-25 Sat off, 01-26 Sun (1), 01-27 (2), 01-28..02-04 off, 02-05 (3);
        // the limit ends with 02-05, i.e. at 02-06 00:00.
        ("2025-01-24T15:00:00+08:00", "3wd", "2025-02-06T00:00:00+08:00"),
        // The Docs example: ... 02-05 (3), 02-06 (4), 02-07 (5); ends at 02-08 00:00.
        ("2025-01-24T08:30:00+08:00", "5wd", "2025-02-08T00:00:00+08:00"),
        // Late in the evening still counts from the next day: 02-05 (1).
        ("2025-01-27T23:59:00+08:00", "1wd", "2025-02-06T00:00:00+08:00"),
        // 2025-09-26 + 20 working days is 10-30 (see the addWorkdays cases): ends 10-31 00:00.
        ("2025-09-26T10:00:00+08:00", "20wd", "2025-10-31T00:00:00+08:00"),
        // 16:30Z on 09-30 is 00:30 on 10-01 in Shanghai: the local date decides, so the
        // first working day after 10-01 is 10-09 and the limit ends at 10-10 00:00.
        ("2025-09-30T16:30:00Z", "1wd", "2025-10-10T00:00:00+08:00"),
        // 春节 2026: 02-14 Sat (1), 02-15..23 off, 02-24 Tue (2).
        ("2026-02-13T18:00:00+08:00", "2wd", "2026-02-25T00:00:00+08:00"),
        // 元旦 2026 from a Wednesday: 01-01..03 off, 01-04 Sun make-up (1).
        ("2025-12-31T09:00:00+08:00", "1wd", "2026-01-05T00:00:00+08:00"),
        // Hours and days ignore holidays.
        ("2025-09-30T09:00:00+08:00", "3h", "2025-09-30T12:00:00+08:00"),
        ("2025-09-30T22:00:00+08:00", "5h", "2025-10-01T03:00:00+08:00"),
        ("2025-09-30T09:00:00+08:00", "2d", "2025-10-02T09:00:00+08:00"),
        ("2024-02-28T09:00:00+08:00", "1d", "2024-02-29T09:00:00+08:00"),
    ])
    func inShanghai(_ start: String, _ duration: String, _ expected: String) throws {
        let limit = try WorkDuration(parsing: duration)
        #expect(try calendar.deadline(from: instant(start), adding: limit, timeZone: shanghai)
            == instant(expected))
    }

    @Test(arguments: [
        // The moment exactly n working days remain. Before the 春节 deadline above the
        // last ones are 02-05, 01-27 and 01-26 (Sun, make-up): 3 remain once 01-24 ends,
        // 1 once 01-27 ends.
        ("2025-02-06T00:00:00+08:00", "3wd", "2025-01-25T00:00:00+08:00"),
        ("2025-02-06T00:00:00+08:00", "1wd", "2025-01-28T00:00:00+08:00"),
        // Across National Day: only 10-09 remains from 10-01 on; 10-09 and 09-30 from 09-30.
        ("2025-10-10T00:00:00+08:00", "1wd", "2025-10-01T00:00:00+08:00"),
        ("2025-10-10T00:00:00+08:00", "2wd", "2025-09-30T00:00:00+08:00"),
        ("2025-10-02T09:00:00+08:00", "2d", "2025-09-30T09:00:00+08:00"),
        ("2025-09-30T12:00:00+08:00", "3h", "2025-09-30T09:00:00+08:00"),
    ])
    func thresholdsCountBackFromTheDeadline(_ due: String, _ duration: String, _ expected: String) throws {
        let limit = try WorkDuration(parsing: duration)
        #expect(try calendar.moment(limit, before: instant(due), timeZone: shanghai) == instant(expected))
    }

    @Test func theZoneDecidesTheStartingDay() throws {
        // The same instant is 09-30 in UTC: 1 working day is then 10-09, ending 10-10 00:00Z.
        let start = instant("2025-09-30T16:30:00Z")
        #expect(try calendar.deadline(from: start, adding: .workdays(1), timeZone: utc)
            == instant("2025-10-10T00:00:00Z"))
    }

    @Test func defaultZoneIsChinaStandardTime() throws {
        #expect(WorkCalendar.defaultTimeZone.secondsFromGMT(for: instant("2025-07-01T00:00:00Z")) == 8 * 3_600)
        let start = instant("2025-01-24T15:00:00+08:00")
        #expect(try calendar.deadline(from: start, adding: .workdays(3))
            == instant("2025-02-06T00:00:00+08:00"))
    }

    @Test func zeroWorkdaysEndsWithTheNextWorkingDay() throws {
        // Not produced by the parser, but defined: 10-01 is off, so the day is 10-09.
        let start = instant("2025-10-01T10:00:00+08:00")
        #expect(try calendar.deadline(from: start, adding: .workdays(0), timeZone: shanghai)
            == instant("2025-10-10T00:00:00+08:00"))
    }

    @Test func workdaysBeyondCoverageThrowButHoursDoNot() throws {
        let start = instant("2026-12-31T10:00:00+08:00")
        #expect(throws: CalendarError.yearNotCovered(year: 2027)) {
            try WorkCalendar.officialStrict.deadline(from: start, adding: .workdays(1), timeZone: shanghai)
        }
        // The default calendar answers provisionally: 01-01 元旦, 01-04 Monday.
        #expect(try calendar.deadline(from: start, adding: .workdays(1), timeZone: shanghai)
            == instant("2027-01-05T00:00:00+08:00"))
        #expect(try calendar.deadline(from: start, adding: .days(1), timeZone: shanghai)
            == instant("2027-01-01T10:00:00+08:00"))
    }
}
