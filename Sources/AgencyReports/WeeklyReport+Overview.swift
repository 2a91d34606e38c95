extension WeeklyReport {
    /// Page one of the 周例会 paper: what a director reads in a minute. The stage funnel
    /// with 较上周 and 较年初, the permits' lights with what each light means, the year so
    /// far, and who needs attention.
    func overviewHTML() -> String {
        typealias F = ReportFormatting
        var parts: [String] = []
        parts.append("<h1>\(Self.escape(F.title(self)))</h1>")
        parts.append("<p class=\"muted\">\(Self.escape(F.period(self)))</p>")
        for warning in warnings ?? [] { parts.append("<p class=\"flag\">注意：\(Self.escape(warning))</p>") }
        parts.append("<div class=\"overview\">")
        parts.append("<section><h2>项目推进（\(total.count) 个，\(F.yi(total.investment)) 亿元）</h2>\(Self.inline(funnelChart()))"
                     + (F.outsidePipeline(self).map { "<p class=\"muted\">\(Self.escape($0))</p>" } ?? "") + "</section>")
        parts.append("<section><h2>手续亮灯（在办 \(permits.open) 项）</h2>\(Self.inline(lightsChart()))\(Self.legend)</section>")
        if let year = yearToDate {
            let rate = year.itemsDone == 0 ? "—" : "\(year.itemsOnTime * 100 / year.itemsDone)%"
            let cards = [("手续办结", "\(year.permitsIssued)", "项"), ("难点堵点解决", "\(year.problemsResolved)", "个"),
                         ("督办办结", "\(year.supervisionClosed)", "件"), ("按期办结率", rate, "")]
            parts.append("<section><h2>\(year.year) 年以来</h2><div class=\"cards\">" + cards.map { title, number, unit in
                "<div class=\"card\"><div class=\"stage\">\(title)</div><div class=\"num\">\(number)<small> \(unit)</small></div></div>"
            }.joined() + "</div><p class=\"muted\">有期限的事项本年办结 \(year.itemsDone) 项，按期 \(year.itemsOnTime) 项；"
                + "较年初以 \(Self.escape(F.time(year.stagesSince))) 的周调度为基准。</p></section>")
        }
        parts.append("<section><h2>需要关注</h2>\(attentionHTML())</section>")
        parts.append("</div>")
        if let seal = F.seal(self) { parts.append("<p class=\"seal\"><strong>\(Self.escape(seal))</strong></p>") }
        return "<div class=\"page first\">" + parts.joined(separator: "\n") + "</div>"
    }

    /// An SVG for inside an HTML page, where it needs no namespace (the page names no URL).
    static func inline(_ svg: String) -> String {
        svg.replacingOccurrences(of: " xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    }

    /// The stages as bars, each with its count, 较上周 and 较年初.
    func funnelChart() -> String {
        SVGChart.bars(stages.map { row in
            var change: [String] = []
            if row.change != 0 { change.append("周\(ReportFormatting.change(row.change))") }
            if let year = row.sinceYearStart, year != 0 { change.append("年\(ReportFormatting.change(year))") }
            return SVGChart.Bar(label: row.stage, value: Double(row.count),
                                text: "\(row.count) 个" + (change.isEmpty ? "" : "（\(change.joined(separator: "，"))）"),
                                color: "#0b5cad")
        }, title: "项目推进阶段分布（括号内：较上周、较年初）", width: 560, right: 150)
    }

    func lightsChart() -> String {
        SVGChart.bars([
            .init(label: "红灯", value: Double(permits.red.count), text: "\(permits.red.count) 项", color: "#b42318"),
            .init(label: "黄灯", value: Double(permits.yellow.count), text: "\(permits.yellow.count) 项", color: "#dc6803"),
            .init(label: "蓝灯", value: Double(permits.blue.count), text: "\(permits.blue.count) 项", color: "#175cd3"),
            .init(label: "一周内到期", value: Double(permits.dueSoon.count), text: "\(permits.dueSoon.count) 项", color: "#8a94a3"),
            .init(label: "本周办结", value: Double(permits.issuedThisWeek), text: "\(permits.issuedThisWeek) 项", color: "#067647"),
        ], title: "手续办理亮灯", width: 560)
    }

    static let legend = "<p class=\"legend\"><span class=\"dot red\"></span> 红灯：已超过期限　"
        + "<span class=\"dot yellow\"></span> 黄灯：临近期限（一般 2 个工作日内）　"
        + "<span class=\"dot blue\"></span> 蓝灯：进入预警（一般 5 个工作日内）　"
        + "<span class=\"dot green\"></span> 绿灯：正常。期限按工作日计，节假日与调休已计入。</p>"

    /// Who is behind (the five worst), the projects without progress, the liaisons' progress
    /// reports not submitted or copied from last period, and open 督办.
    func attentionHTML() -> String {
        var lines: [String] = []
        let stalled = projects.filter(\.noProgress)
        if !stalled.isEmpty {
            lines.append("<li><span class=\"flag\">本周无进展项目 \(stalled.count) 个</span>："
                         + stalled.prefix(6).map { Self.escape($0.name) }.joined(separator: "、")
                         + (stalled.count > 6 ? " 等" : "") + "</li>")
        }
        let missing = reportsMissing, similar = reportsSimilar
        if let tally = progressReports, !missing.isEmpty || !similar.isEmpty {
            func names(_ lines: [ProjectLine]) -> String {
                lines.prefix(6).map { Self.escape($0.name + ($0.liaison.map { "（\($0)）" } ?? "")) }
                    .joined(separator: "、") + (lines.count > 6 ? " 等" : "")
            }
            var parts: [String] = []
            if !missing.isEmpty { parts.append("本期未提交 \(missing.count) 个：" + names(missing)) }
            if !similar.isEmpty { parts.append("与上期雷同 \(similar.count) 个：" + names(similar)) }
            lines.append("<li><span class=\"flag\">联络员周报（应报 \(tally.expected)，已报 \(tally.submitted)）</span>："
                         + parts.joined(separator: "；") + "</li>")
        }
        for person in behind.prefix(5) {
            var what: [String] = []
            if person.red > 0 { what.append("超期 \(person.red) 项") }
            if person.yellow > 0 { what.append("临期 \(person.yellow) 项") }
            if person.escalated > 0 { what.append("本周被督办 \(person.escalated) 次") }
            lines.append("<li>\(Self.escape(person.name))（\(Self.escape(person.roles.joined(separator: "、")))）："
                         + what.joined(separator: "，") + "</li>")
        }
        if behind.count > 5 { lines.append("<li class=\"muted\">另有 \(behind.count - 5) 人，见末页。</li>") }
        let overdue = supervision.overdue + problems.overdue
        if overdue > 0 { lines.append("<li><span class=\"flag\">超期督办事项、难点堵点 \(overdue) 件</span>，见第四、五部分。</li>") }
        return lines.isEmpty ? "<p>各项工作均在期限内。</p>" : "<ul class=\"attention\">" + lines.joined() + "</ul>"
    }
}
