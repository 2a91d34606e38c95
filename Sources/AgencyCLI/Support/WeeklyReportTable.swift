import AgencyReports
import AgencyService

/// The weekly report for a terminal: each section a table whose columns line up with
/// Chinese text (``TextTable``); long cells are clipped to keep rows on one line.
enum WeeklyReportTable {
    typealias F = ReportFormatting

    static func render(_ report: WeeklyReport) -> String {
        // Zone names, project names and titles come from the store: shown with control
        // characters visible, like every table cell, before any colour is added.
        let shown = { (text: String) in TerminalText.visible(text) }
        var out: [String] = [Console.paint(shown(F.title(report)), "1"), shown(F.period(report)), ""]
        for warning in report.warnings ?? [] { out += [Console.paint(shown("注意：\(warning)"), "33"), ""] }
        func section(_ title: String) { out.append(Console.paint(title, "1")) }

        section("一、项目分阶段统计")
        var stages = TextTable(["阶段", "项目数", "总投资（亿元）", "较上周", "较年初"])
        for row in report.stages + [report.total] {
            stages.add([row.stage, "\(row.count)", F.yi(row.investment), F.change(row.change),
                        row.sinceYearStart.map(F.change) ?? ""])
        }
        out.append(stages.render())
        if let outside = F.outsidePipeline(report) { out.append(shown(outside)) }
        if let year = report.yearToDate {
            out.append("\(year.year) 年以来：手续办结 \(year.permitsIssued) 项，难点堵点解决 \(year.problemsResolved) 个，"
                       + "督办办结 \(year.supervisionClosed) 件；有期限的事项办结 \(year.itemsDone) 项，按期 \(year.itemsOnTime) 项")
        }
        out.append("")

        section("二、项目进展与下一步")
        var projects = TextTable(["编号", "项目", "阶段", "总投资（万元）", "代办员", "灯", "本周进展", "下一步"], flexible: 6)
        for line in report.projects {
            let progress = line.noProgress ? "⚠ 本周无进展" : clip(line.progress.joined(separator: "；"), 44)
            projects.add([line.id, clip(line.name, 24), line.stage, "\(line.investment)", line.agent,
                          F.color(line.color), progress, clip(line.nextStep, 40)],
                         colors: line.noProgress ? [6: "31"] : [:])
        }
        out.append(projects.render())
        out.append("")

        section("三、手续办理（红黄蓝灯）")
        out.append("在办手续 \(report.permits.open) 项，本周办结 \(report.permits.issuedThisWeek) 项；"
                   + "红灯 \(report.permits.red.count)、黄灯 \(report.permits.yellow.count)、"
                   + "蓝灯 \(report.permits.blue.count)、一周内到期 \(report.permits.dueSoon.count)")
        let due = [report.permits.red, report.permits.yellow, report.permits.blue, report.permits.dueSoon].flatMap { $0 }
        if !due.isEmpty {
            var permits = TextTable(["灯", "项目", "手续", "部门·环节", "代办员", "截止"])
            for line in due {
                permits.add([F.color(line.color), clip(line.project, 20), clip(line.title, 22), clip(line.detail, 24),
                             line.assignee, F.due(line.due, provisional: line.provisional)])
            }
            out.append(permits.render())
        }
        out.append("")

        for (title, cases) in [("四、督办事项", report.supervision), ("五、难点堵点", report.problems)] {
            section(title)
            out.append(shown(F.tally(cases)))
            if !cases.lines.isEmpty {
                var table = TextTable(["编号", "事项", "状态", "环节", "责任人", "截止", "灯"])
                for line in cases.lines {
                    table.add([line.id, clip(line.title, 36), line.status, clip(line.state, 12), line.owner,
                               F.due(line.due, provisional: line.provisional), F.color(line.color)])
                }
                out.append(table.render())
            }
            out.append("")
        }

        section("六、进度滞后人员")
        if report.behind.isEmpty {
            out.append("无")
        } else {
            var people = TextTable(["人员", "角色", "超期（红）", "滞后（黄）", "本周被督办", "累计催办"])
            for line in report.behind {
                people.add([line.name, line.roles.joined(separator: "、"), "\(line.red)", "\(line.yellow)",
                            "\(line.escalated)", "\(line.reminders)"])
            }
            out.append(people.render())
        }
        if report.investment != nil {
            out.append("")
            section("七、在建项目投资")
            out.append(report.investmentSummary)
            var table = TextTable(WeeklyReport.investmentHeaders, flexible: 1)
            for row in report.investmentRows() { table.add(row) }
            out.append(table.render())
        }
        if report.teams != nil {
            out.append("")
            section("八、专班与一企一策")
            var table = TextTable(WeeklyReport.teamHeaders, flexible: 3)
            for row in report.teamRows() { table.add(row.enumerated().map { $0.offset == 7 ? clip($0.element, 40) : $0.element }) }
            out.append(table.render())
        }
        if let seal = F.seal(report) { out += ["", Console.paint(shown(seal), "1")] }
        return out.joined(separator: "\n")
    }

    /// At most `width` terminal columns, with "…" when cut.
    static func clip(_ text: String, _ width: Int) -> String {
        guard TextTable.displayWidth(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let columns = TextTable.displayWidth(String(character))
            if used + columns > width - 1 { break }
            result.append(character)
            used += columns
        }
        return result + "…"
    }
}
