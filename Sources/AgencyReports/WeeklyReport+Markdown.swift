import Foundation

extension WeeklyReport {
    /// The report as Markdown, section by section, for pasting into a document or chat.
    public func markdown() -> String {
        typealias F = ReportFormatting
        var out: [String] = ["# \(F.title(self))", "", F.period(self), ""]
        for warning in warnings ?? [] { out += ["> 注意：\(warning)", ""] }
        func table(_ headers: [String], _ rows: [[String]], right: Set<Int> = []) {
            out.append("| " + headers.map(Self.cell).joined(separator: " | ") + " |")
            out.append("|" + headers.indices.map { right.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|")
            for row in rows { out.append("| " + row.map(Self.cell).joined(separator: " | ") + " |") }
            out.append("")
        }

        // The charts as images where Markdown can show them: inline SVG as data URIs
        // (GitHub, Typora, VS Code and most chat tools render them).
        out += ["![项目推进阶段分布](\(Self.dataURI(funnelChart())))", "",
                "![手续办理亮灯](\(Self.dataURI(lightsChart())))", ""]
        if let year = yearToDate {
            out.append("\(year.year) 年以来：手续办结 \(year.permitsIssued) 项，难点堵点解决 \(year.problemsResolved) 个，"
                       + "督办办结 \(year.supervisionClosed) 件；有期限的事项办结 \(year.itemsDone) 项，按期 \(year.itemsOnTime) 项。")
            out.append("")
        }

        out.append("## 一、项目分阶段统计")
        out.append("")
        table(["阶段", "项目数", "总投资（亿元）", "较上周", "较年初"],
              (stages + [total]).map { [$0.stage, "\($0.count)", F.yi($0.investment), F.change($0.change),
                                        $0.sinceYearStart.map(F.change) ?? ""] },
              right: [1, 2, 3, 4])
        if let outside = F.outsidePipeline(self) { out += [outside, ""] }

        out.append("## 二、项目进展与下一步")
        out.append("")
        let stalled = projects.filter(\.noProgress).count
        out.append(stalled == 0 ? "本周各项目均有进展。" : "⚠ 本周无进展项目 \(stalled) 个，已标记。")
        out.append("")
        table(["编号", "项目", "阶段", "总投资（万元）", "包联领导", "代办员", "联络员", "本周进展", "下一步"],
              projects.map { [$0.id, $0.name, $0.stage, "\($0.investment)", $0.leader, $0.agent, $0.liaison ?? "",
                              F.progress($0), $0.nextStep] },
              right: [3])

        out.append("## 三、手续办理（红黄蓝灯）")
        out.append("")
        out.append("在办手续 \(permits.open) 项，本周办结 \(permits.issuedThisWeek) 项；红灯（超期）\(permits.red.count) 项，"
                   + "黄灯 \(permits.yellow.count) 项，蓝灯 \(permits.blue.count) 项，一周内到期 \(permits.dueSoon.count) 项。")
        out.append("")
        let permitRows = [("红", permits.red), ("黄", permits.yellow), ("蓝", permits.blue), ("绿", permits.dueSoon)]
            .flatMap { colour, lines in lines.map { [colour, $0.project, $0.title, $0.detail, $0.assignee, F.due($0.due, provisional: $0.provisional)] } }
        if !permitRows.isEmpty { table(["灯", "项目", "手续", "部门·环节", "代办员", "截止"], permitRows) }

        for (heading, section) in [("## 四、督办事项", supervision), ("## 五、难点堵点", problems)] {
            out.append(heading)
            out.append("")
            out.append(F.tally(section) + "。")
            out.append("")
            if !section.lines.isEmpty {
                table(["事项", "相关项目", "状态", "环节", "责任人", "截止", "灯"],
                      section.lines.map { [$0.title, $0.project, $0.status, $0.state, $0.owner,
                                           F.due($0.due, provisional: $0.provisional), F.color($0.color)] })
            }
        }

        out.append("## 六、进度滞后人员")
        out.append("")
        if behind.isEmpty {
            out.append("无。")
            out.append("")
        } else {
            table(["人员", "角色", "超期（红）", "滞后（黄）", "本周被督办", "累计催办"],
                  behind.map { [$0.name, $0.roles.joined(separator: "、"), "\($0.red)", "\($0.yellow)",
                                "\($0.escalated)", "\($0.reminders)"] },
                  right: [2, 3, 4, 5])
        }
        if investment != nil {
            out += ["## 七、在建项目投资", "", investmentSummary, ""]
            table(Self.investmentHeaders, investmentRows(), right: [3, 8, 9, 10, 11])
        }
        if teams != nil {
            out += ["## 八、专班与一企一策", ""]
            table(Self.teamHeaders, teamRows(), right: [4, 5, 6])
        }
        if let seal = F.seal(self) { out += ["---", "", "**\(seal)**", ""] }
        return out.joined(separator: "\n")
    }

    /// An SVG as a `data:` URI for a Markdown image.
    static func dataURI(_ svg: String) -> String {
        "data:image/svg+xml;base64," + Data(svg.utf8).base64EncodedString()
    }

    /// A table cell: pipes escaped, lines joined.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
