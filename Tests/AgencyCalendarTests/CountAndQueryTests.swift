import Testing
@testable import AgencyCalendar

@Suite("countWorkdays and isWorkday")
struct CountAndQueryTests {
    @Test(arguments: [
        // 2025-10: 23 weekdays; 10-01..03 and 10-06..08 off (6); 10-11 Sat worked (+1).
        ("2025-10-01", "2025-10-31", 18),
        // 2025-09: 22 weekdays; 09-28 Sun worked (+1).
        ("2025-09-01", "2025-09-30", 23),
        // 2024-02 (29 days): 21 weekdays; 02-12..16 off (5); 02-04, 02-18 Sundays worked (+2).
        ("2024-02-01", "2024-02-29", 18),
        // 2025-01: 23 weekdays; 01-01 and 01-28..31 off (5); 01-26 Sun worked (+1).
        ("2025-01-01", "2025-01-31", 19),
        // 2026-02: 20 weekdays; 02-16..20 and 02-23 off (6); 02-14, 02-28 Saturdays (+2).
        ("2026-02-01", "2026-02-28", 16),
        // 2026-10: 22 weekdays; 10-01, 02, 05..07 off (5); 10-10 Sat worked (+1).
        ("2026-10-01", "2026-10-31", 18),
        // 2024-10: 23 weekdays; 10-01..04, 10-07 off (5); 10-12 Sat worked (+1).
        ("2024-10-01", "2024-10-31", 19),
        // Across years: 12-29..31 (3), 01-01..03 off, 01-04 Sun (1), 01-05..09 (5).
        ("2025-12-29", "2026-01-09", 9),
        // Across years: 12-30, 12-31 (2), 01-01 off, 01-02, 01-03 (2), weekend.
        ("2024-12-30", "2025-01-05", 4),
        // Around 春节 2025: 01-20..24 (5), 01-26 Sun (1), 01-27 (1), 02-05..07 (3), 02-08 Sat (1).
        ("2025-01-20", "2025-02-09", 11),
        // The whole 2025 National Day break.
        ("2025-10-01", "2025-10-08", 0),
        // A single make-up Saturday; a single ordinary Saturday.
        ("2025-10-11", "2025-10-11", 1),
        ("2025-10-18", "2025-10-18", 0),
        // Reversed bounds: documented as 0.
        ("2025-10-31", "2025-10-01", 0),
    ])
    func countsBothEndsIncluded(_ from: String, _ to: String, _ expected: Int) throws {
        #expect(try WorkCalendar.official.countWorkdays(from: day(from), to: day(to)) == expected)
    }

    @Test(arguments: [
        // Make-up Saturdays and Sundays are worked.
        ("2024-02-04", true), ("2024-02-18", true), ("2024-04-07", true), ("2024-04-28", true),
        ("2024-05-11", true), ("2024-09-14", true), ("2024-09-29", true), ("2024-10-12", true),
        ("2025-01-26", true), ("2025-02-08", true), ("2025-04-27", true), ("2025-09-28", true),
        ("2025-10-11", true), ("2026-01-04", true), ("2026-02-14", true), ("2026-02-28", true),
        ("2026-05-09", true), ("2026-09-20", true), ("2026-10-10", true),
        // Holidays on weekdays are off.
        ("2024-06-10", false), ("2025-01-28", false), ("2025-10-08", false), ("2026-02-23", false),
        ("2026-09-25", false), ("2026-01-02", false),
        // Ordinary days follow the week.
        ("2025-10-12", false), ("2025-10-13", true), ("2026-12-31", true), ("2024-01-06", false),
    ])
    func isWorkday(_ date: String, _ expected: Bool) throws {
        #expect(try WorkCalendar.official.isWorkday(day(date)) == expected)
    }
}
