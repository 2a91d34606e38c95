extension WeeklyReport {
    /// The project table as CSV (RFC 4180, UTF-8, CRLF line ends), one row per project:
    /// the part of the report a spreadsheet sorts and filters. The stage totals are the
    /// sums of its columns; the other sections are in the other formats.
    public func csv() -> String {
        let headers = ["周次", "编号", "项目名称", "建设单位", "产业领域", "阶段", "当前环节", "总投资（万元）",
                       "包联领导", "代办员", "本周进展", "下一步", "本周无进展", "灯", "手续已办结", "手续总数"]
        var rows = [headers]
        for line in projects {
            rows.append([week, line.id, line.name, line.enterprise, line.sector, line.stage, line.state,
                         "\(line.investment)", line.leader, line.agent, line.progress.joined(separator: "；"),
                         line.nextStep, line.noProgress ? "是" : "", ReportFormatting.color(line.color),
                         "\(line.permitsIssued)", "\(line.permitsTotal)"])
        }
        return rows.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// Quotes a field when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
