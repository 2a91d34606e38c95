import AgencyCalendar
import Foundation

extension AgencyService {
    /// How long before the calendar's declared data runs out tick and the weekly report
    /// start to warn: the State Council's notice usually appears in November, and a
    /// statutory limit of 60 working days planned in late autumn already reaches into it.
    public static let calendarWarningDays = 60

    /// The warning for the operator when, within `calendarWarningDays` of `date`, a year
    /// begins that no calendar declares: its deadlines are provisional (or, in a strict
    /// store, refused). Empty when the declared data reaches far enough.
    public func calendarWarnings(asOf date: Date) -> [String] {
        let zone = timestamps.timeZone
        let today = CivilDate(date, in: zone)
        let horizon = today.adding(days: Self.calendarWarningDays)
        guard let year = (today.year...horizon.year).first(where: { !engine.calendar.covers($0) }) else { return [] }
        if engine.calendar.policy == .strict {
            return ["\(year) 年放假安排尚未导入；本库日历为严格模式（strict），跨入 \(year) 年的期限将无法计算。"
                    + "请用 agency calendar import 导入国务院办公厅的放假通知。"]
        }
        return ["\(year) 年放假安排尚未导入，到期时间按法定节日暂定。"
                + "通知发布后请用 agency calendar import 导入，已暂定的期限会自动重新计算。"]
    }
}
