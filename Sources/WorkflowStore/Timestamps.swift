import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Time formats used in store files. Built on `gmtime_r` rather than a shared
/// formatter, so they are thread-safe and independent of the process's locale.
public enum StoreTime {
    /// ISO-8601 with the zone's offset, second precision: `2025-01-06T09:00:00+08:00`.
    public static func iso8601(_ date: Date, in zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: date)
        let parts = civil(Int(date.timeIntervalSince1970.rounded(.down)) + offset)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return "\(parts.date)T\(parts.time)\(sign)\(pad(minutes / 60, 2)):\(pad(minutes % 60, 2))"
    }

    /// Compact UTC, second precision: `20250106T010000Z`. Fixed width, so these strings
    /// sort lexicographically in time order (years 1000–9999); used for due-index keys
    /// and for the names of files moved aside.
    public static func compactUTC(_ date: Date) -> String {
        let parts = civil(Int(date.timeIntervalSince1970.rounded(.down)))
        return parts.date.replacingOccurrences(of: "-", with: "") + "T"
            + parts.time.replacingOccurrences(of: ":", with: "") + "Z"
    }

    private static func civil(_ seconds: Int) -> (date: String, time: String) {
        var time = time_t(seconds)
        var fields = tm()
        gmtime_r(&time, &fields)
        let date = "\(pad(Int(fields.tm_year) + 1900, 4))-\(pad(Int(fields.tm_mon) + 1, 2))-"
            + pad(Int(fields.tm_mday), 2)
        let clock = "\(pad(Int(fields.tm_hour), 2)):\(pad(Int(fields.tm_min), 2)):"
            + pad(Int(fields.tm_sec), 2)
        return (date, clock)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension StoreTime {
    /// Reads a compact UTC key (`20250106T010000Z`) back into a date.
    public static func parseCompactUTC(_ key: String) -> Date? {
        let digits = key.filter(\.isNumber)
        guard key.count == 16, key.hasSuffix("Z"), digits.count == 14 else { return nil }
        let numbers = [0, 4, 6, 8, 10, 12].enumerated().map { index, start -> Int in
            let length = index == 0 ? 4 : 2
            let from = digits.index(digits.startIndex, offsetBy: start)
            return Int(digits[from..<digits.index(from, offsetBy: length)]) ?? 0
        }
        var components = DateComponents()
        components.year = numbers[0]; components.month = numbers[1]; components.day = numbers[2]
        components.hour = numbers[3]; components.minute = numbers[4]; components.second = numbers[5]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        return calendar.date(from: components)
    }
}
