extension WeeklyReport {
    /// The report as one self-contained HTML page (inline style and SVG charts, no
    /// scripts, no outside resources) that a leader opens in any browser or forwards as a
    /// file, and that prints as the 周例会 paper on A4: page one the overview
    /// (`overviewHTML`), then the tables. `landscape` prints the pages across.
    public func html(landscape: Bool = false) -> String {
        typealias F = ReportFormatting
        var body: [String] = [overviewHTML()]

        body.append("<h2>一、项目分阶段统计</h2>")
        body.append(Self.table(["阶段", "项目数", "总投资（亿元）", "较上周", "较年初"],
                               (stages + [total]).map { [$0.stage, "\($0.count)", F.yi($0.investment), F.change($0.change),
                                                         $0.sinceYearStart.map(F.change) ?? ""] },
                               numeric: [1, 2, 3, 4]))
        if let outside = F.outsidePipeline(self) { body.append("<p>\(Self.escape(outside))</p>") }

        body.append("<h2>二、项目进展与下一步</h2>")
        let stalled = projects.filter(\.noProgress).count
        body.append("<p>" + (stalled == 0 ? "本周各项目均有进展。" : "<span class=\"flag\">⚠ 本周无进展项目 \(stalled) 个</span>，已在表中标记。") + "</p>")
        var rows: [String] = []
        for line in projects {
            let progress = line.noProgress ? "<span class=\"flag\">⚠ 本周无进展</span>"
                : line.progress.map(Self.escape).joined(separator: "<br>")
            rows.append("<tr\(line.noProgress ? " class=\"stalled\"" : "")>"
                        + "<td class=\"project\">\(Self.dot(line.color)) \(Self.escape(line.name))"
                        + "<div class=\"muted\">\(Self.escape(line.id)) · \(Self.escape(line.sector))</div></td>"
                        + "<td class=\"nowrap\">\(Self.escape(line.stage))</td><td class=\"n\">\(line.investment)</td>"
                        + "<td class=\"person\">\(Self.escape(line.leader))</td><td class=\"person\">\(Self.escape(line.agent))</td>"
                        + "<td class=\"person\">\(Self.escape(line.liaison ?? ""))</td>"
                        + "<td>\(progress)</td><td>\(Self.escape(line.nextStep))</td></tr>")
        }
        body.append("<table class=\"projects\"><thead><tr><th>项目</th><th>阶段</th><th>总投资（万元）</th>"
                    + "<th>包联领导</th><th>代办员</th><th>联络员</th><th>本周进展</th><th>下一步</th></tr></thead><tbody>"
                    + rows.joined() + "</tbody></table>")

        body.append("<h2>三、手续办理（红黄蓝灯）</h2>")
        body.append("<p>在办手续 \(permits.open) 项，本周办结 \(permits.issuedThisWeek) 项。</p>")
        let permitRows = [permits.red, permits.yellow, permits.blue, permits.dueSoon].flatMap { $0 }.map {
            [Self.dot($0.color) + " " + F.color($0.color), Self.escape($0.project), Self.escape($0.title),
             Self.escape($0.detail), Self.escape($0.assignee), Self.escape(F.due($0.due, provisional: $0.provisional))]
        }
        body.append(permitRows.isEmpty ? "<p>无超期、临期手续。</p>"
                    : Self.table(["灯", "项目", "手续", "部门·环节", "代办员", "截止"], permitRows, escaped: true))

        for (heading, section) in [("四、督办事项", supervision), ("五、难点堵点", problems)] {
            body.append("<h2>\(heading)</h2><p>\(Self.escape(F.tally(section)))。</p>")
            if !section.lines.isEmpty {
                body.append(Self.table(["事项", "相关项目", "状态", "环节", "责任人", "截止", "灯"], section.lines.map {
                    [Self.escape($0.title) + "<div class=\"muted\">\(Self.escape($0.id))</div>", Self.escape($0.project),
                     Self.escape($0.status), Self.escape($0.state), Self.escape($0.owner),
                     Self.escape(F.due($0.due, provisional: $0.provisional)), $0.color.isEmpty ? "" : Self.dot($0.color)]
                }, escaped: true))
            }
        }

