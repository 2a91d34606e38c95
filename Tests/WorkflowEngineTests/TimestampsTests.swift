import Foundation
import Testing
@testable import WorkflowEngine

/// The hand-written parser for the engine's own timestamps must agree with
/// `ISO8601DateFormatter` wherever it answers, and leave everything else to it.
@Suite("Timestamps")
struct TimestampsTests {
    static func formatterDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    @Test("agrees with ISO8601DateFormatter on instants written in many zones")
    func agreesWithFormatter() throws {
        var generator = SystemRandomNumberGenerator()
        let zones = ["Asia/Shanghai", "UTC", "America/New_York", "Asia/Kolkata", "Pacific/Kiritimati",
                     "America/St_Johns", "Pacific/Pago_Pago"]
        for zone in zones {
            let timestamps = Timestamps(timeZone: try #require(TimeZone(identifier: zone)))
            for _ in 0..<300 {
                // 1970 to 2099 (earlier, zones had local mean times with odd seconds),
                // whole seconds: the form the engine writes.
                let seconds = Double(Int64.random(in: 0...4_102_444_799, using: &generator))
                let date = Date(timeIntervalSince1970: seconds)
                let text = timestamps.format(date)
                let fast = Timestamps.parseInternetTime(text)
                #expect(fast == date, "\(text) in \(zone)")
                #expect(fast == Self.formatterDate(text), "\(text) in \(zone)")
            }
        }
    }

    @Test("known instants, leap days and offsets")
    func knownInstants() {
        #expect(Timestamps.parseInternetTime("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
        #expect(Timestamps.parseInternetTime("2025-01-06T09:00:00+08:00")
                == Date(timeIntervalSince1970: 1_736_125_200))
        #expect(Timestamps.parseInternetTime("2024-02-29T23:59:59-05:30")
                == Self.formatterDate("2024-02-29T23:59:59-05:30"))
        #expect(Timestamps.parseInternetTime("2000-02-29T12:00:00+14:00")
                == Self.formatterDate("2000-02-29T12:00:00+14:00"))
    }

    @Test("declines what it does not certainly understand, and parse still answers")
    func declines() {
        for text in ["2025-02-29T09:00:00+08:00", "2100-02-29T00:00:00Z", "2025-13-01T00:00:00Z",
                     "2025-04-31T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T23:60:00Z",
                     "2025-01-01T23:59:60Z", "2025-01-01T09:00:00+15:00", "2025-01-01 09:00:00Z",
                     "2025-01-01T09:00:00.5Z", "2025-01-01t09:00:00z", "2025-1-01T09:00:00Z",
                     "2025-01-01T09:00:00+0800", "0000-01-01T00:00:00Z", "", "not a time"] {
            #expect(Timestamps.parseInternetTime(text) == nil, "\(text)")
        }
        let timestamps = Timestamps(timeZone: TimeZone(secondsFromGMT: 8 * 3_600) ?? .current)
        #expect(timestamps.parse("2025-01-01T09:00:00.500+08:00") != nil)
        #expect(timestamps.parse("2025-01-01T09:00:00+08:00") == Date(timeIntervalSince1970: 1_735_693_200))
    }
}
