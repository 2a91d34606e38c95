import Foundation

/// Conversions between a calendar day and Foundation's `Date` (an instant).
///
/// Both directions take the time zone explicitly: which day an instant falls on depends
/// on where you stand, and the product must not depend on the machine's zone.
extension CivilDate {
    /// The day on which `date` falls, as seen on a wall clock in `timeZone`.
    ///
    /// Example: 2025-01-27T16:30:00Z is 2025-01-28 00:30 in Asia/Shanghai (UTC+8), so
    /// `CivilDate(2025-01-27T16:30:00Z, in: shanghai)` is 2025-01-28.
    public init(_ date: Date, in timeZone: TimeZone) {
        // Shift the instant by the zone's offset at that instant, then take whole days.
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        self.init(dayNumber: Int((local / 86_400).rounded(.down)))
    }

    /// The first instant of this day in `timeZone`: local midnight, or, in a zone whose
    /// clocks skip midnight on this day for daylight saving, the first moment that exists.
    ///
    /// Example: 2025-02-06 in Asia/Shanghai starts at 2025-02-05T16:00:00Z.
    public func startOfDay(in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: year, month: month, day: day)
        if let date = calendar.date(from: components) {
            return calendar.startOfDay(for: date)
        }
        // Foundation only refuses components it cannot represent; fall back to plain
        // arithmetic with the zone's offset, which is exact wherever there is no DST change.
        let localMidnight = Double(dayNumber) * 86_400
        let guess = Date(timeIntervalSince1970: localMidnight)
        let offset = Double(timeZone.secondsFromGMT(for: guess))
        return Date(timeIntervalSince1970: localMidnight - offset)
    }
}
