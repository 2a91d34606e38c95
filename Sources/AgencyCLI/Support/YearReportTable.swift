import AgencyReports

/// The year report for a terminal: the headline, then each section a table whose columns
/// line up with Chinese text (``TextTable``).
enum YearReportTable {
    static func render(_ report: YearReport) -> String {
        // Project names come from the store: shown with control characters visible.
        let shown = { (text: String) in TerminalText.visible(text) }
        var out: [String] = [Console.paint(shown(report.heading), "1"), shown(report.periodLine), "",
                             shown(report.headline), ""]
        func section(_ title: String) { out.append(Console.paint(title, "1")) }

        section("一、项目分阶段（期初、期末）")
        var stages = TextTable(YearReport.stageHeaders)
        for row in report.stageTable { stages.add(YearReport.cells(row)) }
        out += [stages.render(), "合计只计推进阶段，暂缓、终止列于其后。", ""]

        // One line per milestone rather than a table: the project names are the point
        // here, and a terminal wraps a line where it would cut a table's cell.
        section("二、项目推进节点")
        for line in report.milestones {
            out.append(shown("\(line.milestone)（进入\(line.stage)）\(line.count) 个"
                             + (line.projects.isEmpty ? "" : "：" + line.projects.joined(separator: "、"))))
        }
        out.append("")

        section("三、手续办理与问题解决")
        var handling = TextTable(YearReport.handlingHeaders)
        for (name, figures) in report.handlingRows { handling.add(YearReport.cells(name, figures)) }
        out += [handling.render(), ""]

        section("四、投资完成")
        if let investment = report.investment {
            out.append("填报项目 \(investment.projects) 个")
            var months = TextTable(YearReport.investmentHeaders)
            for row in YearReport.investmentRows(investment) { months.add(row) }
            out.append(months.render())
        } else {
            out.append(YearReport.noInvestment)
        }
        out += ["", shown(YearReport.definitions)]
        return out.joined(separator: "\n")
    }
}
