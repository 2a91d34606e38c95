import AgencyJSON
import Foundation
import WorkflowEngine

/// The forms a project's page offers for what the 全代办 records on it (the `project`
/// workflow's internal events): 实地考察 (`visit`), 专班 (`team`), 一企一策 (`plan`) and
/// 投资进度 (`investment`). Each becomes `agency send ID EVENT --data JSON`; the workflow's
/// guard checks the content and says in Chinese what to fix.
enum ProjectRecordForms {
    static let events = ["visit", "team", "plan", "investment"]

    /// The events the page offers `viewer`: those the instance's state takes as internal
    /// events, to the project's agent, leader or liaison, a 主任 or an admin. (The command
    /// itself checks the event's `by`.)
    static func offered(_ instance: Instance, definition: WorkflowDefinition, viewer: String,
                        people: PeopleDirectory) -> [String] {
        guard instance.status == .running, let state = definition.state(instance.state) else { return [] }
        let own = ["agent", "leader", "liaison"].compactMap { instance.data[$0]?.stringValue }
        guard own.contains(viewer) || people.isAdmin(viewer) || people.holders(of: "主任").contains(where: { $0.id == viewer })
        else { return [] }
        return events.filter { state.transition($0)?.stays == true }
    }

    /// The `--data` of `event` from the form's fields (named `<event>.<field>`).
    static func data(_ event: String, _ form: FormBody) throws -> String {
        func field(_ name: String) -> String? {
            form["\(event).\(name)"]?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        }
        var object: [String: JSONValue] = [:]
        switch event {
        case "visit":
            guard let findings = field("findings") else { throw WebFormError("请填写考察发现。") }
            object["findings"] = .string(findings)
            if let place = field("place") { object["place"] = .string(place) }
            let names = parts(field("attendees") ?? "", separators: "、，, \n")
            if !names.isEmpty { object["attendees"] = .array(names.map { .string($0) }) }
        case "team":
            guard let lead = field("lead") else { throw WebFormError("请填写专班牵头人。") }
            object["lead"] = .string(lead)
            object["members"] = .array(try lines(field("members"), what: "专班成员").map { cells in
                var member: [String: JSONValue] = ["name": .string(cells[0])]
                if cells.count > 1 { member["department"] = .string(cells[1]) }
                if cells.count > 2 { member["duty"] = .string(cells[2]) }
                return .object(member)
            })
        case "plan":
            object["measures"] = .array(try lines(field("measures"), what: "一企一策措施").map { cells in
                var measure: [String: JSONValue] = ["measure": .string(cells[0])]
                if cells.count > 1 { measure["owner"] = .string(cells[1]) }
                if cells.count > 2 { measure["due"] = .string(cells[2]) }
                if cells.count > 3 { measure["status"] = .string(cells[3]) }
                return .object(measure)
            })
        case "investment":
            guard let month = field("month"), let text = field("amount") else {
                throw WebFormError("请填写月份（YYYY-MM）和当月完成投资（万元）。")
            }
            guard let amount = Double(text), amount.isFinite else {
                throw WebFormError("“当月完成投资”应为数字（万元），收到“\(text)”。")
            }
            object["month"] = .string(month)
            object["amount"] = .double(amount)
        default:
            throw WebFormError("未知的记录“\(event)”。")
        }
        return try JSONValue.object(object).canonicalString()
    }

    /// One record per non-empty line, its cells separated by ，or a comma.
    static func lines(_ text: String?, what: String) throws -> [[String]] {
        let rows = (text ?? "").split(whereSeparator: \.isNewline)
            .map { parts(String($0), separators: "，,") }.filter { !$0.isEmpty }
        guard !rows.isEmpty else { throw WebFormError("请填写\(what)，每行一项。") }
        return rows
    }

    static func parts(_ text: String, separators: String) -> [String] {
        text.split(whereSeparator: { separators.contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
