import AgencyJSON
import AgencyReports
import AgencyService
import WorkflowEngine

/// What the 全代办 records on a project: its 专班 and 一企一策, site visits, 要素保障
/// elements, investment progress and the 分析研判会's verdicts (the `project` workflow's
/// internal events; see Docs/workflows.md). Each part is empty when nothing was recorded.
enum ProjectRecordsView {
    static func build(project: Instance, related: [Instance], naming: Naming) -> [String: Any] {
        let data = project.data
        var page: [String: Any] = [:]
        if let team = data["team"]?.objectValue {
            page["team"] = [
                "lead": team["lead"]?.stringValue ?? "", "since": team["since"]?.stringValue ?? "",
                "members": (team["members"]?.arrayValue ?? []).compactMap(\.objectValue).map { member in
                    ["name": member["name"]?.stringValue ?? "", "department": member["department"]?.stringValue ?? "",
                     "duty": member["duty"]?.stringValue ?? ""]
                },
            ] as [String: Any]
        }
        let measures = data["plan"]?.objectValue?["measures"]?.arrayValue ?? []
        page["measures"] = measures.compactMap(\.objectValue).map { measure in
            ["measure": measure["measure"]?.stringValue ?? "", "owner": measure["owner"]?.stringValue ?? "",
             "due": measure["due"]?.stringValue ?? "", "status": measure["status"]?.stringValue ?? ""]
        }
        page["hasMeasures"] = !measures.isEmpty
        let visits = data["visits"]?.arrayValue ?? []
        page["visits"] = visits.compactMap(\.objectValue).reversed().map { visit in
            ["date": visit["date"]?.stringValue ?? "", "place": visit["place"]?.stringValue ?? "",
             "attendees": (visit["attendees"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: "、"),
             "findings": visit["findings"]?.stringValue ?? "", "by": naming.person(visit["by"]?.stringValue)]
        }
        page["hasVisits"] = !visits.isEmpty
        let elements = related.filter { $0.workflow == "element" }.sorted { $0.createdAt < $1.createdAt || ($0.createdAt == $1.createdAt && $0.id < $1.id) }
        page["elements"] = elements.map { element in
            ProjectDetailView.row(element, naming: naming, extra: [
                "department": element.data["department"]?.stringValue ?? "",
                "result": element.data["result"]?.stringValue ?? "",
                "note": element.data["note"]?.stringValue ?? "",
            ]).merging(["title": element.data["element"]?.stringValue ?? element.id]) { $1 }
        }
        page["hasElements"] = !elements.isEmpty
        page["investment"] = investment(data.objectValue ?? [:])
        let verdicts = data["assessments"]?.arrayValue ?? []
        page["assessments"] = verdicts.compactMap(\.objectValue).reversed().map { verdict in
            ["date": verdict["date"]?.stringValue ?? "", "verdict": verdict["verdict"]?.stringValue ?? "",
             "reasons": verdict["reasons"]?.stringValue ?? "", "stage": verdict["stage"]?.stringValue ?? "",
             "meeting": verdict["meeting"]?.stringValue ?? ""]
        }
        page["hasAssessments"] = !verdicts.isEmpty
        return page
    }

    /// Planned and completed investment by month, with the running total; nil when the
    /// project has no figures.
    static func investment(_ data: [String: JSONValue]) -> [String: Any]? {
        let plan = data["investment_plan"]?.objectValue ?? [:]
        let done = data["investment_done"]?.objectValue ?? [:]
        guard !plan.isEmpty || !done.isEmpty || data["planned_start"] != nil else { return nil }
        var running = 0.0
        let months = Set(plan.keys).union(done.keys).sorted()
        let rows: [[String: String]] = months.map { month in
            running += done[month]?.doubleValue ?? 0
            return ["month": month, "planned": plan[month]?.doubleValue.map(amount) ?? "",
                    "done": done[month]?.doubleValue.map(amount) ?? "", "total": amount(running)]
        }
        let planned = plan.values.compactMap(\.doubleValue).reduce(0, +)
        return [
            "rows": rows, "plannedStart": data["planned_start"]?.stringValue ?? "—",
            "startedOn": data["started_on"]?.stringValue ?? "—",
            "plannedCompletion": data["planned_completion"]?.stringValue ?? "—",
            "completedOn": data["completed_on"]?.stringValue ?? "—",
            "completed": amount(running),
            "rate": planned > 0 ? String(format: "%.1f%%", running / planned * 100) : "—",
        ]
    }

    static func amount(_ value: Double) -> String {
        ReportFormatting.wan(value) + " 万元"
    }
}
