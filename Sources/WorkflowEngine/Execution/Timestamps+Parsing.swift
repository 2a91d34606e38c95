import AgencyCalendar
import Foundation

extension Timestamps {
    /// Parses the form the engine writes, `YYYY-MM-DDTHH:MM:SS` then `Z` or `±HH:MM`,
    /// without a formatter; nil for anything else, which `parse` hands to
    /// `ISO8601DateFormatter`.
    ///
    /// Why: every command parses several timestamps (its own, timers, due dates), and
    /// Foundation's formatter clones an ICU calendar for each call, which was about a
    /// sixth of an in-process event (Docs/performance.md). Only values that are certainly
    /// valid take this path (real calendar dates, hours 0–23, offsets up to ±14:00), so it
    /// never accepts a text the formatter would refuse, and gives the same instant.
    static func parseInternetTime(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parseInternetTime(bytes: $0) }
    }

    private static func parseInternetTime(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 20 || bytes.count == 25 else { return nil }
        func digits(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for index in start..<(start + count) {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        func byte(_ index: Int, is character: Character) -> Bool {
            bytes[index] == character.asciiValue
        }
        guard byte(4, is: "-"), byte(7, is: "-"), byte(10, is: "T"), byte(13, is: ":"), byte(16, is: ":"),
              let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
              let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
              let date = CivilDate(year: year, month: month, day: day),
              hour <= 23, minute <= 59, second <= 59
        else { return nil }

        var offset = 0
        if bytes.count == 20 {
            guard byte(19, is: "Z") else { return nil }
        } else {
            let sign: Int
            if byte(19, is: "+") { sign = 1 } else if byte(19, is: "-") { sign = -1 } else { return nil }
            guard byte(22, is: ":"), let hours = digits(20, 2), let minutes = digits(23, 2),
                  minutes <= 59, hours * 60 + minutes <= 14 * 60
            else { return nil }
            offset = sign * (hours * 3_600 + minutes * 60)
        }
        let seconds = date.daysSince1970 * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds))
    }
}
