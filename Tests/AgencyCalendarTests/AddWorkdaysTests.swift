import Testing
@testable import AgencyCalendar

/// One hand-checked case: `n` working days after `start` is `expected`.
struct AddCase: Sendable, CustomTestStringConvertible {
    let n: Int
    let start: String
    let expected: String
    let why: String
    init(_ n: Int, after start: String, is expected: String, _ why: String) {
        self.n = n
        self.start = start
        self.expected = expected
        self.why = why
    }
    var testDescription: String { "\(n) wd after \(start) = \(expected)" }
}

/// Each case was worked out by hand from the official notices (and the shared export);
/// `why` walks the days, counting starts the day after `start`.
let addCases: [AddCase] = [
    // 春节 2024: 02-10 Sat..02-17 Sat off; 02-04 Sun and 02-18 Sun worked.
    AddCase(1, after: "2024-02-03", is: "2024-02-04", "02-04 Sun is a make-up workday"),
    AddCase(1, after: "2024-02-09", is: "2024-02-18", "02-10..17 off; 02-18 Sun is a make-up workday"),
    AddCase(2, after: "2024-02-08", is: "2024-02-18", "02-09 Fri (1); 02-10..17 off; 02-18 Sun (2)"),
    AddCase(5, after: "2024-02-07", is: "2024-02-20", "02-08 (1), 02-09 (2), 02-18 Sun (3), 02-19 (4), 02-20 (5)"),
    AddCase(8, after: "2024-02-20", is: "2024-03-01", "02-21..23 (3), 02-26..29 (7, leap day), 03-01 Fri (8)"),
    // 春节 2025: 01-28 Tue..02-04 Tue off; 01-26 Sun and 02-08 Sat worked.
    AddCase(3, after: "2025-01-24", is: "2025-02-05", "01-25 Sat off, 01-26 Sun (1), 01-27 (2), 01-28..02-04 off, 02-05 (3)"),
    AddCase(1, after: "2025-01-27", is: "2025-02-05", "01-28..02-04 off; 02-05 Wed (1)"),
    AddCase(4, after: "2025-01-27", is: "2025-02-08", "02-05 (1), 02-06 (2), 02-07 (3), 02-08 Sat make-up (4)"),
    // 春节 2026: 02-15 Sun..02-23 Mon off; 02-14 Sat and 02-28 Sat worked.
    AddCase(1, after: "2026-02-13", is: "2026-02-14", "02-14 Sat is a make-up workday"),
    AddCase(2, after: "2026-02-13", is: "2026-02-24", "02-14 Sat (1); 02-15..23 off; 02-24 Tue (2)"),
    AddCase(5, after: "2026-02-24", is: "2026-03-02", "02-25..27 (3), 02-28 Sat make-up (4), 03-01 Sun off, 03-02 (5)"),
    // 中秋节 2024: 09-15 Sun..09-17 Tue off; 09-14 Sat worked.
    AddCase(2, after: "2024-09-13", is: "2024-09-18", "09-14 Sat (1); 09-15..17 off; 09-18 Wed (2)"),
    // 国庆节 2024: 10-01 Tue..10-07 Mon off; 09-29 Sun and 10-12 Sat worked.
    AddCase(1, after: "2024-09-27", is: "2024-09-29", "09-28 Sat off; 09-29 Sun is a make-up workday"),
    AddCase(2, after: "2024-09-29", is: "2024-10-08", "09-30 Mon (1); 10-01..07 off; 10-08 Tue (2)"),
    AddCase(5, after: "2024-10-07", is: "2024-10-12", "10-08..11 (4); 10-12 Sat make-up (5)"),
    // 国庆节、中秋节 2025: 10-01 Wed..10-08 Wed off; 09-28 Sun and 10-11 Sat worked.
    AddCase(20, after: "2025-09-26", is: "2025-10-30",
            "09-28 Sun (1), 09-29..30 (3), 10-09..10 (5), 10-11 Sat (6), 10-13..17 (11), 10-20..24 (16), 10-27..30 (20)"),
    AddCase(1, after: "2025-09-30", is: "2025-10-09", "10-01..08 off; 10-09 Thu (1)"),
    AddCase(3, after: "2025-10-08", is: "2025-10-11", "start on a holiday: 10-09 (1), 10-10 (2), 10-11 Sat make-up (3)"),
    // 中秋节 2026: 09-25 Fri..09-27 Sun off; 国庆节 2026: 10-01 Thu..10-07 Wed off;
    // 09-20 Sun and 10-10 Sat worked.
    AddCase(1, after: "2026-09-18", is: "2026-09-20", "09-19 Sat off; 09-20 Sun is a make-up workday"),
    AddCase(5, after: "2026-09-20", is: "2026-09-28", "09-21..24 (4); 09-25..27 中秋 off; 09-28 Mon (5)"),
    AddCase(3, after: "2026-09-28", is: "2026-10-08", "09-29, 09-30 (2); 10-01..07 off; 10-08 Thu (3)"),
    AddCase(10, after: "2026-09-24", is: "2026-10-15",
            "09-28..30 (3), 10-08, 10-09 (5), 10-10 Sat (6), 10-12..15 (10)"),
    // 劳动节 2024: 05-01 Wed..05-05 Sun off; 04-28 Sun and 05-11 Sat worked.
    AddCase(3, after: "2024-04-26", is: "2024-04-30", "04-27 Sat off, 04-28 Sun (1), 04-29 (2), 04-30 (3)"),
    AddCase(6, after: "2024-04-30", is: "2024-05-11", "05-01..05 off; 05-06..10 (5); 05-11 Sat make-up (6)"),
    // 劳动节 2025: 05-01 Thu..05-05 Mon off; 04-27 Sun worked.
    AddCase(5, after: "2025-04-25", is: "2025-05-06", "04-27 Sun (1), 04-28..30 (4); 05-01..05 off; 05-06 Tue (5)"),
    // 劳动节 2026: 05-01 Fri..05-05 Tue off; 05-09 Sat worked.
    AddCase(4, after: "2026-04-30", is: "2026-05-09", "05-01..05 off; 05-06..08 (3); 05-09 Sat make-up (4)"),
    // 清明节 2024: 04-04 Thu..04-06 Sat off; 04-07 Sun worked.
    AddCase(1, after: "2024-04-03", is: "2024-04-07", "04-04..06 off; 04-07 Sun is a make-up workday"),
    // 清明节 2025: 04-04 Fri..04-06 Sun off, no make-up day.
    AddCase(1, after: "2025-04-03", is: "2025-04-07", "04-04..06 off; 04-07 Mon (1)"),
    // 清明节 2026: 04-04 Sat..04-06 Mon off, no make-up day.
    AddCase(1, after: "2026-04-03", is: "2026-04-07", "04-04..06 off; 04-07 Tue (1)"),
    // 端午节 2024: 06-10 Mon off (joined to the weekend).
    AddCase(1, after: "2024-06-07", is: "2024-06-11", "06-08 Sat, 06-09 Sun, 06-10 Mon off; 06-11 Tue (1)"),
    // 端午节 2025: 05-31 Sat..06-02 Mon off.
    AddCase(1, after: "2025-05-30", is: "2025-06-03", "05-31..06-02 off; 06-03 Tue (1)"),
    // 端午节 2026: 06-19 Fri..06-21 Sun off.
    AddCase(1, after: "2026-06-18", is: "2026-06-22", "06-19..21 off; 06-22 Mon (1)"),
    // 元旦 2025: 01-01 Wed off.
    AddCase(1, after: "2024-12-31", is: "2025-01-02", "01-01 off; 01-02 Thu (1), across the year"),
    // 元旦 2026: 01-01 Thu..01-03 Sat off; 01-04 Sun worked.
    AddCase(1, after: "2025-12-31", is: "2026-01-04", "01-01..03 off; 01-04 Sun is a make-up workday"),
    AddCase(2, after: "2025-12-31", is: "2026-01-05", "01-04 Sun (1), 01-05 Mon (2)"),
    // n = 0: the date itself if worked, else the next working day.
    AddCase(0, after: "2025-10-01", is: "2025-10-09", "10-01..08 off; next working day 10-09"),
    AddCase(0, after: "2025-09-28", is: "2025-09-28", "09-28 Sun is itself a make-up workday"),
    AddCase(0, after: "2025-10-13", is: "2025-10-13", "an ordinary Monday"),
    // n < 0: counting backwards from the day before.
    AddCase(-1, after: "2025-02-05", is: "2025-01-27", "02-04..01-28 off; 01-27 Mon (1)"),
    AddCase(-1, after: "2025-10-09", is: "2025-09-30", "10-08..01 off; 09-30 Tue (1)"),
    AddCase(-3, after: "2024-02-19", is: "2024-02-08", "02-18 Sun (1); 02-17..10 off; 02-09 (2), 02-08 (3)"),
    AddCase(-2, after: "2026-01-05", is: "2025-12-31", "01-04 Sun (1); 01-03..01 off; 2025-12-31 Wed (2)"),
]

