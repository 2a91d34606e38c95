import AgencyCalendar
import AgencyFormats
import Foundation
import WorkflowEngine

/// A deadline as staff say it: 今天 17:30 前, 明天（周五）前, 1月9日（周四）前,
/// 已超期 2 个工作日. A deadline at midnight means "by the end of the day before", as the
/// engine counts working days, so it is named by that day.
public struct DeadlineText: Sendable {
    public let timeZone: TimeZone
    public let calendar: WorkCalendar?

    public init(timeZone: TimeZone, calendar: WorkCalendar?) {
        self.timeZone = timeZone
        self.calendar = calendar
    }

    /// The plain-Chinese text for `due` seen at `now`.
    public func text(due: Date, now: Date) -> String {
        guard let (day, time) = civil(due), let today = civil(now)?.0 else { return ISOTime.string(due, in: timeZone) }
        let midnight = time == "00:00"
        let lastDay = midnight ? day.adding(days: -1) : day
        if due <= now {
            let overdue = overdueWorkdays(lastDay: lastDay, today: today)
            return overdue > 0 ? "已超期 \(overdue) 个工作日" : "已超期"
        }
        let suffix = midnight ? "前" : " \(time) 前"
        switch lastDay.daysSince(today) {
        case 0: return midnight ? "今天下班前" : "今天 \(time) 前"
        case 1: return "明天（\(lastDay.chineseWeekday)）" + suffix
        default:
            let year = lastDay.year == today.year ? "" : "\(lastDay.year)年"
            return "\(year)\(lastDay.month)月\(lastDay.day)日（\(lastDay.chineseWeekday)）" + suffix
        }
    }

    /// Working days after the last day up to today, today included; whole days when the
    /// calendar does not cover the years.
    func overdueWorkdays(lastDay: CivilDate, today: CivilDate) -> Int {
        guard today > lastDay else { return 0 }
        if let calendar, let count = try? calendar.countWorkdays(from: lastDay.adding(days: 1), to: today) {
            return count
        }
        return today.daysSince(lastDay)
    }

    private func civil(_ date: Date) -> (CivilDate, String)? {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = timeZone
        let parts = gregorian.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard let year = parts.year, let month = parts.month, let dayOfMonth = parts.day,
              let day = CivilDate(year: year, month: month, day: dayOfMonth) else { return nil }
        return (day, String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0))
    }
}

extension WorkItem.Color {
    /// The light's name on a page.
    public var label: String {
        switch self {
        case .green: return "正常"
        case .blue: return "蓝灯"
        case .yellow: return "黄灯"
        case .red: return "红灯"
        }
    }
}
