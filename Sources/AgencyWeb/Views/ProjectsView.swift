import AgencyReports
import AgencyService
import Foundation
import WorkflowEngine

/// 项目库 and the big-screen dashboard: the project pipeline by stage, with counts and
/// investment, and the lights of every open item.
enum ProjectsView {
    struct Row {
        var instance: Instance
        var stage: String
        var investment: Double
    }

    static func rows(_ store: WebStore) throws -> [Row] {
        try store.service.list(InstanceFilter(workflow: ReportMapping.zone.projects.workflow)).map { instance in
            Row(instance: instance, stage: store.service.stage(of: instance.state, in: instance),
                investment: instance.data["investment"]?.doubleValue ?? 0)
        }
    }

    /// Stages in pipeline order, then 暂缓 and 终止, each with its count, investment in
    /// 亿元 and a bar width relative to the largest stage.
    static func stages(_ rows: [Row]) -> [[String: Any]] {
        let order = ProjectPipeline.stages + [ProjectPipeline.paused, ProjectPipeline.dropped]
        let largest = max(1, order.map { stage in rows.filter { $0.stage == stage }.count }.max() ?? 1)
        return order.compactMap { stage in
            let members = rows.filter { $0.stage == stage }
            if members.isEmpty && !ProjectPipeline.stages.contains(stage) { return nil }
            return ["stage": stage, "count": members.count,
                    "investment": yi(members.reduce(0) { $0 + $1.investment }),
                    "width": members.isEmpty ? 0 : max(5, (members.count * 100 / largest + 2) / 5 * 5)]
        }
    }

    /// 万元 → "54.7" 亿元.
    static func yi(_ wan: Double) -> String { String(format: "%.1f", wan / 10_000) }

    static func build(_ store: WebStore, stage: String?) throws -> [String: Any] {
        let naming = Naming(store: store)
        let all = try rows(store)
        let shown = all.filter { stage == nil || $0.stage == stage }
        let projects: [[String: Any]] = shown.sorted { $0.instance.id < $1.instance.id }.map { row in
            let open = row.instance.items.filter { $0.status == .open }
            let worst = open.map(\.color).max() ?? .green
            return [
                "url": "/instances/\(row.instance.id)", "code": row.instance.data["code"]?.stringValue ?? row.instance.id,
                "name": naming.subject(row.instance), "enterprise": row.instance.data["enterprise"]?.stringValue ?? "",
                "stage": row.stage, "investment": yi(row.investment),
                "leader": naming.person(row.instance.data["leader"]?.stringValue),
                "agent": naming.person(row.instance.data["agent"]?.stringValue),
                "liaison": naming.person(row.instance.data["liaison"]?.stringValue),
                "color": open.isEmpty ? "none" : worst.rawValue, "light": open.isEmpty ? "" : worst.label,
            ]
        }
        return [
            "stages": stages(all), "projects": projects, "filtered": stage != nil, "stageFilter": stage ?? "",
            "total": all.count, "totalInvestment": yi(all.reduce(0) { $0 + $1.investment }),
        ]
    }

    /// The dashboard: the funnel, and how many open items show each light, by workflow.
    static func dashboard(_ store: WebStore) throws -> [String: Any] {
        let naming = Naming(store: store)
        let all = try rows(store)
        let running = try store.service.list(InstanceFilter(status: .running))
        var lights: [String: [WorkItem.Color: Int]] = [:]
        var red: [[String: String]] = []
        for instance in running {
            let title = naming.workflowTitle(instance)
            for item in instance.items where item.status == .open && item.due != nil {
                lights[title, default: [:]][item.color, default: 0] += 1
                if item.color == .red {
                    red.append(["subject": naming.subject(instance), "state": item.title,
                                "who": naming.person(item.assignee), "deadline": naming.deadline(item)])
                }
            }
        }
        let byWorkflow: [[String: Any]] = lights.keys.sorted().map { title in
            let counts = lights[title] ?? [:]
            return ["workflow": title, "red": counts[.red] ?? 0, "yellow": counts[.yellow] ?? 0,
                    "blue": counts[.blue] ?? 0, "green": counts[.green] ?? 0]
        }
        return [
            "stages": stages(all), "total": all.count, "totalInvestment": yi(all.reduce(0) { $0 + $1.investment }),
            "lights": byWorkflow, "red": Array(red.prefix(12)), "redCount": red.count,
            "updated": naming.time(store.service.timestamps.format(store.now)),
        ]
    }
}
