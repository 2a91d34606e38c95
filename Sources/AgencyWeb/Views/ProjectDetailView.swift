import AgencyReports
import AgencyService
import Foundation
import WorkflowEngine

/// What a project's page adds to an instance page: its stage history, its permits with
/// their lights and statutory limits, and the 督办 items and 难点堵点 raised about it;
/// `ProjectRecordsView` adds 专班, 一企一策, visits, 要素保障, investment and verdicts.
enum ProjectDetailView {
    static func build(_ store: WebStore, project: Instance, all: [Instance], naming: Naming) -> [String: Any] {
        let related = all.filter {
            $0.id.hasPrefix(project.id + ".") || $0.data["project"]?.stringValue == project.id
        }
        let permits = related.filter { $0.workflow == ReportMapping.zone.permits.workflow }
            .sorted { ($0.data["submitted_on"]?.stringValue ?? $0.id) < ($1.data["submitted_on"]?.stringValue ?? $1.id) }
        let supervision = related.filter { $0.workflow == "supervision" }
        let problems = related.filter { $0.workflow == "problem" }
        var page: [String: Any] = [
            "stages": stageHistory(store, project: project, naming: naming),
            "permits": permits.map { row($0, naming: naming, extra: [
                "department": $0.data["department"]?.stringValue ?? "",
                "limit": $0.data["limit"]?.intValue.map { "\($0) 个工作日" } ?? "",
                "issued": $0.data["issued_on"]?.stringValue ?? "",
            ]) },
            "supervision": supervision.map { row($0, naming: naming, extra: [
                "owner": naming.person($0.data["owner"]?.stringValue), "source": $0.data["source"]?.stringValue ?? "",
            ]) },
            "problems": problems.map { row($0, naming: naming, extra: [
                "owner": naming.person($0.data["owner"]?.stringValue), "category": $0.data["category"]?.stringValue ?? "",
            ]) },
            "hasPermits": !permits.isEmpty, "hasSupervision": !supervision.isEmpty, "hasProblems": !problems.isEmpty,
            "permitCount": permits.count,
            "issuedCount": permits.filter { $0.status == .completed }.count,
        ]
        page.merge(ProjectRecordsView.build(project: project, related: related, naming: naming)) { $1 }
        return page
    }

    /// One related instance: its subject, state, and the light and deadline of its most
    /// urgent open item.
    static func row(_ instance: Instance, naming: Naming, extra: [String: String]) -> [String: String] {
        let open = instance.items.filter { $0.status == .open && $0.due != nil }.sorted { $0.color > $1.color }
        var row = extra
        row["url"] = "/instances/\(instance.id)"
        row["title"] = instance.data["item"]?.stringValue ?? instance.data["title"]?.stringValue ?? naming.subject(instance)
        row["state"] = instance.status == .running ? naming.stateTitle(instance) : Naming.status(instance.status)
        if let item = open.first {
            row["color"] = item.color.rawValue
            row["light"] = item.color.label
            row["deadline"] = naming.deadline(item)
        } else {
            row["color"] = "none"
        }
        return row
    }

    /// The stages the project went through, each with the day it entered it.
    static func stageHistory(_ store: WebStore, project: Instance, naming: Naming) -> [[String: String]] {
        var stages: [[String: String]] = []
        for entry in project.path {
            let stage = store.service.stage(of: entry.state, in: project)
            guard stages.last?["stage"] != stage else { continue }
            stages.append(["stage": stage, "at": String(naming.time(entry.at).prefix(10))])
        }
        return stages
    }
}
