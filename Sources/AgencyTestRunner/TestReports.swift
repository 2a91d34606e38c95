import AgencyCalendar
import AgencyJSON
import AgencyReports
import AgencyService
import Foundation
import LuaRuntime

/// The reports a test can read with `t:report(name, options)` unless the embedding code
/// registers others: `weekly`, the weekly report (周报告) as `agency report weekly --json`
/// prints it, for `{ week = "2025-W03" }` (default: the week of the virtual clock) as
/// the store stands at the clock's time.
enum TestReports {
    static var builtIn: [String: TestReportProvider] { ["weekly": weekly] }

    static func weekly(_ service: AgencyService, _ value: JSONValue, _ now: Date) throws -> JSONValue {
        let options = try TestOptions(value, allowed: ["week"], context: "t:report(\"weekly\")")
        var week = ISOWeek(containing: CivilDate(now, in: service.timestamps.timeZone))
        if let text = try options.string("week") {
            guard let parsed = ISOWeek(text) else {
                throw HostCallError("t:report(\"weekly\"): week '\(text)' is not an ISO week such as 2025-W03")
            }
            week = parsed
        }
        return try JSONValue(encoding: try service.weeklyReport(week: week, now: now))
    }
}
