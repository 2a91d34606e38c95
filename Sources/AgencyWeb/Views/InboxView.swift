import AgencyService
import Foundation
import WorkflowEngine

/// 我的待办: the person's items, most urgent first; or what was copied to them (抄送);
/// or what they have done (已办).
enum InboxView {
    enum Filter: String, CaseIterable {
        case todo, cc, done

        var title: String {
            switch self {
            case .todo: return "待办"
            case .cc: return "抄送"
            case .done: return "已办"
            }
        }
    }

    /// How many 已办 rows a page lists (newest first).
    static let doneLimit = 100

    static func build(_ store: WebStore, person: String, filter: Filter) throws -> [String: Any] {
        let naming = Naming(store: store)
        let open = try store.service.inbox(person)
        var rows: [[String: Any]] = []
        switch filter {
        case .todo:
            rows = open.map { instance, item in
                [
                    "url": "/instances/\(instance.id)",
                    "subject": naming.subject(instance), "workflow": naming.workflowTitle(instance),
                    "state": item.title, "deadline": naming.deadline(item),
                    "color": item.due == nil ? "none" : item.color.rawValue,
                    "light": item.due == nil ? "" : item.color.label,
                    "reminders": item.reminders > 0 ? "催办 \(item.reminders) 次" : "",
                    "proxy": item.onBehalfOf.map { "代 \(naming.person($0))" } ?? "",
                    "id": "\(instance.id) · \(item.id)",
                ]
            }
        case .cc:
            rows = try store.service.carbonCopies(person).map { instance, copy in
                [
                    "url": "/instances/\(instance.id)",
                    "subject": naming.subject(instance), "workflow": naming.workflowTitle(instance),
                    "state": store.service.stateTitle(copy.state, in: instance),
                    "deadline": "\(naming.person(copy.by)) 抄送于 \(naming.time(copy.at))",
                    "color": "none", "light": "", "reminders": copy.note ?? "", "proxy": "",
                    "id": instance.id,
                ]
            }
        case .done:
            var done: [(String, [String: Any])] = []
            for instance in try store.service.list(InstanceFilter(actedBy: person)) {
                for item in instance.items where item.actedBy == person && item.status == .done {
                    done.append((item.actedAt ?? "", [
                        "url": "/instances/\(instance.id)",
                        "subject": naming.subject(instance), "workflow": naming.workflowTitle(instance),
                        "state": item.title,
                        "deadline": "\(decision(item.decision)) · \(naming.time(item.actedAt))",
                        "color": "none", "light": "", "reminders": "", "proxy": "",
                        "id": "\(instance.id) · \(item.id)",
                    ]))
                }
            }
            rows = done.sorted { $0.0 > $1.0 }.prefix(doneLimit).map(\.1)
        }
        let overdue = open.filter { $0.1.color == .red }.count
        return [
            "filter": filter.rawValue, "filterTitle": filter.title,
            "filters": Filter.allCases.map { ["key": $0.rawValue, "title": $0.title, "current": $0 == filter,
                                              "count": $0 == .todo ? "\(open.count)" : ""] as [String: Any] },
            "rows": rows, "empty": rows.isEmpty,
            "openCount": open.count, "overdueCount": overdue, "hasOpen": !open.isEmpty, "hasOverdue": overdue > 0,
        ]
    }

    /// An item's decision in Chinese.
    static func decision(_ decision: String?) -> String {
        switch decision {
        case "approve", "approved": return "同意"
        case "reject", "rejected": return "不同意"
        case nil: return "已办理"
        case let other?: return other
        }
    }
}
