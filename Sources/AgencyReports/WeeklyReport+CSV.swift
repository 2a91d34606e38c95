extension WeeklyReport {
    /// The project table as CSV (RFC 4180, UTF-8, CRLF line ends), one row per project:
    /// the part of the report a spreadsheet sorts and filters. The liaison's progress report
    /// leads 本周进展; 周报标记 is the dispatch's flag on it (本期未提交, 与上期雷同). The
    /// stage totals are the sums of its columns; the other sections are in the other
    /// formats. Text cells are
    /// neutralised against formula injection (`CSV.text`); the investment and the permit
    /// counts are numbers and stay numbers.
    public func csv() -> String {
        let headers = ["周次", "编号", "项目名称", "建设单位", "产业领域", "阶段", "当前环节", "总投资（万元）",
                       "包联领导", "代办员", "本周进展", "下一步", "本周无进展", "灯", "手续已办结", "手续总数",
                       "联络员", "周报标记"]
        var rows = [CSV.row(headers.map(CSV.text))]
        for line in projects {
            let text = [week, line.id, line.name, line.enterprise, line.sector, line.stage, line.state].map(CSV.text)
            let rest = [line.leader, line.agent, line.progress.joined(separator: "；"), line.nextStep,
                        line.noProgress ? "是" : "", ReportFormatting.color(line.color)].map(CSV.text)
            let report = [line.liaison ?? "", ReportFormatting.reportFlag(line) ?? ""].map(CSV.text)
            rows.append(CSV.row(text + [CSV.number(line.investment)] + rest
                                + [CSV.number(line.permitsIssued), CSV.number(line.permitsTotal)] + report))
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }
}
