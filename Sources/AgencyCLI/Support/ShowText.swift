import AgencyJSON
import AgencyService
import Foundation
import WorkflowEngine
import WorkflowStore

/// `agency show` as staff read it: the instance named by project, workflow and state
/// titles; its data as a table of field titles and values (people by name, times in plain
/// words); its items; then who did what, oldest first.
struct ShowText {
    let view: StaffView
    let instance: Instance
    let definition: WorkflowDefinition?
    let hidden: Set<String>
    let head: JournalHead?

    func render() throws -> String {
        var lines = [TerminalText.visible(view.naming.title(withoutState: instance) + " [\(instance.id)]")]
        var facts = TextTable([view.t("概况", "field"), view.t("内容", "value")], flexible: 1)
        facts.add([view.t("状态", "status"), view.status(instance.status)
                   + (instance.outcome.map { view.t("（\(view.decision($0))）", " (\($0))") } ?? "")])
        if instance.status == .running {
            facts.add([view.t("环节", "state"), view.naming.stateTitle(instance)
                       + view.t("（\(view.time(instance.enteredAt)) 起）", " (since \(view.time(instance.enteredAt)))")])
        }
        facts.add([view.t("流程", "workflow"), view.naming.workflowTitle(instance) + " (\(instance.workflow))"])
        facts.add([view.t("发起人", "initiator"), view.name(instance.initiator)])
        facts.add([view.t("经过", "path"), path()])
        if let incident = instance.incident { facts.add([view.t("异常", "incident"), incident.message]) }
        if let children = instance.subflows, !children.isEmpty {
            facts.add([view.t("子流程", "children"), children.map { child in
                "\(child.id) " + view.status(Instance.Status(rawValue: child.status.rawValue) ?? .running) + (child.outcome.map { view.t("（\(view.decision($0))）", " (\($0))") } ?? "")
            }.joined(separator: view.t("、", ", "))])
        }
        lines.append(facts.render(maxWidth: Console.terminalWidth))
        lines.append("")
        lines.append(view.t("【资料】", "[data]"))
        lines.append(dataTable().render())
        if !hidden.isEmpty {
            lines.append(view.t("（隐藏字段，对你不显示：", "(hidden from you: ") + hidden.sorted().joined(separator: ", ")
                         + view.t("）", ")"))
        }
        lines.append("")
        lines.append(view.t("【待办与已办】", "[items]"))
        lines.append(itemsTable().render())
        let remarks = self.remarks()
        if !remarks.isEmpty {
            lines.append("")
            lines.append(view.t("【经办记录】", "[history]"))
            lines += remarks.map { TerminalText.visible($0, continuation: "    ") }
        }
        if let head { lines.append("\n" + view.t("日志头", "head") + " \(head.seq) \(head.hash)") }
        if let clock = try mapErrors({ try view.session.service.simulationClock() }) {
            // What a command without --now is dated by in this simulation store.
            lines.append(view.t("模拟时钟 ", "simulation clock ") + view.session.service.timestamps.format(clock))
        }
        return lines.joined(separator: "\n")
    }

    /// The states the instance went through, each step named by what moved it:
    /// `准备材料 -提交→ 主任初审 -拿回→ 准备材料`.
    func path() -> String {
        instance.path.enumerated().map { index, step in
            let state = view.stateTitle(step.state, in: instance)
            guard index > 0, let event = step.event else { return state }
            let known = Command.Kind(rawValue: event) != nil
            let name = view.english ? event : known ? ActionTitles.kind(event) : view.decision(event)
            return "-\(name)→ \(state)"
        }.joined(separator: " ")
    }

    /// The data: one row per field, titled as the workflow (or the zone) names it.
    func dataTable() -> TextTable {
        var table = TextTable([view.t("字段", "field"), view.t("内容", "value")], flexible: 1)
        guard case .object(let values) = instance.data else { return table }
        let personFields = Set((definition?.inputs ?? []).filter { $0.type == .person }.map(\.name))
            .union(FieldTitles.projectRoles.map(\.0))
        for key in values.keys.sorted() {
            guard let value = values[key] else { continue }
            let title = FieldTitles.title(key, in: definition)
            table.add([title == key ? key : "\(title) (\(key))", text(value, person: personFields.contains(key))])
        }
        return table
    }

