import AgencyCalendar
import AgencyService
import Foundation
import WorkflowEngine

/// Small pieces of text every report format shares.
public enum ReportFormatting {
    /// 万元 as 亿元 with no trailing zeros: 155000 → "15.5", 273600 → "27.36".
    public static func yi(_ wan: Int) -> String {
        let whole = wan / 10_000
        var fraction = String(format: "%04d", abs(wan % 10_000))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let sign = wan < 0 && whole == 0 ? "-" : ""
        return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// 万元 as entered, for amounts a person reported (investment figures): "1200",
    /// "1200.5", "85.25". Never traps, however large the figure (formatted, not converted
    /// to `Int`).
    public static func wan(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        if value == value.rounded() { return String(format: "%.0f", value) }
        var text = String(format: "%.2f", value)
        if text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// 万元 (possibly fractional or huge) as 亿元, to the 万元.
    public static func yi(_ wan: Double) -> String {
        guard wan.isFinite else { return "—" }
        if abs(wan) < 1e15 { return yi(Int(wan.rounded())) }
        return String(format: "%.0f", wan / 10_000)
    }

    /// "+2", "-1", or "" for no change.
    public static func change(_ delta: Int) -> String {
        delta == 0 ? "" : (delta > 0 ? "+\(delta)" : "\(delta)")
    }

    /// "2025-01-06 09:00" from a stored time.
    public static func time(_ stamp: String) -> String {
        guard stamp.count >= 16 else { return stamp }
        return String(stamp.prefix(10)) + " " + String(stamp.dropFirst(11).prefix(5))
    }

    /// A due time as `time` gives it, followed by 暂定 when it was counted through a year
    /// whose holiday arrangement was not yet published.
    public static func due(_ stamp: String, provisional: Bool?) -> String {
        stamp.isEmpty ? "" : time(stamp) + (provisional == true ? "（暂定）" : "")
    }

    /// "01-06" from a stored time.
    public static func day(_ stamp: String) -> String {
        stamp.count >= 10 ? String(stamp.dropFirst(5).prefix(5)) : stamp
    }

    /// "02-08" for a deadline: the last day the work may be done on. A deadline at
    /// midnight (how working-day limits end) belongs to the day before.
    public static func lastDay(_ stamp: String) -> String {
        guard stamp.count >= 19, stamp.dropFirst(11).prefix(8) == "00:00:00",
              let date = CivilDate(String(stamp.prefix(10))) else { return day(stamp) }
        return day(date.adding(days: -1).description)
    }

    /// 红, 黄, 蓝, 绿 for a colour's raw value.
    public static func color(_ raw: String) -> String {
        WorkItem.Color(rawValue: raw)?.chinese ?? ""
    }

    /// The report's title line.
    public static func title(_ report: WeeklyReport) -> String {
        "周报告 \(report.week)（截至 \(time(report.asOf))）"
    }

    /// The line under the title: the period and the units.
    public static func period(_ report: WeeklyReport) -> String {
        "统计区间 \(time(report.since)) 至 \(time(report.asOf))；总投资单位：亿元（项目明细为万元）"
    }

    /// The seal line: the code, what it covers, how to check it; nil without a seal.
    public static func seal(_ report: WeeklyReport) -> String? {
        guard let seal = report.seal else { return nil }
        return "本周存证码：\(seal)（截至 \(time(report.asOf)) 全部流水的存证，请会上宣读并记入纪要；"
            + "日后核验：agency verify --seal \(seal) --week \(report.week)"
            + (report.sealAsOf.map { " --as-of \($0)" } ?? "") + "）"
    }

    /// 暂缓 and 终止, when there are any.
    public static func outsidePipeline(_ report: WeeklyReport) -> String? {
        var parts: [String] = []
        if report.paused.count > 0 { parts.append("暂缓 \(report.paused.count) 个（\(yi(report.paused.investment)) 亿元）") }
        if report.dropped.count > 0 { parts.append("终止 \(report.dropped.count) 个（\(yi(report.dropped.investment)) 亿元）") }
        return parts.isEmpty ? nil : "另有" + parts.joined(separator: "，") + "，不计入合计。"
    }

    /// "本周新立 2，在办 5，办结 3，超期 1".
    public static func tally(_ section: WeeklyReport.CaseSection) -> String {
        "本周新立 \(section.new)，跨周在办 \(section.inProgress)，本周办结 \(section.closed)，超期 \(section.overdue)"
    }

    /// The project's progress in one cell, after the flag on its progress report.
    public static func progress(_ line: WeeklyReport.ProjectLine) -> String {
        let progress = line.noProgress ? "⚠ 本周无进展" : line.progress.joined(separator: "；")
        guard let flag = reportFlag(line) else { return progress }
        return "【\(flag)】" + progress
    }

    /// The dispatch's flag on the project's progress report, with the similarity for
    /// 与上期雷同: "与上期雷同（相似度 96%）"; nil when it has none.
    public static func reportFlag(_ line: WeeklyReport.ProjectLine) -> String? {
        guard let flag = line.reportFlag else { return nil }
        guard let similarity = line.reportSimilarity else { return flag }
        return flag + "（相似度 \(Int((similarity * 100).rounded()))%）"
    }

    /// The week's progress reports in one sentence: "联络员周报：应报 4 份，已报 3 份；本期未提交 1 个：
    /// 项目P04（马辉）；与上期雷同 1 个：项目P01（吴霞）"; nil when the week's dispatch marked none.
    public static func reportTally(_ report: WeeklyReport) -> String? {
        guard let tally = report.progressReports else { return nil }
        func names(_ lines: [WeeklyReport.ProjectLine]) -> String {
            let shown = lines.prefix(6).map { $0.name + ($0.liaison.map { "（\($0)）" } ?? "") }
            return shown.joined(separator: "、") + (lines.count > 6 ? " 等" : "")
        }
        var parts = ["联络员周报：应报 \(tally.expected) 份，已报 \(tally.submitted) 份"]
        let missing = report.reportsMissing, similar = report.reportsSimilar
        parts.append(missing.isEmpty ? "无未提交" : "本期未提交 \(missing.count) 个：" + names(missing))
        parts.append(similar.isEmpty ? "无与上期雷同" : "与上期雷同 \(similar.count) 个：" + names(similar))
        return parts.joined(separator: "；")
    }
}
