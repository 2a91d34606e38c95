import AgencyCalendar
import AgencyFormats
import Foundation
import WorkflowEngine

/// A deadline as staff say it: 今天 17:30 前, 明天（周五）前, 1月9日（周四）前,
/// 已超期 2 个工作日 (in English: today by 17:30, tomorrow (Fri), by Thu 9 Jan, 2 working
/// days overdue). A deadline at midnight means "by the end of the day before", as the
/// engine counts working days, so it is named by that day.
public struct DeadlineText: Sendable {
    public let timeZone: TimeZone
    public let calendar: WorkCalendar?
    public let language: StaffLanguage

    public init(timeZone: TimeZone, calendar: WorkCalendar?, language: StaffLanguage = .chinese) {
        self.timeZone = timeZone
        self.calendar = calendar
        self.language = language
    }

    /// The text for `due` seen at `now`.
    public func text(due: Date, now: Date) -> String {
        guard let (day, time) = CivilClock.parts(due, in: timeZone), let today = CivilClock.parts(now, in: timeZone)?.0
        else { return ISOTime.string(due, in: timeZone) }
        let midnight = time == "00:00"
        let lastDay = midnight ? day.adding(days: -1) : day
        if due <= now {
            let overdue = overdueWorkdays(lastDay: lastDay, today: today)
            if language == .english { return overdue > 0 ? "\(overdue) working day(s) overdue" : "overdue" }
            return overdue > 0 ? "已超期 \(overdue) 个工作日" : "已超期"
        }
        if language == .english {
            let at = midnight ? "" : " by \(time)"
            switch lastDay.daysSince(today) {
            case 0: return midnight ? "today, end of day" : "today\(at)"
            case 1: return "tomorrow (\(lastDay.englishWeekday))\(at)"
            default:
                let year = lastDay.year == today.year ? "" : " \(lastDay.year)"
                return "by \(lastDay.englishWeekday) \(lastDay.day) \(lastDay.englishMonth)\(year)\(at)"
            }
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

    /// The text for an item's deadline (无期限 / no deadline without one), marked
    /// （暂定） when it was counted through a year whose holidays are not published yet.
    public func text(_ item: WorkItem, now: Date, timestamps: Timestamps) -> String {
        guard let iso = item.due, let due = timestamps.parse(iso) else { return language.pick("无期限", "no deadline") }
        let text = text(due: due, now: now)
        return item.dueIsProvisional ? text + language.pick("（暂定）", " (provisional)") : text
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

    /// The light's name in `language`.
    public func label(_ language: StaffLanguage) -> String {
        language == .chinese ? label : rawValue
    }
}
