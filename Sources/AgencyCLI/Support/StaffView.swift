import AgencyReports
import AgencyService
import Foundation
import WorkflowEngine

/// What the staff-facing output of one command needs: names instead of ids, the store's
/// language, deadlines and times in plain words as of the command's time.
///
/// `--json` never goes through here: it keeps ids and ISO-8601 times.
struct StaffView {
    let session: AgencySession
    let naming: InstanceNaming
    let language: StaffLanguage
    let now: Date

    init(_ session: AgencySession) throws {
        self.session = session
        naming = InstanceNaming(service: session.service)
        language = session.service.language
        now = try session.now()
    }

    var english: Bool { language == .english }

    /// A phrase in the store's language.
    func t(_ chinese: String, _ english: String) -> String { language.pick(chinese, english) }

    /// A person by name; the id when the directory does not know them.
    func name(_ id: String?) -> String {
        guard let id, !id.isEmpty else { return "" }
        if let person = session.people.person(id) { return person.name }
        // The engine's own records (timers, deliveries) are the system's.
        return id == "system" ? t("系统", "system") : id
    }

    /// An item's holder by name, with whom they hold it for: 王芳（代 张伟）.
    func holder(_ item: WorkItem) -> String {
        name(item.assignee) + (item.onBehalfOf.map { t("（代 \(name($0))）", " (for \(name($0)))") } ?? "")
    }

    /// An item's deadline in plain words ("" without one).
    func deadline(_ item: WorkItem) -> String {
        guard item.due != nil else { return "" }
        return DeadlineText(timeZone: session.service.timestamps.timeZone, calendar: session.service.engine.calendar,
                            language: language).text(item, now: now, timestamps: session.service.timestamps)
    }

    /// A stored time in plain words.
    func time(_ iso: String?) -> String {
        PlainTime(timestamps: session.service.timestamps, now: now, language: language).text(iso)
    }

    /// An item's light: ●红灯 / ●red.
    func light(_ item: WorkItem) -> String {
        item.due == nil ? "" : "●" + (english ? item.color.rawValue : item.color.label)
    }

    func status(_ status: Instance.Status) -> String {
        switch status {
        case .running: return t("办理中", "running")
        case .completed: return t("已办结", "completed")
        case .cancelled: return t("已取消", "cancelled")
        case .failed: return t("出错", "failed")
        }
    }

    func itemStatus(_ status: WorkItem.Status) -> String {
        guard !english else { return status.rawValue }
        switch status {
        case .open: return "待办"
        case .waiting: return "等待前序"
        case .done: return "已办"
        case .cancelled: return "已取消"
        case .removed: return "已减签"
        }
    }

    /// An item's decision or an action in the store's language (同意, 推进到下一阶段 …).
    func decision(_ text: String?) -> String {
        guard let text else { return "" }
        return english ? text : ActionTitles.decision(text)
    }

    /// A state's title in the instance's workflow.
    func stateTitle(_ state: String, in instance: Instance) -> String {
        session.service.stateTitle(state, in: instance)
    }
}

extension AgencySession {
    /// Runs a staff command's body; in a zh-CN store its refusals are shown in Chinese
    /// (`RefusalText`), states by the titles of `instance`'s workflow, with the same exit
    /// code. The journal keeps the engine's own words.
    func inStaffLanguage<T>(instance id: String? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CLIError where service.language == .chinese {
            let instance = id.flatMap { try? service.instance($0) }
            let definition = instance.flatMap { try? service.definition($0.workflow, $0.version) }
            let text = RefusalText(stateTitle: { definition?.state($0)?.title }).chinese(error.description)
            throw CLIError(description: text, exitCode: error.exitCode)
        }
    }
}
