import AgencySpreadsheet

extension YearReport {
    /// The report as an Excel workbook, one sheet per section: 概况 (the period and the
    /// headline), 阶段, 推进节点, 办理 and 投资完成. Headers are frozen; counts, investment
    /// and rates are numbers a spreadsheet can sum (亿元 with two decimals beside 万元).
    public func workbook() -> Workbook {
        Workbook(sheets: [overviewSheet(), stageSheet(), milestoneSheet(), handlingSheet(), investmentSheet()])
    }

    func overviewSheet() -> Sheet {
        var rows: [[Cell]] = [
            [.text("统计期间"), .text("\(from) 至 \(to)\(complete ? "" : "（截至目前）")")],
            [.text("期初"), .text(F.time(start))],
            [.text("期初含录入截至"), .text(F.time(enteredBy))],
            [.text("期末"), .text(F.time(end))],
            [.text("重点谋划项目（期初，个）"), .integer(total.startCount)],
            [.text("总投资（期初，亿元）"), Self.yiCell(total.startInvestment)],
            [.text("在推项目（期末，个）"), .integer(total.endCount)],
            [.text("总投资（期末，亿元）"), Self.yiCell(total.endInvestment)],
            [.text("帮助企业办理手续（项）"), .integer(permits.closed)],
            [.text("解决难点堵点问题（个）"), .integer(problems.closed)],
            [.text("督办事项办结（件）"), .integer(supervision.closed)],
            [.text("按期办结率"), Self.rateCell(overall.onTimeRate)],
        ]
        if let investment {
            rows.append([.text("完成投资（亿元）"), .number(investment.done / 10_000, decimals: 2)])
            rows.append([.text("投资完成率"), Self.rateCell(investment.rate)])
        }
        rows += [[], [.text("综述"), .text(headline)], [.text("口径"), .text(Self.definitions)]]
        return Sheet(name: "概况", columns: [Column("项目", width: 26), Column("数值", width: 80)], rows: rows)
    }

    func stageSheet() -> Sheet {
        let rows: [[Cell]] = stageTable.map { row in
            [.text(row.stage), .integer(row.startCount), .integer(row.startInvestment), Self.yiCell(row.startInvestment),
             .integer(row.endCount), .integer(row.endInvestment), Self.yiCell(row.endInvestment), .integer(row.change),
             .integer(row.investmentChange)]
        }
        let columns = ["阶段", "期初项目数", "期初总投资（万元）", "期初总投资（亿元）", "期末项目数", "期末总投资（万元）",
                       "期末总投资（亿元）", "项目数增减", "总投资增减（万元）"].map { Column($0) }
        return Sheet(name: "阶段", columns: columns, rows: rows)
    }

    func milestoneSheet() -> Sheet {
        let rows: [[Cell]] = milestones.map { line in
            [.text(line.milestone), .text(line.stage), .integer(line.count), .text(line.projects.joined(separator: "、"))]
        }
        return Sheet(name: "推进节点", columns: Self.milestoneHeaders.map { Column($0, width: $0 == "项目" ? 60 : nil) },
                     rows: rows)
    }

    func handlingSheet() -> Sheet {
        let rows: [[Cell]] = handlingRows.map { name, figures in
            [.text(name), .integer(figures.opened), .integer(figures.closed), .integer(figures.onTime),
             Self.rateCell(figures.onTimeRate), .integer(figures.open)]
        }
        return Sheet(name: "办理", columns: Self.handlingHeaders.map { Column($0) }, rows: rows)
    }

    func investmentSheet() -> Sheet {
        guard let investment else {
            return Sheet(name: "投资完成", columns: Self.investmentHeaders.map { Column($0) },
                         rows: [[.text(Self.noInvestment)]])
        }
        var rows: [[Cell]] = investment.months.map { month in
            [.text(month.month), .number(month.planned), .number(month.done), Self.rateCell(month.rate)]
        }
        rows.append([.text("合计"), .number(investment.planned), .number(investment.done), Self.rateCell(investment.rate)])
        rows.append([.text("填报项目（个）"), .integer(investment.projects)])
        return Sheet(name: "投资完成", columns: Self.investmentHeaders.map { Column($0) }, rows: rows)
    }

    /// 万元 as a number of 亿元 with two decimals.
    static func yiCell(_ wan: Int) -> Cell { .number(Double(wan) / 10_000, decimals: 2) }

    /// A rate as a percentage, or empty when there is none.
    static func rateCell(_ rate: Double?) -> Cell { rate.map(Cell.percent) ?? .empty }
}
