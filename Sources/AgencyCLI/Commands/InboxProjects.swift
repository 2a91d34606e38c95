import AgencyJSON
import AgencyReports
import AgencyService
import WorkflowEngine

extension InboxCommand {
    /// `agency inbox --projects`: 我包联的项目. Every running project the person leads
    /// (包联领导), or is 代办员 or 联络员 of, with its stage, its worst light over its own
    /// items and its children's (permits, cases), what is overdue there and who holds it.
    func showProjects(_ whom: String, _ session: AgencySession) throws {
        let view = try StaffView(session)
        // Only running projects and their running children count here.
        let all = try mapErrors { try session.service.list(InstanceFilter(status: .running)) }
        var children: [String: [Instance]] = [:]
        for instance in all {
            // A permit belongs to its root; a 督办 or 难点 case to the project it names.
            let root = view.naming.projectID(instance)
            if root != instance.id { children[root, default: []].append(instance) }
        }
        let roles = [("leader", view.t("包联领导", "leader")), ("agent", view.t("代办员", "agent")), ("liaison", view.t("联络员", "liaison"))]
        let mine = all.filter { instance in
            instance.workflow == "project" && instance.status == .running
                && roles.contains { instance.data[$0.0]?.stringValue == whom }
        }
        struct Row { var project: Instance; var role: String; var open: [(Instance, WorkItem)] }
        let rows = mine.map { project in
            Row(project: project, role: roles.first { project.data[$0.0]?.stringValue == whom }?.1 ?? "",
                open: ([project] + (children[project.id] ?? [])).filter { $0.status == .running }
                    .flatMap { instance in instance.openItems.map { (instance, $0) } })
        }.sorted { lhs, rhs in
            let left = lhs.open.map(\.1.color).max() ?? .green, right = rhs.open.map(\.1.color).max() ?? .green
            return (left, rhs.project.id) > (right, lhs.project.id)
        }
        if json {
            Console.out(try JSONValue.array(rows.map { row in
                .object(["project": .string(row.project.id), "state": .string(row.project.state),
                         "stage": .string(session.service.stage(of: row.project.state, in: row.project)),
                         "open": .integer(Int64(row.open.count)),
                         "overdue": .array(row.open.filter { $0.1.color == .red }.map { instance, item in
                             ["instance": .string(instance.id), "item": .string(item.id), "assignee": .string(item.assignee)]
                         })])
            }).prettyString())
            return
        }
        var table = TextTable(view.english ? ["project", "as", "stage", "light", "overdue (held by)", "open"]
                                           : ["项目", "身份", "阶段", "状态灯", "超期事项（办理人）", "在办"], flexible: 4)
        for row in rows {
            let worst = row.open.filter { $0.1.due != nil }.map(\.1).max { $0.color < $1.color }
            let overdue = row.open.filter { $0.1.color == .red }.map { instance, item in
                let what = instance.id == row.project.id ? item.title : view.naming.subject(instance)
                    .replacingOccurrences(of: (view.naming.projectName(row.project.id) ?? "") + " · ", with: "")
                return "\(what)（\(view.holder(item))，\(view.deadline(item))）"
            }
            table.add(["\(view.naming.projectName(row.project.id) ?? row.project.id) [\(row.project.id)]", row.role,
                       session.service.stage(of: row.project.state, in: row.project), worst.map(view.light) ?? "",
                       overdue.joined(separator: view.t("；", "; ")), "\(row.open.count)"],
                      colors: worst.map { [3: InstanceRendering.colorCode($0.color)] } ?? [:])
        }
        Console.out(TerminalText.visible(view.t("\(view.name(whom)) 包联的项目（\(rows.count) 个）",
                                                "projects of \(view.name(whom)) (\(rows.count))")))
        Console.out(table.render())
    }
}
