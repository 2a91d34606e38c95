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

    static func colorMark(_ color: WorkItem.Color) -> String {
        let code: String
        switch color {
        case .green: code = "32"
        case .blue: code = "34"
        case .yellow: code = "33"
        case .red: code = "31"
        }
        return Console.paint("●" + color.chinese, code)
    }

    static func person(_ id: String, _ people: PeopleDirectory) -> String {
        people.person(id).map { "\($0.name)(\(id))" } ?? id
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
            lines.append("  待办 \(item.id) \(item.title) → \(person(item.assignee, people))"
                         + (item.due == nil ? "" : "，截止 \(due(item))"))
        }
        for line in result.logs { lines.append("  log: \(line)") }
        if !result.delivery.started.isEmpty { lines.append("  started: \(result.delivery.started.joined(separator: ", "))") }
        for problem in result.delivery.problems { lines.append("  delivery problem: \(problem)") }
        lines.append("  head \(result.head.seq) \(result.head.hash)")
        return lines.joined(separator: "\n")
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
