extension AssessmentMinutes {
    /// The minutes as one self-contained HTML page (inline style, no scripts, nothing
    /// fetched: the Content-Security-Policy forbids it) that prints as a paper document on
    /// A4: the heading block, the verdict table (headers repeated on every page, rows
    /// never split), and the approval at the foot.
    public func html() -> String {
        let escape = WeeklyReport.escape
        func paragraphs(_ text: String) -> String {
            escape(text).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "<br>")
        }
        var body: [String] = []
        body.append("<h1>\(escape(Self.title))</h1>")
        body.append("<p class=\"ref\">\(escape(id))</p>")
        body.append("<table class=\"heading\"><tbody>"
                    + heading.map { "<tr><th>\(escape($0.0))</th><td>\(paragraphs($0.1))</td></tr>" }.joined()
                    + "</tbody></table>")
        body.append("<h2>研判意见（\(rows.count) 个项目）</h2>")
        if rows.isEmpty {
            body.append("<p>本次研判会没有列入项目。</p>")
        } else {
            let head = "<tr>" + Self.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
            let lines = rows.map { row in
                "<tr><td class=\"n\">\(row.number)</td>"
                    + "<td class=\"project\">\(escape(row.name))<div class=\"muted\">\(escape(row.project))</div></td>"
                    + "<td class=\"nowrap\">\(escape(row.stage))</td>"
                    + "<td class=\"verdict \(Self.verdictClass(row.verdict))\">\(escape(row.verdict))</td>"
                    + "<td>\(paragraphs(row.reasons))</td>"
                    + "<td>\(row.nextStep.isEmpty ? "—" : paragraphs(row.nextStep))</td></tr>"
            }.joined()
            body.append("<table class=\"verdicts\"><thead>\(head)</thead><tbody>\(lines)</tbody></table>")
        }
        if let note = deferredNote { body.append("<p class=\"note\">\(escape(note))</p>") }
        body.append("<div class=\"approval\"><p>\(escape(approval))</p></div>")

        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <title>\(escape(Self.title))（\(escape(date))）</title>
            <style>\(Self.style)</style></head>
            <body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    /// A verdict's colour in the table: 推进 green, 暂缓 amber, 终止 red, the others plain.
    static func verdictClass(_ verdict: String) -> String {
        switch verdict {
        case "推进到下一阶段": return "advance"
        case "暂缓": return "pause"
        case "终止": return "drop"
        default: return "keep"
        }
    }

    static let style = """
        body{font-family:"FangSong","STFangsong","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",\
        "WenQuanYi Zen Hei",serif;margin:2em auto;max-width:960px;padding:0 1em;color:#111;line-height:1.6}\
        h1{text-align:center;font-size:1.8em;letter-spacing:.2em;margin:.2em 0 0}.ref{text-align:center;color:#777;\
        font-size:.85em;margin:.2em 0 1.2em}h2{font-size:1.15em;border-left:4px solid #c0392b;padding-left:.5em;\
        margin-top:1.6em}table{border-collapse:collapse;width:100%;font-size:.95em}th,td{border:1px solid #bbb;\
        padding:.35em .5em;vertical-align:top;text-align:left;overflow-wrap:anywhere}th{background:#f4f4f4;\
        white-space:nowrap}table.heading th{width:4.5em;text-align:center}td.n{text-align:right;white-space:nowrap}\
        .nowrap{white-space:nowrap}td.project{min-width:9em}.muted{color:#777;font-size:.8em}td.verdict{white-space:nowrap;\
        font-weight:bold}td.advance{color:#067647}td.pause{color:#b54708}td.drop{color:#c0392b}.note{color:#555}\
        .approval{margin-top:2.5em;text-align:right}@page{size:A4;margin:15mm 12mm}@media print{body{margin:0;\
        max-width:none;padding:0;font-size:10.5pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}\
        h2{break-after:avoid}thead{display:table-header-group}tr{break-inside:avoid}.approval{break-inside:avoid}}
        """
}
