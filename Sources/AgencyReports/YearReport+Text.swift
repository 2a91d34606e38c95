import AgencyCalendar
import Foundation

/// The text every format of the year report shares: the headline, the period line, the
/// tables' headers and cells, and what the figures mean.
extension YearReport {
    typealias F = ReportFormatting

    /// The seed's paragraph with this report's numbers: the project list at the start by
    /// stage (most advanced first, as the seed lists it), where it stands at the end and
    /// what moved, then the service figures and, when projects carry it, investment done.
    func composeHeadline(_ period: YearPeriod) -> String {
        var text = "\(title)，重点谋划项目\(total.startCount)个，总投资\(F.yi(total.startInvestment))亿元"
        let opening = stages.reversed().filter { $0.startCount > 0 }
            .map { "\($0.stage)\($0.startCount)个\(F.yi($0.startInvestment))亿元" }
        if !opening.isEmpty { text += "，其中" + opening.joined(separator: "、") }
        text += "。截至\(endDay)，在推项目\(total.endCount)个，总投资\(F.yi(total.endInvestment))亿元"
        let closing = stages.reversed().filter { $0.endCount > 0 }.map { "\($0.stage)\($0.endCount)个" }
        if !closing.isEmpty { text += "（" + closing.joined(separator: "、") + "）" }
        let moved = milestones.filter { $0.count > 0 }.map { "\($0.milestone)\($0.count)个" }
        if !moved.isEmpty { text += "，\(period.within)" + moved.joined(separator: "、") }
        var outside: [String] = []
        if paused.endCount > 0 { outside.append("暂缓\(paused.endCount)个") }
        if dropped.endCount > 0 { outside.append("终止\(dropped.endCount)个") }
        if !outside.isEmpty { text += "；另有" + outside.joined(separator: "、") }
        text += "。\(period.within)帮助企业办理手续\(permits.closed)项，解决难点堵点问题\(problems.closed)个，"
            + "督办事项办结\(supervision.closed)件"
        if let rate = overall.onTimeRate { text += "，按期办结率\(Self.percent(rate))" }
        text += "。"
        if let investment, investment.planned > 0 || investment.done > 0 {
            text += "完成投资\(Self.yi(investment.done))亿元"
            if let rate = investment.rate { text += "，为计划投资\(Self.yi(investment.planned))亿元的\(Self.percent(rate))" }
            text += "。"
        }
        return text
    }

    /// "3月31日": the last day the report covers (an end at midnight belongs to the day before).
    public var endDay: String {
        guard let date = CivilDate(String(end.prefix(10))) else { return end }
        let day = end.dropFirst(11).prefix(8) == "00:00:00" ? date.adding(days: -1) : date
        return "\(day.month)月\(day.day)日"
    }

    /// "2025年第一季度重点项目推进情况（截至3月31日）".
    public var heading: String { "\(title)重点项目推进情况（截至\(endDay)）" }

    /// The line under the heading: the period, 期初 and 期末, the units.
    public var periodLine: String {
        "统计期间 \(from) 至 \(to)\(complete ? "" : "（截至目前）")；期初 \(F.time(start))"
            + "（含首次周调度 \(F.time(enteredBy)) 前录入的项目），期末 \(F.time(end))；投资单位：亿元"
    }

    /// What the figures mean, for staff (the rules are `YearReport`'s).
    public static let definitions = "口径：期初＝统计期间开始时的项目库，含期间首次周调度前录入的项目（按录入时阶段），期末＝期间结束或截至目前；"
        + "合计只计推进阶段，不含暂缓、终止；签约、备案、开工、投产＝期间内首次进入签约待备案、登记/注册/备案、开工、投产阶段的项目"
        + "（以导入时阶段进入的不计）；手续办结＝期间内办结的手续，按期＝不晚于部门审批期限；督办、难点堵点办结按期＝各环节均未超过期限；"
        + "按期办结率＝三者按期件数之和÷办结件数之和；计划投资、完成投资按项目填报的月度数据（万元）汇总。"

    /// The stage table's headers and a row's cells.
    public static let stageHeaders = ["阶段", "期初项目数", "期初总投资（亿元）", "期末项目数", "期末总投资（亿元）", "项目数增减",
                                      "总投资增减（亿元）"]

    public static func cells(_ row: StageRow) -> [String] {
        [row.stage, "\(row.startCount)", F.yi(row.startInvestment), "\(row.endCount)", F.yi(row.endInvestment),
         F.change(row.change), row.investmentChange == 0 ? "" : (row.investmentChange > 0 ? "+" : "") + F.yi(row.investmentChange)]
    }

    /// The rows of the stage table: the stages, 合计, then 暂缓 and 终止.
    public var stageTable: [StageRow] { stages + [total, paused, dropped] }

    /// The handling table's headers, and its rows: (事项, figures, unit).
    public static let handlingHeaders = ["事项", "期间新增", "期间办结", "其中按期", "按期办结率", "期末在办"]

    public var handlingRows: [(name: String, figures: Handling)] {
        [("帮助企业办理手续", permits), ("难点堵点问题", problems), ("督办事项", supervision), ("合计", overall)]
    }

    public static func cells(_ name: String, _ figures: Handling) -> [String] {
        [name, "\(figures.opened)", "\(figures.closed)", "\(figures.onTime)", percent(figures.onTimeRate), "\(figures.open)"]
    }

    /// The milestone table's headers and a row's cells.
    public static let milestoneHeaders = ["节点", "阶段", "项目数", "项目"]

    public static func cells(_ milestone: Milestone) -> [String] {
        [milestone.milestone, milestone.stage, "\(milestone.count)", milestone.projects.joined(separator: "、")]
    }

    /// The investment table's headers, and its rows: the months, then 合计.
    public static let investmentHeaders = ["月份", "计划投资（万元）", "完成投资（万元）", "完成率"]

    public static func investmentRows(_ investment: Investment) -> [[String]] {
        investment.months.map { [$0.month, amount($0.planned), amount($0.done), percent($0.rate)] }
            + [["合计", amount(investment.planned), amount(investment.done), percent(investment.rate)]]
    }

    /// Said instead of the investment table when no project carries the figures.
    public static let noInvestment = "无（项目尚未填报月度计划投资、完成投资）"

    /// "92.3%" for 0.923, "100%" for 1, "—" for none.
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "—" }
        var text = String(format: "%.1f", value * 100)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text + "%"
    }

    /// 万元 as entered: "1200", "1200.5".
    public static func amount(_ value: Double) -> String { F.wan(value) }

    /// 万元 (possibly fractional) as 亿元, to the 万元.
    public static func yi(_ wan: Double) -> String { F.yi(wan) }
}
