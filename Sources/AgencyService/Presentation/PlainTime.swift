import Foundation
import WorkflowEngine

/// When something happened, as staff say it: 今天 09:30, 昨天 14:05, 12月1日（周一）10:00,
/// 2025年12月1日 10:00 (English: today 09:30, yesterday 14:05, Mon 1 Dec 10:00,
/// 1 Dec 2025 10:00). ISO-8601 stays in `--json` and in the journal.
public struct PlainTime: Sendable {
    public let timestamps: Timestamps
    public let now: Date
    public let language: StaffLanguage

    public init(timestamps: Timestamps, now: Date, language: StaffLanguage) {
        self.timestamps = timestamps
        self.now = now
        self.language = language
    }

    /// A stored ISO time in plain words; the text as stored when it is not a time.
    public func text(_ iso: String?) -> String {
        guard let iso, !iso.isEmpty else { return "" }
        guard let date = timestamps.parse(iso) else { return iso }
        return text(date)
    }

    public func text(_ date: Date) -> String {
        guard let (day, time) = CivilClock.parts(date, in: timestamps.timeZone),
              let today = CivilClock.parts(now, in: timestamps.timeZone)?.0 else { return timestamps.format(date) }
        let english = language == .english
        switch today.daysSince(day) {
        case 0: return (english ? "today " : "今天 ") + time
        case 1: return (english ? "yesterday " : "昨天 ") + time
        case -1: return (english ? "tomorrow " : "明天 ") + time
        default:
            if day.year == today.year {
                return english ? "\(day.englishWeekday) \(day.day) \(day.englishMonth) \(time)"
                    : "\(day.month)月\(day.day)日（\(day.chineseWeekday)）\(time)"
            }
            return english ? "\(day.day) \(day.englishMonth) \(day.year) \(time)" : "\(day.year)年\(day.month)月\(day.day)日 \(time)"
        }
    }
}
