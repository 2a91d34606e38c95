extension YearReport {
    /// The report as one self-contained HTML page (inline style and SVG, no scripts, no
    /// outside resources, a CSP that forbids them) that prints on A4 like the weekly
    /// report's paper: the headline and the stage chart first, then the tables.
    public func html() -> String {
        typealias W = WeeklyReport
        var body: [String] = []
        body.append("<h1>\(W.escape(heading))</h1>")
        body.append("<p class=\"muted\">\(W.escape(periodLine))</p>")
        body.append("<p class=\"headline\">\(W.escape(headline))</p>")
        let cards = [("重点谋划项目（期初）", "\(total.startCount)", "个"), ("总投资（期初）", F.yi(total.startInvestment), "亿元"),
                     ("帮助企业办理手续", "\(permits.closed)", "项"), ("解决难点堵点", "\(problems.closed)", "个"),
                     ("督办办结", "\(supervision.closed)", "件"), ("按期办结率", Self.percent(overall.onTimeRate), "")]
        body.append("<div class=\"cards\">" + cards.map { label, number, unit in
            "<div class=\"card\"><div class=\"stage\">\(W.escape(label))</div>"
                + "<div class=\"num\">\(W.escape(number))<small> \(unit)</small></div></div>"
        }.joined() + "</div>")
        body.append(W.inline(stageChart()))

        body.append("<h2>一、项目分阶段（期初、期末）</h2>")
        body.append(W.table(Self.stageHeaders, stageTable.map(Self.cells), numeric: Set(1...6)))
        body.append("<p class=\"muted\">合计只计推进阶段，暂缓、终止列于其后。</p>")

        body.append("<h2>二、项目推进节点</h2>")
        body.append(W.table(Self.milestoneHeaders, milestones.map(Self.cells), numeric: [2]))

        body.append("<h2>三、手续办理与问题解决</h2>")
        body.append(W.table(Self.handlingHeaders, handlingRows.map { Self.cells($0.name, $0.figures) },
                            numeric: Set(1...5)))

        body.append("<h2>四、投资完成</h2>")
        if let investment {
            body.append("<p>填报项目 \(investment.projects) 个。</p>")
            body.append(W.table(Self.investmentHeaders, Self.investmentRows(investment), numeric: [1, 2, 3]))
        } else {
            body.append("<p>\(W.escape(Self.noInvestment))</p>")
        }
        body.append("<p class=\"muted\">\(W.escape(Self.definitions))</p>")

        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
            <title>\(W.escape(heading))</title>
            <style>\(W.style)\(Self.style)\(W.printStyle(landscape: false))</style></head>
            <body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    /// Beyond the weekly report's style: the headline set apart, the chart kept narrow.
    static let style = "p.headline{font-size:1.05em;line-height:1.8;border-left:4px solid #0b5cad;padding:.4em .8em;"
        + "background:#f5f8fc}svg.chart{max-width:720px}@media print{p.headline{break-inside:avoid}svg.chart{max-width:100%}}"

    /// Each stage's projects at the start and at the end, with the investment beside.
    func stageChart() -> String {
        SVGChart.pairs(stages.map { row in
            (label: row.stage, first: Double(row.startCount), firstText: "\(row.startCount) 个 \(F.yi(row.startInvestment)) 亿",
             second: Double(row.endCount), secondText: "\(row.endCount) 个 \(F.yi(row.endInvestment)) 亿")
        }, names: ("期初", "期末"), colors: ("#8a94a3", "#0b5cad"), title: "\(title)项目分阶段（期初、期末）")
    }
}
