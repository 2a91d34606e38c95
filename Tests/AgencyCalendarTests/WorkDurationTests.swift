import Foundation
import Testing
@testable import AgencyCalendar

@Suite("WorkDuration")
struct WorkDurationTests {
    @Test(arguments: [
        ("3h", WorkDuration.hours(3)), ("2d", .days(2)), ("5wd", .workdays(5)),
        ("120h", .hours(120)), ("1wd", .workdays(1)), ("999999d", .days(999_999)),
    ])
    func parses(_ text: String, _ expected: WorkDuration) throws {
        #expect(try WorkDuration(parsing: text) == expected)
        #expect(WorkDuration(text) == expected)
        #expect(expected.description == text)
    }

    @Test(arguments: [
        ("", "start with a whole number"),
        ("3", "unit is missing"),
        ("h", "start with a whole number"),
        ("0d", "at least 1"),
        ("00h", "leading zeros"),
        ("03h", "leading zeros"),
        ("-2d", "start with a whole number"),
        ("+2d", "start with a whole number"),
        ("3 h", "unknown unit \" h\""),
        (" 3h", "start with a whole number"),
        ("3h ", "unknown unit \"h \""),
        ("3H", "unknown unit \"H\""),
        ("3WD", "unknown unit \"WD\""),
        ("1d2h", "unknown unit \"d2h\""),
        ("2w", "unknown unit \"w\""),
        ("1.5d", "unknown unit \".5d\""),
        ("PT3H", "ISO 8601"),
        ("P2D", "ISO 8601"),
        ("1000000h", "at most 999999"),
        ("99999999999999999999999h", "at most 999999"),
        ("３h", "start with a whole number"),
    ])
    func refuses(_ text: String, _ reason: String) {
        let message = calendarErrorMessage { _ = try WorkDuration(parsing: text) }
        #expect(message?.contains(reason) == true, "\(message ?? "accepted")")
        #expect(message?.hasPrefix("\"\(text)\" is not a duration") == true)
        #expect(WorkDuration(text) == nil)
    }

    @Test func codableAsTheStringForm() throws {
        let values: [WorkDuration] = [.hours(3), .days(2), .workdays(20)]
        let data = try JSONEncoder().encode(values)
        #expect(String(decoding: data, as: UTF8.self) == #"["3h","2d","20wd"]"#)
        #expect(try JSONDecoder().decode([WorkDuration].self, from: data) == values)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([WorkDuration].self, from: Data(#"["PT3H"]"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([WorkDuration].self, from: Data("[3]".utf8))
        }
    }
}
