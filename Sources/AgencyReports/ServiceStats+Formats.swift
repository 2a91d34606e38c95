import AgencySpreadsheet
import Foundation

/// The text every format of the service statistics shares, CSV and the workbook.
extension ServiceStats {
    /// The column headers of the group table, the group's own first.
    public var headers: [String] {
        [by.title, "办结", "按期", "按期率", "用时中位数（工作日）", "用时P90（工作日）", "法定时限（工作日）",
         "中位用时占时限", "催办", "督办", "在办", "其中超期"]
    }

    /// A row's cells as text, in `headers`' order: rates as "85.7%", days as "4" or
    /// "4.5", "—" for a figure without a value.
    public func cells(_ row: Row) -> [String] {
        [row.group, "\(row.handled)", "\(row.onTime)", Self.percent(row.onTimeRate), Self.days(row.medianDays),
         Self.days(row.p90Days), Self.days(row.limitDays), Self.percent(row.medianToLimit), "\(row.reminders)",
         "\(row.escalations)", "\(row.open)", "\(row.overdue)"]
    }

    /// The columns of `cells` that hold numbers (right-aligned where that matters).
    public static let numericColumns: Set<Int> = Set(1...11)

    /// The headers of the weekly trend.
    public static let weekHeaders = ["周次", "日期", "办结", "按期", "按期率"]

    /// A week's cells as text, in `weekHeaders`' order.
    public static func cells(_ week: Week) -> [String] {
        [week.week, dayRange(week), "\(week.handled)", "\(week.onTime)", percent(week.onTimeRate)]
    }

    /// "办件时效统计（2025-01-06 至 2025-02-14）".
    public var title: String { "办件时效统计（\(from) 至 \(to)）" }

    /// The line under the title: the range, the grouping, the moment open work is counted at.
    public var period: String {
        "统计区间 \(from) 至 \(to)（含）；按\(by.title)分组；在办、超期截至 \(ReportFormatting.time(asOf))"
    }

    /// What the figures mean, for staff (the rules are `ServiceStats`'s).
    public static let definitions = "口径：办结＝区间内办结的手续（按办结时间）；用时＝办理环节开始（补正后重新计时）次日起"
        + "至办结日的工作日数；按期＝办结不晚于办理期限；法定时限按事项取值，分组取中位数；催办、督办为已办结手续累计次数；"
        + "在办、超期按截至时刻统计。"

    /// Said instead of figures when nothing was handled; nil otherwise.
    public var emptyMessage: String? {
        guard isEmpty else { return nil }
        return "\(from) 至 \(to) 没有办结的手续（\(workflow)）" + (total.open > 0 ? "，表中只列在办数。" : "。")
    }

    /// "85.7%" for 0.857, "—" for none.
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.1f%%", value * 100)
    }

    /// "4" or "4.5" working days, "—" for none.
    public static func days(_ value: Double?) -> String {
        guard let value else { return "—" }
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// "01-06—01-12": the days of a week inside the range.
    public static func dayRange(_ week: Week) -> String {
        ReportFormatting.day(week.from) + "—" + ReportFormatting.day(week.to)
    }

    // MARK: CSV

    /// The group table and its totals as CSV (RFC 4180, UTF-8, CRLF line ends), one row per
    /// group, then 合计: what a spreadsheet sorts and filters. Text cells go through
    /// `CSV.text`; counts are numbers, rates and ratios percentages as numbers (85.7),
    /// days numbers with up to one decimal, and an empty cell where a figure has no value.
    /// The weekly trend is in the other formats.
    public func csv() -> String {
        let headers = ["统计区间", by.title, "办结", "按期", "按期率（%）", "用时中位数（工作日）", "用时P90（工作日）",
                       "法定时限（工作日）", "中位用时占时限（%）", "催办", "督办", "在办", "其中超期"]
        var lines = [CSV.row(headers.map(CSV.text))]
        for row in rows + [total] {
            lines.append(CSV.row([CSV.text("\(from)至\(to)"), CSV.text(row.group), CSV.number(row.handled),
                                  CSV.number(row.onTime), Self.decimal(row.onTimeRate.map { $0 * 100 }),
                                  Self.decimal(row.medianDays), Self.decimal(row.p90Days), Self.decimal(row.limitDays),
                                  Self.decimal(row.medianToLimit.map { $0 * 100 }), CSV.number(row.reminders),
                                  CSV.number(row.escalations), CSV.number(row.open), CSV.number(row.overdue)]))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A computed number with at most one decimal ("85.7", "4"), "" for none.
    static func decimal(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(format: "%.1f", tenths)
    }

    // MARK: Workbook

    /// The statistics as an Excel workbook: sheet 办件时效 (one row per group, then 合计, then
    /// the range and the definitions) and sheet 周趋势 (one row per ISO week). Counts are
    /// integers, rates and ratios percent cells, days numbers with one decimal.
    public func workbook() -> Workbook {
        func number(_ value: Double?) -> Cell { value.map { .number($0, decimals: 1) } ?? .empty }
        func percentCell(_ value: Double?) -> Cell { value.map { .percent($0) } ?? .empty }
        var table: [[Cell]] = (rows + [total]).map { row in
            [.text(row.group), .integer(row.handled), .integer(row.onTime), percentCell(row.onTimeRate),
             number(row.medianDays), number(row.p90Days), number(row.limitDays), percentCell(row.medianToLimit),
             .integer(row.reminders), .integer(row.escalations), .integer(row.open), .integer(row.overdue)]
        }
        table.append([])
        table.append([.text("统计区间"), .text("\(from) 至 \(to)")])
        table.append([.text("在办截至"), .text(ReportFormatting.time(asOf))])
        if let emptyMessage { table.append([.text("说明"), .text(emptyMessage)]) }
        table.append([.text("口径"), .text(Self.definitions)])
        let groups = Sheet(name: "办件时效", columns: headers.map { Column($0) }, rows: table)
        let trend = Sheet(name: "周趋势", columns: Self.weekHeaders.map { Column($0) }, rows: weeks.map { week in
            [.text(week.week), .text(Self.dayRange(week)), .integer(week.handled), .integer(week.onTime),
             percentCell(week.onTimeRate)]
        })
        guard !investment.isEmpty else { return Workbook(sheets: [groups, trend]) }
        let money = Sheet(name: "投资完成", columns: Self.investmentHeaders.map { Column($0) }, rows: investment.map { row in
            [.text(row.group), .integer(row.projects), .number(row.planned, decimals: 1), .number(row.completed, decimals: 1),
             percentCell(row.rate)]
        })
        return Workbook(sheets: [groups, trend, money])
    }
}
