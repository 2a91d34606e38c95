import Foundation

extension YearReport {
    /// The report as Markdown: the headline paragraph first (what goes into a summary or a
    /// newspaper piece), then the tables behind it and what the figures mean.
    public func markdown() -> String {
        var out: [String] = ["# \(heading)", "", periodLine, "", "> " + headline, ""]
        func table(_ headers: [String], _ rows: [[String]], right: Set<Int>) {
            out.append("| " + headers.map(WeeklyReport.cell).joined(separator: " | ") + " |")
            out.append("|" + headers.indices.map { right.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|")
            for row in rows { out.append("| " + row.map(WeeklyReport.cell).joined(separator: " | ") + " |") }
            out.append("")
        }
        out += ["![项目分阶段（期初、期末）](\(WeeklyReport.dataURI(stageChart())))", ""]

        out += ["## 一、项目分阶段（期初、期末）", ""]
        table(Self.stageHeaders, stageTable.map(Self.cells), right: Set(1...6))
        out += ["合计只计推进阶段，暂缓、终止列于其后。", ""]

        out += ["## 二、项目推进节点", ""]
        table(Self.milestoneHeaders, milestones.map(Self.cells), right: [2])

        out += ["## 三、手续办理与问题解决", ""]
        table(Self.handlingHeaders, handlingRows.map { Self.cells($0.name, $0.figures) }, right: Set(1...5))

        out += ["## 四、投资完成", ""]
        if let investment {
            out += ["填报项目 \(investment.projects) 个。", ""]
            table(Self.investmentHeaders, Self.investmentRows(investment), right: [1, 2, 3])
        } else {
            out += [Self.noInvestment, ""]
        }
        out += ["---", "", Self.definitions, ""]
        return out.joined(separator: "\n")
    }
}
