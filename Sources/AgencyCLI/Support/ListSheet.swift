import AgencyReports
import AgencyService
import AgencySpreadsheet
import ArgumentParser
import WorkflowEngine

/// The formats of `agency list`.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, xlsx
}

/// `agency list` as a spreadsheet: one row per instance with its subject, workflow and
/// state titles, status, holders, the nearest deadline (its last day) and light, and the
/// investment and people of a project when its data has them.
///
/// Rows are made as instances are read (`add`), so a listing of a large store holds its
/// cells, not its instances.
struct ListSheet {
    let view: StaffView
    private(set) var rows: [[Cell]] = []

    init(view: StaffView) { self.view = view }

    mutating func add(_ instance: Instance) { rows.append(cells(instance)) }

    var headers: [String] {
        ["编号", "项目/事由", "流程", "环节", "状态", "当前办理", "期限（最后一天）", "灯", "总投资（万元）", "包联领导",
         "代办员", "联络员", "更新时间"]
    }

    /// One row's cells: text, except the investment (a number).
    func cells(_ stored: Instance) -> [Cell] {
        // What a form hides from the person listing stays out of the sheet, as in `show`.
        let viewer = try? view.session.actor()
        let hidden = (try? view.session.service.definition(stored.workflow, stored.version))
            .map { stored.hiddenFields(for: viewer, definition: $0, people: view.session.people) } ?? []
        let instance = stored.hiding(hidden)
        let urgent = instance.openItems.filter { $0.due != nil }.min { ($0.due ?? "") < ($1.due ?? "") }
        let investment: Cell = if let whole = instance.data["investment"]?.intValue { .integer(Int(whole)) }
            else if let number = instance.data["investment"]?.doubleValue, number.isFinite { .number(number) }
            else { .empty }
        let text: [String] = [
            instance.id, view.naming.subject(instance), view.naming.workflowTitle(instance),
            instance.status == .running ? view.naming.stateTitle(instance) : "", view.status(instance.status),
            instance.openItems.map(view.holder).joined(separator: "、"), urgent.map(lastDay) ?? "",
            urgent.map { $0.color.chinese } ?? "",
        ]
        let people = ["leader", "agent", "liaison"].map { view.name(instance.data[$0]?.stringValue) }
        return text.map { Cell.text($0) } + [investment]
            + people.map { Cell.text($0) } + [.text(ReportFormatting.time(instance.updatedAt))]
    }

    /// The last day an item may be done on: a deadline at midnight belongs to the day before.
    func lastDay(_ item: WorkItem) -> String {
        guard let due = item.due, let date = view.session.service.timestamps.parse(due) else { return "" }
        let day = due.hasSuffix("T00:00:00" + due.suffix(6)) ? date.addingTimeInterval(-1) : date
        return String(view.session.service.timestamps.format(day).prefix(10)) + (item.dueIsProvisional ? "（暂定）" : "")
    }

    func workbook() -> Workbook {
        Workbook(sheets: [Sheet(name: "事项清单", columns: headers.map { Column($0) }, rows: rows)])
    }

    /// The same rows as CSV (UTF-8 with BOM for Excel, CRLF), text neutralised against
    /// formula injection.
    func csv() -> String {
        var lines = [CSV.row(headers.map(CSV.text))]
        for row in rows {
            lines.append(CSV.row(row.map { cell in
                switch cell {
                case .text(let text): return CSV.text(text)
                case .integer(let value): return String(value)
                case .number(let value, _): return String(value)
                default: return ""
                }
            }))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }
}
