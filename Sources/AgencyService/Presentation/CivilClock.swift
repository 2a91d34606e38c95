import AgencyCalendar
import Foundation

/// A moment as the zone's wall clock shows it: the civil day and "HH:mm".
enum CivilClock {
    static func parts(_ date: Date, in timeZone: TimeZone) -> (CivilDate, String)? {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = timeZone
        let parts = gregorian.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard let year = parts.year, let month = parts.month, let dayOfMonth = parts.day,
              let day = CivilDate(year: year, month: month, day: dayOfMonth) else { return nil }
        return (day, String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0))
    }
}

extension CivilDate {
    /// Mon, Tue, … for English output.
    var englishWeekday: String { ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][(weekday - 1) % 7] }
    /// Jan, Feb, … for English output.
    var englishMonth: String {
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][(month - 1) % 12]
    }
}
