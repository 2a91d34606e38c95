import Foundation
@testable import AgencyCalendar

/// A date from a literal the test author typed; a typo should crash the test loudly.
func day(_ iso: String) -> CivilDate {
    guard let date = CivilDate(iso) else { fatalError("bad test date \(iso)") }
    return date
}

/// China Standard Time for the tests, independent of the machine's zone. Falls back to
/// a fixed +08:00 (exact: no DST in China since 1991) if the zone database is missing.
let shanghai: TimeZone =
    TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3_600)!

let utc = TimeZone(secondsFromGMT: 0)!

/// An instant from an ISO 8601 timestamp with an explicit offset, e.g.
/// "2025-01-24T15:00:00+08:00".
func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { fatalError("bad test instant \(text)") }
    return date
}

/// The message of the `CalendarError` thrown by `body`, or nil if it did not throw one.
func calendarErrorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as CalendarError {
        return error.description
    } catch {
        return "unexpected error \(error)"
    }
}
