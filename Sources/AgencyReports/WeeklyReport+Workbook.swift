import AgencySpreadsheet

extension WeeklyReport {
    /// The report as an Excel workbook, one sheet per section as the meeting reads them:
    /// 概况 (stages), 项目 (the project table), 手续 (permits by colour), 督办事项,
    /// 难点堵点 and 工作滞后, then 在建投资 and 专班 when there are any. Headers are frozen, columns sized, and counts and
    /// investment are numbers a spreadsheet can sum.
    public func workbook() -> Workbook {
        Workbook(sheets: [overviewSheet(), projectSheet(), permitSheet(),
                          caseSheet("督办事项", supervision), caseSheet("难点堵点", problems), behindSheet()]
                     + (investment == nil ? [] : [investmentSheet()]) + (teams == nil ? [] : [teamSheet()]))
    }

    func overviewSheet() -> Sheet {
        var rows: [[Cell]] = (stages + [total, paused, dropped]).map { row in
            [.text(row.stage), .integer(row.count), .integer(row.investment),
             .number(Double(row.investment) / 10_000, decimals: 2), .integer(row.change)]
        }
        rows.append([])
        rows.append([.text("周次"), .text(week)])
        rows.append([.text("截至"), .text(ReportFormatting.time(asOf))])
        if let tally = progressReports {
            rows.append([.text("联络员周报应报"), .integer(tally.expected)])
            rows.append([.text("联络员周报已报"), .integer(tally.submitted)])
            rows.append([.text("本期未提交"), .integer(tally.missing.count)])
            rows.append([.text("与上期雷同"), .integer(tally.similar.count)])
        }
        if let seal { rows.append([.text("本周存证码"), .text(seal)]) }
        for warning in warnings ?? [] { rows.append([.text("说明"), .text(warning)]) }
        return Sheet(name: "概况", columns: [Column("阶段"), Column("项目数"), Column("总投资（万元）"),
                                           Column("总投资（亿元）"), Column("较上周")], rows: rows)
    }

    func projectSheet() -> Sheet {
        let rows: [[Cell]] = projects.map { line in
            [.text(line.id), .text(line.name), .text(line.enterprise), .text(line.sector), .text(line.stage),
             .text(line.state), .integer(line.investment), .text(line.leader), .text(line.agent),
             .text(line.progress.joined(separator: "；")), .text(line.nextStep), .text(line.noProgress ? "是" : ""),
             .text(ReportFormatting.color(line.color)), .integer(line.permitsIssued), .integer(line.permitsTotal),
             .text(line.liaison ?? ""), .text(ReportFormatting.reportFlag(line) ?? "")]
        }
        let columns = ["编号", "项目名称", "建设单位", "产业领域", "阶段", "当前环节", "总投资（万元）", "包联领导",
                       "代办员", "本周进展", "下一步", "本周无进展", "灯", "手续已办结", "手续总数", "联络员", "周报标记"]
            .map { Column($0, width: $0 == "本周进展" ? 50 : nil) }
        return Sheet(name: "项目", columns: columns, rows: rows)
    }

    func permitSheet() -> Sheet {
        let groups: [(String, [DueLine])] = [("红灯", permits.red), ("黄灯", permits.yellow), ("蓝灯", permits.blue),
                                              ("一周内到期", permits.dueSoon)]
        let rows: [[Cell]] = groups.flatMap { group, lines in
            lines.map { line in
                [.text(group), .text(line.project), .text(line.title), .text(line.detail), .text(line.assignee),
                 .text(ReportFormatting.due(line.due, provisional: line.provisional)), .text(line.instance)]
            }
        }
        return Sheet(name: "手续", columns: ["分类", "项目", "手续", "办理部门/环节", "经办人", "期限", "编号"].map { Column($0) },
                     rows: rows)
    }

    func caseSheet(_ name: String, _ section: CaseSection) -> Sheet {
        let rows: [[Cell]] = section.lines.map { line in
            [.text(line.title), .text(line.project), .text(line.status), .text(line.state), .text(line.owner),
             .text(ReportFormatting.due(line.due, provisional: line.provisional)), .text(ReportFormatting.color(line.color)),
             .text(line.id)]
        }
        return Sheet(name: name, columns: ["事项", "项目", "状态", "环节", "责任人", "期限", "灯", "编号"].map { Column($0) },
                     rows: rows)
    }

    func behindSheet() -> Sheet {
        let rows: [[Cell]] = behind.map { line in
            [.text(line.name), .text(line.roles.joined(separator: "、")), .integer(line.red), .integer(line.yellow),
             .integer(line.escalated), .integer(line.reminders)]
        }
        return Sheet(name: "工作滞后", columns: ["姓名", "角色", "超期（红灯）", "临期（黄灯）", "本周督办", "累计催办"].map { Column($0) },
                     rows: rows)
    }

    func investmentSheet() -> Sheet {
        let rows: [[Cell]] = (investment ?? []).map { line in
            [.text(line.id), .text(line.name), .text(line.stage), .integer(line.investment), .text(line.plannedStart ?? ""),
             .text(line.startedOn.map { String($0.prefix(10)) } ?? ""), .text(line.plannedCompletion ?? ""),
             .text(line.completedOn.map { String($0.prefix(10)) } ?? ""),
             line.planned.map { .number($0, decimals: 1) } ?? .text(""), .number(line.completed, decimals: 1),
             .number(line.lastMonth, decimals: 1), line.rate.map { .number($0 * 100, decimals: 1) } ?? .text("")]
        }
        let columns = Self.investmentHeaders.map { Column($0 == "完成率" ? "完成率（%）" : $0) }
        return Sheet(name: "在建投资", columns: columns, rows: rows)
    }

    func teamSheet() -> Sheet {
        let rows: [[Cell]] = (teams ?? []).map { line in
            [.text(line.id), .text(line.name), .text(line.lead), .text(line.members.joined(separator: "、")),
             .integer(line.measures), .integer(line.measuresDone), .integer(line.measuresOverdue), .text(line.nextMeasure ?? "")]
        }
        return Sheet(name: "专班与一企一策", columns: Self.teamHeaders.map { Column($0) }, rows: rows)
    }
}
