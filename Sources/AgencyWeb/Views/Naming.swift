import AgencyJSON
import AgencyService
import Foundation
import WorkflowEngine

/// How pages name things: by project, workflow and state titles and people's names; ids
/// only where a command needs them.
struct Naming {
    let store: WebStore
    /// Project, subject, workflow and state titles, shared with the CLI and notifications;
    /// one per page, so a page's rows read each project once.
    let shared: InstanceNaming

    init(store: WebStore) {
        self.store = store
        shared = InstanceNaming(service: store.service)
    }

    /// A person's name (the id when the directory does not know them).
    func person(_ id: String?) -> String {
        guard let id, !id.isEmpty else { return "" }
        return store.people.person(id)?.name ?? id
    }

    /// What an instance is about (`200MW储能电站项目 · 施工许可`).
    func subject(_ instance: Instance) -> String { shared.subject(instance) }

    static func ownSubject(_ data: JSONValue) -> String? { InstanceNaming.ownSubject(data) }

    func workflowTitle(_ instance: Instance) -> String { shared.workflowTitle(instance) }

    func stateTitle(_ instance: Instance) -> String { shared.stateTitle(instance) }

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
        DeadlineText(timeZone: store.service.timestamps.timeZone, calendar: store.service.engine.calendar)
            .text(item, now: store.now, timestamps: store.service.timestamps)
    }
}
