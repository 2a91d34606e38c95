import AgencyReports

/// The service statistics for a terminal: the group table with its totals and the weekly
/// trend, columns lined up with Chinese text (``TextTable``).
enum ServiceStatsTable {
    static func render(_ stats: ServiceStats) -> String {
        let shown = { (text: String) in TerminalText.visible(text) }
        var out = [Console.paint(shown(stats.title), "1"), shown(stats.period), ""]
        if let empty = stats.emptyMessage { out += [Console.paint(shown(empty), "33"), ""] }

        out.append(Console.paint("一、按\(stats.by.title)统计", "1"))
        var groups = TextTable(stats.headers, flexible: 0)
        for row in stats.rows {
            groups.add(stats.cells(row), colors: row.overdue > 0 ? [11: "31"] : [:])
        }
        groups.add(stats.cells(stats.total))
        out += [groups.render(), ""]

        out.append(Console.paint("二、周趋势", "1"))
        var weeks = TextTable(ServiceStats.weekHeaders)
        for week in stats.weeks { weeks.add(ServiceStats.cells(week)) }
        out += [weeks.render(), ""]
        if !stats.investment.isEmpty {
            out.append(Console.paint("三、计划与完成投资（\(stats.from.prefix(7)) 至 \(stats.to.prefix(7))）", "1"))
            var investment = TextTable(ServiceStats.investmentHeaders)
            for row in stats.investment { investment.add(ServiceStats.cells(row)) }
            out += [investment.render(), ""]
        }
        out.append(shown(ServiceStats.definitions))
        return out.joined(separator: "\n")
    }
}
