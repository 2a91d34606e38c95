import AgencyJSON
import Foundation
import WorkflowEngine

/// A notification as the person it goes to reads it: what it is about (project, permit,
/// state), what is due and by when (in plain words, as of now), and what to do.
///
/// `【催办】P19 年产5万吨锂电池负极材料项目 · 环评审批：申报材料准备，第2次催办，已超期 2 个工作日。请尽快办结。 [P19.c31]`
///
/// The stored notification (what the engine issued, with ids) is not changed: the text is
/// made when the notification is listed or delivered, from the instance as it is then,
/// so a deadline that moved reads as it now stands.
public struct NotificationText {
    public let naming: InstanceNaming
    public let now: Date
    public var language: StaffLanguage { naming.service.language }

    public init(naming: InstanceNaming, now: Date) {
        self.naming = naming
        self.now = now
    }

    /// The notification's people-first message (one line).
    public func message(_ note: JSONValue) -> String {
        let kind = note["kind"]?.stringValue ?? ""
        let instance = note["instance"]?.stringValue.flatMap { try? naming.service.instance($0) }
        let item = note["item"]?.stringValue.flatMap { id in instance?.items.first { $0.id == id } }
        let subject = instance.map(subjectLine) ?? ""
        let what = item?.title ?? Self.afterColon(note["title"]?.stringValue ?? "")
        let english = language == .english
        let separator = english ? ": " : "："
        let comma = english ? ", " : "，"
        let stop = english ? ". " : "。"
        var line = "【\(kindTitle(kind, level: note["level"]?.stringValue))】\(subject)"
        if !what.isEmpty { line += separator + what }
        // An item acted on since: the message says so instead of a deadline and a to-do.
        if let item, item.status != .open && item.status != .waiting, ["assigned", "催办", "color"].contains(kind)
            || kind == note["level"]?.stringValue {
            if item.status == .done {
                line += english ? " (already handled)" : "（已办理）"
            } else {
                let now = instance.map { naming.stateTitle($0) } ?? ""
                line += english ? " (closed; now in \(now))" : "（该待办已结束，现处于「\(now)」）"
            }
            if let id = instance?.id { line += " [\(id)]" }
            return line
        }
        switch kind {
        case "assigned":
            line += deadlinePhrase(item).map { comma + $0 } ?? ""
            line += stop + (english ? "Please act on it." : "请及时办理。")
        case "催办":
            if let count = Self.reminderCount(note["body"]?.stringValue ?? "") {
                line += comma + (english ? "reminder \(count)" : "第\(count)次催办")
            }
            line += deadlinePhrase(item).map { comma + $0 } ?? ""
            line += stop + (english ? "Please finish it as soon as possible." : "请尽快办结。")
        case "color":
            line += deadlinePhrase(item).map { comma + $0 } ?? ""
            let red = note["level"]?.stringValue == "red"
            line += stop + (red ? english ? "Please finish it and explain the delay." : "请尽快办结并说明超期原因。"
                                : english ? "Please hurry." : "请抓紧办理。")
        case "cc", "incident":
            if let body = note["body"]?.stringValue, !body.isEmpty, what.isEmpty { line += separator + body }
            line += stop + (kind == "cc" ? english ? "For your information." : "请知悉。"
                                         : english ? "An administrator must look at it." : "请管理员处理。")
        default:
            if let holder = item?.assignee, kind == note["level"]?.stringValue {
                // An escalation (督办 and the ladder's other levels): to a leader about
                // someone else's item.
                let name = naming.service.engine.people.person(holder)?.name ?? holder
                line += comma + (english ? "held by \(name)" : "由 \(name) 办理")
                line += deadlinePhrase(item).map { comma + $0 } ?? ""
                line += stop + (english ? "Please follow it up." : "请督促办结。")
            } else if let body = note["body"]?.stringValue, !body.isEmpty {
                line += (what.isEmpty ? separator : comma) + body
            }
        }
        if let id = instance?.id ?? note["instance"]?.stringValue, !id.isEmpty { line += " [\(id)]" }
        return line.trimmingCharacters(in: .whitespaces)
    }

    /// The notification with its `message` added, as listings and deliveries give it.
    public func withMessage(_ note: JSONValue) -> JSONValue {
        guard case .object(var fields) = note else { return note }
        fields["message"] = .string(message(note))
        return .object(fields)
    }

    /// Project · what of the instance (its id goes at the end of the message).
    func subjectLine(_ instance: Instance) -> String {
        naming.title(withoutState: instance)
    }

    /// "1月9日（周四）前办结" / "已超期 2 个工作日"; nil for an item without a deadline.
    func deadlinePhrase(_ item: WorkItem?) -> String? {
        guard let item, item.due != nil else { return nil }
        let deadline = DeadlineText(timeZone: naming.service.timestamps.timeZone,
                                    calendar: naming.service.engine.calendar, language: language)
        let text = deadline.text(item, now: now, timestamps: naming.service.timestamps)
        if text.hasPrefix("已超期") || text.hasSuffix("overdue") || text.contains("overdue ") { return text }
        return language == .english ? "due \(text)" : "截止 \(text)"
    }

    /// The heading of a kind: 新待办, 催办, 督办, 黄灯, 抄送 …
    public func kindTitle(_ kind: String, level: String?) -> String {
        let english = language == .english
        switch kind {
        case "assigned": return english ? "New task" : "新待办"
        case "催办": return english ? "Reminder" : "催办"
        case "color":
            switch level {
            case "red": return english ? "Red light" : "红灯"
            case "yellow": return english ? "Yellow light" : "黄灯"
            default: return english ? "Blue light" : "蓝灯"
            }
        case "cc": return english ? "Copied to you" : "抄送"
        case "incident": return english ? "Incident" : "子流程异常"
        case "notice": return english ? "Notice" : "通知"
        default: return kind
        }
    }

    /// The text after the first "：" of an engine title (新待办：申报材料准备 → 申报材料准备).
    static func afterColon(_ title: String) -> String {
        title.firstIndex(of: "：").map { String(title[title.index(after: $0)...]) } ?? title
    }

    /// N in the engine's "第N次催办".
    static func reminderCount(_ body: String) -> Int? {
        guard let start = body.range(of: "第"), let end = body.range(of: "次催办", range: start.upperBound..<body.endIndex)
        else { return nil }
        return Int(body[start.upperBound..<end.lowerBound])
    }
}