    /// A value as a cell: people by name, ISO times in plain words, lists joined, records
    /// (专班, 一企一策, 实地考察…) as titled fields, one record after another.
    func text(_ value: JSONValue, person: Bool) -> String {
        switch value {
        case .string(let text):
            if person, view.session.people.person(text) != nil { return "\(view.name(text))（\(text)）" }
            if text.contains("T"), view.session.service.timestamps.parse(text) != nil { return view.time(text) }
            return text
        case .null: return ""
        case .bool(let flag): return flag ? view.t("是", "yes") : view.t("否", "no")
        case .array(let list) where list.allSatisfy({ $0.stringValue != nil || $0.intValue != nil }):
            return list.map { text($0, person: person) }.joined(separator: view.t("、", ", "))
        case .array(let list):
            return list.map { text($0, person: person) }.joined(separator: view.t("；", "; "))
        case .object(let fields):
            return fields.keys.sorted().compactMap { key -> String? in
                guard let field = fields[key], field != .null else { return nil }
                let title = view.t(FieldTitles.known[key] ?? key, key)
                let shown = text(field, person: person || key == "by")
                return field.objectValue != nil || (field.arrayValue.map { !$0.isEmpty && $0[0].objectValue != nil } ?? false)
                    ? "\(title)：[\(shown)]" : "\(title)：\(shown)"
            }.joined(separator: view.t("，", ", "))
        default: return (try? value.canonicalString()) ?? ""
        }
    }

    func itemsTable() -> TextTable {
        var table = TextTable(view.english
            ? ["item", "state", "title", "held by", "status", "decision", "by", "at", "deadline", "light"]
            : ["编号", "环节", "事项", "办理人", "状态", "结果", "经办人", "时间", "期限", "状态灯"], flexible: 2, kept: [0])
        for item in instance.items {
            let open = item.status == .open || item.status == .waiting
            table.add([item.id, view.stateTitle(item.state, in: instance), item.title, view.holder(item),
                       view.itemStatus(item.status), view.decision(item.decision), view.name(item.actedBy),
                       view.time(item.actedAt), open ? view.deadline(item) : "", open ? view.light(item) : ""],
                      colors: item.due == nil || !open ? [:] : [9: InstanceRendering.colorCode(item.color)])
        }
        return table
    }

    /// Who did what, oldest first: item history, decisions with comments, copies,
    /// comments and revocations.
    func remarks() -> [String] {
        var entries: [(at: String, text: String)] = []
        for item in instance.items {
            for event in item.history {
                entries.append((event.at, "\(item.id) \(view.name(event.actor)) \(view.english ? event.action : ActionTitles.kind(event.action))"
                                + (event.to.map { " → \(view.name($0))" } ?? "") + (event.comment.map { view.t("：", ": ") + $0 } ?? "")))
            }
            if let comment = item.comment {
                entries.append((item.actedAt ?? "", "\(item.id) \(view.name(item.actedBy)) \(view.decision(item.decision))" + view.t("：", ": ") + comment
                                + (item.attachments.isEmpty ? "" : " [\(item.attachments.joined(separator: ", "))]")))
            }
        }
        for copy in instance.cc ?? [] {
            entries.append((copy.at, "\(view.name(copy.by)) " + view.t("抄送", "copied") + " → \(view.name(copy.to))"
                            + view.t("（\(view.stateTitle(copy.state, in: instance))）", " (\(view.stateTitle(copy.state, in: instance)))")
                            + (copy.note.map { view.t("：", ": ") + $0 } ?? "")))
        }
        for comment in instance.comments {
            if comment.action == "revoke" {
                entries.append((comment.at, "\(view.name(comment.actor)) " + view.t("撤销", "revoked")
                                + (comment.to.map { view.t("（原结果 \(view.decision($0))）", " (was \($0))") } ?? "")
                                + view.t("：", ": ") + (comment.comment ?? "")))
            } else {
                entries.append((comment.at, "\(view.name(comment.actor)) " + view.t("意见", "commented")
                                + view.t("：", ": ") + (comment.comment ?? "") + (comment.to.map { " [\($0)]" } ?? "")))
            }
        }
        return entries.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            .map { "\(view.time($0.element.at))  \($0.element.text)" }
    }
}
