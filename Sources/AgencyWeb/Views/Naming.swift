import AgencyJSON
import AgencyService
import Foundation
import WorkflowEngine

/// How pages name things: by project, workflow and state titles and people's names; ids
/// only where a command needs them.
struct Naming {
    let store: WebStore

    /// A person's name (the id when the directory does not know them).
    func person(_ id: String?) -> String {
        guard let id, !id.isEmpty else { return "" }
        return store.people.person(id)?.name ?? id
    }

    /// What an instance is about: its project's name, and for a child its own subject
    /// (`200MW储能电站项目 · 施工许可`).
    func subject(_ instance: Instance) -> String {
        guard let dot = instance.id.firstIndex(of: ".") else { return Self.ownSubject(instance.data) ?? instance.id }
        let root = String(instance.id[..<dot])
        // A child's `project` names its root by id, which is no subject of its own.
        let own = Self.ownSubject(instance.data).flatMap { $0 == root ? nil : $0 }
        let project = (try? store.service.instance(root)).flatMap { Self.ownSubject($0.data) }
        switch (project, own) {
        case let (project?, own?) where own != project: return "\(project) · \(own)"
        case let (project?, _): return project
        case let (nil, own?): return own
        default: return instance.id
        }
    }

    static func ownSubject(_ data: JSONValue) -> String? {
        for key in ["name", "item", "title", "subject", "topic", "project_name", "project"] {
            if let text = data[key]?.stringValue, !text.isEmpty { return text }
        }
        return nil
    }

    /// The workflow's title (its name when the definition cannot be read).
    func workflowTitle(_ instance: Instance) -> String {
        (try? store.service.definition(instance.workflow, instance.version).title) ?? instance.workflow
    }

    func stateTitle(_ instance: Instance) -> String {
        store.service.stateTitle(instance.state, in: instance)
    }

    /// The status in Chinese.
    static func status(_ status: Instance.Status) -> String {
        switch status {
        case .running: return "办理中"
        case .completed: return "已办结"
        case .cancelled: return "已取消"
        case .failed: return "出错"
        }
    }

    /// A stored time as a page shows it: 2025-03-14 13:05.
    func time(_ iso: String?) -> String {
        guard let iso, let date = store.service.timestamps.parse(iso) else { return iso ?? "" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = store.service.timestamps.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0)
    }

    func deadline(_ item: WorkItem) -> String {
        guard let iso = item.due, let due = store.service.timestamps.parse(iso) else { return "无期限" }
        let text = DeadlineText(timeZone: store.service.timestamps.timeZone, calendar: store.service.engine.calendar)
            .text(due: due, now: store.now)
        return item.dueIsProvisional ? text + "（暂定）" : text
    }
}
