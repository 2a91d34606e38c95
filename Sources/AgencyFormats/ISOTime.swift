import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The times FullAgency writes: ISO 8601 with the zone's offset in records, snapshots and
/// store files, and compact UTC in index keys and the names of files moved aside.
///
/// One implementation for the engine and the store, on `gmtime_r` rather than a shared
/// formatter: thread-safe, independent of the process's locale, and several times faster
/// than `ISO8601DateFormatter`, whose output it reproduces byte for byte (that is tested):
/// journal records hash these bytes, so a time must be written the same way by every build.
public enum ISOTime {
    /// `2025-01-06T09:00:00+08:00`: second precision, the offset of `zone` at that moment,
    /// `Z` for a zero offset, `±HH:MM:SS` for the rare historical offset with seconds. The
    /// second is taken as Foundation's formatter takes it: the instant rounded (halves up)
    /// to the millisecond, then cut to the second, so 09:00:00.7 is written 09:00:00 and
    /// 09:00:00.9996 is written 09:00:01.
    public static func string(_ date: Date, in zone: TimeZone) -> String {
        let milliseconds = (date.timeIntervalSinceReferenceDate * 1_000 + 0.5).rounded(.down)
        let seconds = Int((milliseconds / 1_000).rounded(.down)) + Int(Date.timeIntervalBetween1970AndReferenceDate)
        // The offset of the instant written (the rounded one), as the formatter takes it.
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
        let parts = civil(seconds + offset)
        return "\(parts.date)T\(parts.time)" + offsetText(offset)
    }

    /// `20250106T010000Z`: compact UTC, the second rounded down (a key that bounds "due by
    /// now" must never name a moment after now). Fixed width, so these strings sort in time
    /// order (years 1000–9999).
    public static func compactUTC(_ date: Date) -> String {
        let parts = civil(Int(date.timeIntervalSince1970.rounded(.down)))
        return parts.date.replacingOccurrences(of: "-", with: "") + "T"
            + parts.time.replacingOccurrences(of: ":", with: "") + "Z"
    }

    /// Reads a compact UTC key (`20250106T010000Z`) back into a date; nil for anything else.
    public static func parseCompactUTC(_ key: String) -> Date? {
        let bytes = Array(key.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? {
            var value = 0
            for byte in bytes[from..<(from + length)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0, 4), let month = number(4, 2), let day = number(6, 2),
              let hour = number(9, 2), let minute = number(11, 2), let second = number(13, 2)
        else { return nil }
        var components = DateComponents()
        components.year = year; components.month = month; components.day = day
        components.hour = hour; components.minute = minute; components.second = second
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        return calendar.date(from: components)
    }

    private static func offsetText(_ offset: Int) -> String {
        if offset == 0 { return "Z" }
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        var text = "\(sign)\(pad(magnitude / 3_600, 2)):\(pad(magnitude / 60 % 60, 2))"
        if magnitude % 60 != 0 { text += ":" + pad(magnitude % 60, 2) }
        return text
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
