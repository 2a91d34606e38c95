extension ServiceStats {
    /// The statistics as one self-contained HTML page (inline style and SVG, no scripts, no
    /// outside resources) that prints on A4: the summary, the group table with its totals,
    /// a bar chart of the on-time rate by group, and the weekly trend as a table and two
    /// line charts (on-time rate, permits handled).
    public func html() -> String {
        let escape = WeeklyReport.escape
        var body: [String] = []
        body.append("<h1>\(escape(title))</h1>")
        body.append("<p class=\"muted\">\(escape(period))</p>")
        if let emptyMessage { body.append("<p class=\"flag\">\(escape(emptyMessage))</p>") }

        body.append("<div class=\"cards\">")
        let cards = [("办结", "\(total.handled) 件"), ("按期率", Self.percent(total.onTimeRate)),
                     ("用时中位数", Self.days(total.medianDays) + " 个工作日"),
                     ("在办（超期）", "\(total.open)（\(total.overdue)）"),
                     ("催办 / 督办", "\(total.reminders) / \(total.escalations)")]
        for (label, value) in cards {
            body.append("<div class=\"card\"><div class=\"label\">\(escape(label))</div>"
                        + "<div class=\"num\">\(escape(value))</div></div>")
        }
        body.append("</div>")

        body.append("<h2>一、按\(escape(by.title))统计</h2>")
        let totalRow = "<tr class=\"total\">" + cells(total).enumerated().map { column, cell in
            "<td\(Self.numericColumns.contains(column) ? " class=\"n\"" : "")>\(escape(cell))</td>"
        }.joined() + "</tr>"
        let groupTable = WeeklyReport.table(headers, rows.map { cells($0) }, numeric: Self.numericColumns)
        body.append(String(groupTable.dropLast("</tbody></table>".count)) + totalRow + "</tbody></table>")
        let charted = rows.filter { $0.handled > 0 }
        if !charted.isEmpty {
            body.append("<p class=\"caption\">按期率（按\(escape(by.title))，括号内为按期/办结）</p>")
            body.append(SVGChart.bars(charted.map { row in
                SVGChart.Bar(label: Self.short(row.group), value: (row.onTimeRate ?? 0) * 100,
                             text: Self.percent(row.onTimeRate) + "（\(row.onTime)/\(row.handled)）",
                             color: (row.onTimeRate ?? 0) >= 0.9 ? "#067647" : "#dc6803")
            }, title: "按期率（按\(by.title)）", width: 640, maximum: 100))
        }

        body.append("<h2>二、周趋势</h2>")
        body.append(WeeklyReport.table(Self.weekHeaders, weeks.map(Self.cells), numeric: [2, 3, 4]))
        let label = { (week: Week) in "W" + String(week.week.suffix(2)) }
        // A week with nothing handled has no rate: it is left out of the rate's line.
        let rated = weeks.filter { $0.onTimeRate != nil }
        if rated.count > 1 {
            body.append("<p class=\"caption\">每周按期率（只含有办结的周）</p>")
            body.append(SVGChart.line(rated.map { week in
                (label: label(week), value: (week.onTimeRate ?? 0) * 100, text: Self.percent(week.onTimeRate))
            }, title: "每周按期率", color: "#067647", width: 640, maximum: 100))
        }
        if weeks.count > 1 {
            body.append("<p class=\"caption\">每周办结手续数</p>")
            body.append(SVGChart.line(weeks.map { week in
                (label: label(week), value: Double(week.handled), text: "\(week.handled)")
            }, title: "每周办结手续数", color: "#0b5cad", width: 640))
        }
        if !investment.isEmpty {
            body.append("<h2>三、计划与完成投资（\(escape(String(from.prefix(7)))) 至 \(escape(String(to.prefix(7))))）</h2>")
            body.append(WeeklyReport.table(Self.investmentHeaders, investment.map(Self.cells), numeric: [1, 2, 3, 4]))
        }
        body.append("<p class=\"muted\">\(escape(Self.definitions))</p>")

        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>\(WeeklyReport.style)\(Self.style)</style></head>
            <body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    /// What the page adds to the weekly report's style: the totals row, the cards' labels,
    /// charts that fit the page, and A4 printing (landscape-wide tables shrink to fit).
    static let style = """
        tr.total td{font-weight:bold;background:#f9f9f9}.card .label{color:#555}svg.chart{display:block;\
        width:100%;max-width:640px;height:auto;margin:.3em 0 1em}.caption{font-weight:bold;margin:1.2em 0 0}@page{size:A4;margin:12mm}@media print{body{margin:0;\
        max-width:none;padding:0;font-size:10pt}h2,.caption{break-after:avoid}table,svg.chart,.cards{break-inside:avoid}\
        th{background:#eee!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}\
        rect,circle,polyline{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """

    /// A bar's label cut to 8 characters, so long permit names fit beside the bars.
    static func short(_ label: String) -> String {
        label.count > 8 ? String(label.prefix(7)) + "…" : label
    }
}
