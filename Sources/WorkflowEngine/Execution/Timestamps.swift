import AgencyFormats
import Foundation

/// Instants as the engine writes them: ISO 8601 with the store's UTC offset
/// (`2025-01-06T09:00:00+08:00`), so snapshots and journals read naturally in the zone
/// and sort correctly within it.
public struct Timestamps: Sendable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The one way FullAgency writes an instant (`ISOTime.string`, shared with the store).
    public func format(_ date: Date) -> String { ISOTime.string(date, in: timeZone) }

    public func parse(_ text: String) -> Date? {
        if let date = Self.parseInternetTime(text) { return date }
        // Forms the fast reader leaves alone (rare): Foundation's formatter decides.
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// Parses a user-given time: full ISO 8601, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DD HH:MM`
    /// (local to the store's zone), or a date alone (local midnight).
    public func parseUserTime(_ text: String) -> Date? {
        if let date = parse(text) { return date }
        var local = text.replacingOccurrences(of: " ", with: "T")
        if local.count == 10 { local += "T00:00" }
        if local.count == 16 { local += ":00" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.date(from: local)
    }
}
