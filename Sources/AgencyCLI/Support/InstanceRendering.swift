import AgencyJSON
import AgencyReports
import AgencyService
import WorkflowEngine
import WorkflowStore

/// How instances, items and command results are printed, in text and JSON.
enum InstanceRendering {
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

    /// A command's result as staff read it: what moved where, by titles, then the open
    /// items with their holders and deadlines in plain words.
    ///
    /// `P19 年产5万吨锂电池负极材料项目 · 项目全代办 [P19]：初步对接 → 重点意向`
    static func result(_ result: CommandResult, _ view: StaffView) -> String {
        let instance = result.instance
        var lines: [String] = []
        let now = view.stateTitle(instance.state, in: instance)
        let moved = result.from.isEmpty ? view.t("已发起，进入「\(now)」", "started in \(now)")
            : result.from == instance.state ? view.t("仍在「\(now)」", "still in \(now)")
            : "\(view.stateTitle(result.from, in: instance)) → \(now)"
        var status = instance.status == .running ? "" : view.t("（", " (") + view.status(instance.status)
            + (instance.outcome.map { view.t("：\(view.decision($0))", ": \($0)") } ?? "") + view.t("）", ")")
        if instance.status == .failed, let incident = instance.incident { status += " — \(incident.message)" }
        let head = view.naming.title(withoutState: instance)
        lines.append("\(head) [\(instance.id)]\(view.t("：", ": "))\(moved)\(status)")
        for item in instance.openItems {
            let deadline = view.deadline(item)
            lines.append(view.t("  待办 \(item.id) \(item.title) → \(view.holder(item))", "  item \(item.id) \(item.title) → \(view.holder(item))")
                         + (deadline.isEmpty ? "" : view.t("，\(deadline)", ", \(deadline)")))
        }
        for line in result.logs { lines.append(view.t("  日志：", "  log: ") + line) }
        if !result.delivery.started.isEmpty {
            lines.append(view.t("  已发起：", "  started: ") + result.delivery.started.map { view.naming.label(id: $0) }
                .joined(separator: view.t("、", ", ")))
        }
        for problem in result.delivery.problems { lines.append(view.t("  投递问题：", "  delivery problem: ") + problem) }
        lines.append(view.t("  日志头 \(result.head.seq) \(result.head.hash)", "  head \(result.head.seq) \(result.head.hash)"))
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