        body.append("<h2>六、进度滞后人员</h2>")
        body.append(behind.isEmpty ? "<p>无。</p>" : Self.table(
            ["人员", "角色", "超期（红）", "滞后（黄）", "本周被督办", "累计催办"],
            behind.map { [$0.name, $0.roles.joined(separator: "、"), "\($0.red)", "\($0.yellow)", "\($0.escalated)",
                          "\($0.reminders)"] }, numeric: [2, 3, 4, 5]))
        if investment != nil {
            body.append("<h2>七、在建项目投资</h2>")
            body.append("<p>\(Self.escape(investmentSummary))</p>")
            body.append(Self.table(Self.investmentHeaders, investmentRows(), numeric: [3, 8, 9, 10, 11]))
        }
        if teams != nil {
            body.append("<h2>八、专班与一企一策</h2>")
            body.append(Self.table(Self.teamHeaders, teamRows(), numeric: [4, 5, 6]))
        }

        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
            <title>\(Self.escape(F.title(self)))</title>
            <style>\(Self.style)\(Self.printStyle(landscape: landscape))</style></head>
            <body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    static let style = """
        body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:2em auto;\
        max-width:1200px;padding:0 1em;color:#222;line-height:1.5}h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;\
        border-left:4px solid #c0392b;padding-left:.5em;margin-top:1.6em}table{border-collapse:collapse;width:100%;\
        font-size:.92em}th,td{border:1px solid #ddd;padding:.35em .5em;vertical-align:top;text-align:left;\
        word-break:keep-all;overflow-wrap:anywhere}th{background:#f4f4f4;white-space:nowrap}td.n{text-align:right;\
        white-space:nowrap}td.person,.nowrap{white-space:nowrap}td.project{min-width:11em}.muted{color:#777;\
        font-size:.9em}.flag{color:#c0392b;font-weight:bold}tr.stalled{background:#fff6f4}.cards{display:flex;\
        flex-wrap:wrap;gap:.6em;margin:.6em 0}.card{border:1px solid #ddd;border-radius:6px;padding:.4em .8em;\
        min-width:6.5em}.card .num{font-size:1.5em;font-weight:bold}.stage{color:#555}.dot{display:inline-block;\
        width:.8em;height:.8em;border-radius:50%;vertical-align:middle}.red{background:#d63031}.yellow{background:#f1c40f}\
        .blue{background:#2e86de}.green{background:#27ae60}.overview{display:grid;grid-template-columns:1fr 1fr;gap:0 1.5em}\
        .overview section h2{margin-top:.8em}.chart{width:100%;height:auto}.legend{font-size:.85em;color:#444}\
        ul.attention{margin:.3em 0;padding-left:1.2em}
        """

    /// The print rules: A4 pages with margins, page one alone, table headers repeated on
    /// every page, rows never split, colours kept.
    static func printStyle(landscape: Bool) -> String {
        "@page{size:A4\(landscape ? " landscape" : "");margin:12mm 10mm}@media print{body{margin:0;max-width:none;"
            + "padding:0;font-size:9.5pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
            + ".page.first{break-after:page}h2{break-after:avoid}thead{display:table-header-group}"
            + "tr{break-inside:avoid}.overview{gap:0 1em}.card .num{font-size:1.3em}}"
    }

    static func dot(_ color: String) -> String {
        guard ["red", "yellow", "blue", "green"].contains(color) else { return "" }
        return "<span class=\"dot \(color)\" title=\"\(ReportFormatting.color(color))灯\"></span>"
    }

    static func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = [], escaped: Bool = false) -> String {
        let head = "<tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        let body = rows.map { row in
            "<tr>" + row.enumerated().map { column, cell in
                "<td\(numeric.contains(column) ? " class=\"n\"" : "")>\(escaped ? cell : escape(cell))</td>"
            }.joined() + "</tr>"
        }.joined()
        return "<table><thead>\(head)</thead><tbody>\(body)</tbody></table>"
    }

    /// Text for HTML: & < > " ' escaped (also what the web workplace's SVG charts use).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