@Suite("addWorkdays")
struct AddWorkdaysTests {
    @Test(arguments: addCases)
    func handCheckedCase(_ c: AddCase) throws {
        #expect(try WorkCalendar.official.addWorkdays(c.n, to: day(c.start)) == day(c.expected),
                "\(c.why)")
    }

    @Test func thereAreEnoughHandCheckedCases() {
        #expect(addCases.count >= 30)
    }

    /// Property over every start day of 2024-2026 (from 01-02: 2024-01-01 is 元旦 and its
    /// previous working day is in 2023) and n = 1...25: the result is a working
    /// day and exactly n working days lie in (start, result].
    @Test func countingAgreesWithAdding() throws {
        let calendar = WorkCalendar.official
        var failures: [String] = []
        for start in day("2024-01-02")...day("2026-10-31") {
            for n in 1...25 {
                let end = try calendar.addWorkdays(n, to: start)
                let between = try calendar.countWorkdays(from: start.adding(days: 1), to: end)
                let back = try calendar.addWorkdays(-n, to: end)
                if try !calendar.isWorkday(end) || between != n
                    || back != (try calendar.previousWorkday(onOrBefore: start)) {
                    failures.append("\(n) after \(start)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    @Test func nextAndPreviousWorkday() throws {
        let calendar = WorkCalendar.official
        // 2025-10-01..08 off: the working days around are 09-30 Tue and 10-09 Thu.
        #expect(try calendar.nextWorkday(onOrAfter: day("2025-10-04")) == day("2025-10-09"))
        #expect(try calendar.previousWorkday(onOrBefore: day("2025-10-04")) == day("2025-09-30"))
        // 2026-02-14 Sat is worked: it is its own next and previous working day.
        #expect(try calendar.nextWorkday(onOrAfter: day("2026-02-14")) == day("2026-02-14"))
        #expect(try calendar.previousWorkday(onOrBefore: day("2026-02-14")) == day("2026-02-14"))
        // 2026-01-03 Sat is 元旦; back to 2025-12-31 Wed, forward to 01-04 Sun (make-up).
        #expect(try calendar.previousWorkday(onOrBefore: day("2026-01-03")) == day("2025-12-31"))
        #expect(try calendar.nextWorkday(onOrAfter: day("2026-01-01")) == day("2026-01-04"))
    }
}
