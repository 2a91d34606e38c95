import AgencyReports
import AgencyService
import Foundation
import WorkflowEngine

/// The charts above the 周报告: the stage funnel with week-over-week change, an eight-week
/// trend of projects and investment, open permits by light, and the week's on-time rate.
enum ReportChartsView {
    /// How many weeks the trend shows (the report's week and those before it).
    static let trendWeeks = 8

    static func build(_ store: WebStore, week: ISOWeek) throws -> [String: Any] {
        let report = try store.service.weeklyReport(week: week, now: store.now)
        var weeks = [week]
        while weeks.count < trendWeeks { weeks.insert(weeks[0].previous, at: 0) }
        let trend = try weeks.map { try ($0, store.service.weeklyReport(week: $0, now: store.now)) }
        let funnel = SVGChart.bars(report.stages.map { row in
            SVGChart.Bar(label: row.stage, value: Double(row.count),
                         text: "\(row.count) 个" + (row.change == 0 ? "" : row.change > 0 ? "（+\(row.change)）" : "（\(row.change)）"),
                         color: "#0b5cad")
        }, title: "项目推进阶段分布（括号内为较上周变化）")
        // What moves week by week: projects that have signed (签约待备案 and after), and
        // permits issued in the week.
        let signedStages = Set(ProjectPipeline.stages.suffix(4))
        let projects = SVGChart.line(trend.map { week, report in
            let signed = report.stages.filter { signedStages.contains($0.stage) }.reduce(0) { $0 + $1.count }
            return (label: "W\(week.description.suffix(2))", value: Double(signed), text: "\(signed)")
        }, title: "已签约项目数（签约待备案及以后，近 \(trendWeeks) 周）", color: "#0b5cad")
        let issued = SVGChart.line(trend.map { week, report in
            (label: "W\(week.description.suffix(2))", value: Double(report.permits.issuedThisWeek),
             text: "\(report.permits.issuedThisWeek)")
        }, title: "每周办结手续数（近 \(trendWeeks) 周）", color: "#067647")
        let lights = SVGChart.bars([
            .init(label: "红灯", value: Double(report.permits.red.count), text: "\(report.permits.red.count) 项", color: "#b42318"),
            .init(label: "黄灯", value: Double(report.permits.yellow.count), text: "\(report.permits.yellow.count) 项",
                  color: "#dc6803"),
            .init(label: "蓝灯", value: Double(report.permits.blue.count), text: "\(report.permits.blue.count) 项", color: "#175cd3"),
            .init(label: "本周办结", value: Double(report.permits.issuedThisWeek), text: "\(report.permits.issuedThisWeek) 项",
                  color: "#067647"),
        ], title: "手续办理亮灯（在办 \(report.permits.open) 项）")
        let onTime = try onTimeRate(store, report: report)
        return [
            "week": report.week, "funnel": funnel, "projectsTrend": projects, "issuedTrend": issued,
            "lights": lights, "onTime": onTime.text, "onTimeDetail": onTime.detail,
        ]
    }

    /// Items with a deadline finished during the report's week, and how many by their deadline.
    static func onTimeRate(_ store: WebStore, report: WeeklyReport) throws -> (text: String, detail: String) {
        guard let since = store.service.timestamps.parse(report.since),
              let until = store.service.timestamps.parse(report.asOf) else { return ("—", "") }
        var done = 0, onTime = 0
        for instance in try store.service.list(InstanceFilter(activeSince: report.since)) {
            for item in instance.items where item.status == .done {
                guard let due = item.due.flatMap(store.service.timestamps.parse),
                      let acted = item.actedAt.flatMap(store.service.timestamps.parse),
                      acted > since, acted <= until else { continue }
                done += 1
                if acted <= due { onTime += 1 }
            }
        }
        guard done > 0 else { return ("—", "本周没有办结有期限的事项") }
        return (String(format: "%.0f%%", Double(onTime) * 100 / Double(done)),
                "本周办结有期限的事项 \(done) 项，按期 \(onTime) 项，超期 \(done - onTime) 项")
    }
}
