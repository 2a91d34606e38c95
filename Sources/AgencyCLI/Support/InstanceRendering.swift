import AgencyJSON
import AgencyReports
import AgencyService
import WorkflowEngine
import WorkflowStore

/// How instances, items and command results are printed, in text and JSON.
enum InstanceRendering {
    /// An item's due time as a table shows it: marked 暂定 when it was counted through a
    /// year whose holiday arrangement is not published yet (Docs/calendar.md).
    static func due(_ item: WorkItem) -> String {
        item.due == nil ? "" : item.dueText
    }

    /// An item's colour as a table shows it (●红 …), without the paint.
    static func colorText(_ color: WorkItem.Color) -> String {
        "●" + color.chinese
    }

    /// The terminal colour code of an item's colour, for `TextTable.add(_:colors:)`.
    static func colorCode(_ color: WorkItem.Color) -> String {
        switch color {
        case .green: return "32"
        case .blue: return "34"
        case .yellow: return "33"
        case .red: return "31"
        }
    }

    static func person(_ id: String, _ people: PeopleDirectory) -> String {
        people.person(id).map { "\($0.name)(\(id))" } ?? id
    }

    /// An item's assignee, with whom they hold it for under a standing delegation:
    /// "王芳(wangfang)（代 张伟）".
    static func holder(_ item: WorkItem, _ people: PeopleDirectory) -> String {
        person(item.assignee, people) + proxyNote(item, people)
    }

    /// "（代 张伟）" for an item held on someone's behalf (代理), else "".
    static func proxyNote(_ item: WorkItem, _ people: PeopleDirectory) -> String {
        item.onBehalfOf.map { "（代 \(people.person($0)?.name ?? $0)）" } ?? ""
    }

    static func result(_ result: CommandResult, _ people: PeopleDirectory) -> String {
        let instance = result.instance
        var lines: [String] = []
        let moved = result.from.isEmpty ? "started in \(instance.state)"
            : result.from == instance.state ? "still in \(instance.state)" : "\(result.from) → \(instance.state)"
        var status = instance.status == .running ? "" : " (\(instance.status.rawValue)"
            + (instance.outcome.map { ": \($0)" } ?? "") + ")"
        if instance.status == .failed, let incident = instance.incident { status += " — \(incident.message)" }
        lines.append("\(instance.id): \(moved)\(status)")
        for item in instance.openItems {
            lines.append("  待办 \(item.id) \(item.title) → \(holder(item, people))"
                         + (item.due == nil ? "" : "，截止 \(due(item))"))
        }
        for line in result.logs { lines.append("  log: \(line)") }
        if !result.delivery.started.isEmpty { lines.append("  started: \(result.delivery.started.joined(separator: ", "))") }
        for problem in result.delivery.problems { lines.append("  delivery problem: \(problem)") }
        lines.append("  head \(result.head.seq) \(result.head.hash)")
        // Titles, names, incidents and log lines come from workflows and their data: one
        // line each, control characters shown.
        return lines.map { TerminalText.visible($0) }.joined(separator: "\n")
    }

    static func resultJSON(_ result: CommandResult) throws -> JSONValue {
        .object([
            "id": .string(result.instance.id), "from": .string(result.from),
            "state": .string(result.instance.state), "status": .string(result.instance.status.rawValue),
            "outcome": result.instance.outcome.map { .string($0) } ?? .null,
            "head": ["seq": .integer(Int64(result.head.seq)), "hash": .string(result.head.hash)],
            "openItems": .array(try result.instance.openItems.map { try JSONValue(encoding: $0) }),
            "notifications": .integer(Int64(result.notifications.count)),
            "log": .array(result.logs.map { .string($0) }),
            "started": .array(result.delivery.started.map { .string($0) }),
        ])
    }
}
