import AgencyJSON
import AgencyReports
import AgencyService
import Foundation
import WorkflowEngine

/// One instance's page: its context, the form and actions of the viewer's open items, and
/// its history read from the journal.
enum InstanceView {
    /// Roles on a project, in the order the page shows them.
    static var roles: [(String, String)] { FieldTitles.projectRoles }

    /// Titles of the zone's usual data keys, for workflows that declare none.
    static var knownTitles: [String: String] { FieldTitles.known }

    static func build(_ store: WebStore, id: String, viewer: String) throws -> [String: Any] {
        let naming = Naming(store: store)
        let full = try store.service.instance(id)
        let definition = try store.service.definition(full.workflow, full.version)
        let instance = full.hiding(full.hiddenFields(for: viewer, definition: definition, people: store.people))
        let titles = FieldTitles.declared(definition)
        var facts: [[String: String]] = []
        var people: [[String: String]] = []
        if case .object(let values) = instance.data {
            for (key, title) in roles {
                if let who = values[key]?.stringValue { people.append(["role": title, "name": naming.person(who)]) }
            }
            for key in values.keys.sorted() where !roles.contains(where: { $0.0 == key }) {
                guard let text = scalarText(values[key]) else { continue }
                // Times stored as ISO 8601 read as 2025-01-16 16:42.
                let shown = store.service.timestamps.parse(text) != nil && text.contains("T") ? naming.time(text) : text
                facts.append(["title": titles[key] ?? knownTitles[key] ?? key, "value": shown])
            }
        }
        let mine = instance.items.filter { $0.status == .open && ($0.assignee == viewer) }
        let state = definition.state(instance.state)
        let form = formFields(state: state, definition: definition, data: instance.data, titles: titles)
        let items: [[String: Any]] = mine.map { item in
            let outcomes = (state?.kind == .task ? state?.transitions.filter { !$0.stays }.map(\.event) ?? [] : [])
            return [
                "fields": form.map { field in field.merging(["item": item.id]) { _, new in new } },
                "hasFields": !form.isEmpty,
                "id": item.id, "title": item.title, "deadline": naming.deadline(item),
                "color": item.due == nil ? "none" : item.color.rawValue,
                "light": item.due == nil ? "" : item.color.label,
                "approval": item.kind == .approval,
                "task": item.kind == .task || item.kind == .item,
                "outcomes": Array(Set(outcomes)).sorted().map { ["event": $0, "title": eventTitle($0)] },
                "canReturn": item.kind == .approval && !(state?.returnTo.isEmpty ?? true),
            ]
        }
        let openItems: [[String: String]] = instance.items.filter { $0.status == .open }.map { item in
            ["title": item.title, "who": naming.person(item.assignee), "deadline": naming.deadline(item),
             "color": item.due == nil ? "none" : item.color.rawValue]
        }
        let project = instance.workflow == ReportMapping.zone.projects.workflow
        // One listing of the store serves the children and, for a project, its related cases.
        // Everything of the instance's project (the index finds it): its children and,
        // for a project, its permits and cases.
        let all = try store.service.list(InstanceFilter(project: InstanceNaming.rootID(instance.id)))
        let children = children(all, of: instance, naming: naming)
        var page: [String: Any] = [
            "id": instance.id, "subject": naming.subject(instance), "workflow": naming.workflowTitle(instance),
            "state": naming.stateTitle(instance), "status": Naming.status(instance.status),
            "stage": project ? store.service.stage(of: instance.state, in: instance) : "",
            "initiator": naming.person(instance.initiator), "started": naming.time(full.path.first?.at),
            "instanceID": instance.id, "hasPeople": !people.isEmpty, "hasOpenItems": !openItems.isEmpty,
            "people": people, "facts": facts, "hasFacts": !facts.isEmpty,
            "items": items, "hasItems": !items.isEmpty, "openItems": openItems,
            "canWithdraw": instance.initiator == viewer && instance.status == .running,
            "records": Dictionary(uniqueKeysWithValues: ProjectRecordForms.offered(
                full, definition: definition, viewer: viewer, people: store.people).map { ($0, true) }),
            "timeline": try timeline(store, instance: instance, naming: naming),
            "children": children, "hasChildren": !children.isEmpty,
        ]
        if project { page["project"] = ProjectDetailView.build(store, project: instance, all: all, naming: naming) }
        if let parent = rootProject(store, of: instance) {
            // A permit, 督办 item or problem is read in its project's context.
            page["parentProject"] = ["url": "/instances/\(parent.id)", "name": naming.subject(parent),
                                     "stage": store.service.stage(of: parent.state, in: parent)]
            if people.isEmpty {
                let inherited = roles.compactMap { key, title in
                    parent.data[key]?.stringValue.map { ["role": title, "name": naming.person($0)] }
                }
                page["people"] = inherited
                page["hasPeople"] = !inherited.isEmpty
            }
        }
        return page
    }

    /// The project an instance belongs to: its root instance, or the one its `project`
    /// field names, when that is a project.
    static func rootProject(_ store: WebStore, of instance: Instance) -> Instance? {
        let projects = ReportMapping.zone.projects.workflow
        guard instance.workflow != projects else { return nil }
        var candidates: [String] = []
        if let dot = instance.id.firstIndex(of: ".") { candidates.append(String(instance.id[..<dot])) }
        if let named = instance.data["project"]?.stringValue { candidates.append(named) }
        return candidates.lazy.compactMap { try? store.service.instance($0) }.first { $0.workflow == projects }
    }

    /// The state's editable form fields (`fields = { days = "edit" }`), each with its label,
    /// the value the data holds now, whether it is required, and the input to show.
    static func formFields(state: StateDefinition?, definition: WorkflowDefinition, data: JSONValue,
                           titles: [String: String]) -> [[String: Any]] {
        guard let state else { return [] }
        return state.fields.filter { $0.value.editable }.keys.sorted().map { name in
            let type = definition.inputs.first { $0.name == name }?.type ?? .string
            let input: String
            switch type {
            case .integer, .number: input = "number"
            case .date: input = "date"
            default: input = "text"
            }
            return [
                "name": name, "label": titles[name] ?? knownTitles[name] ?? name,
                "value": scalarText(data[name]) ?? "", "required": state.fields[name] == .required,
                "input": input, "step": type == .number ? "any" : "1", "boolean": type == .boolean,
                "yes": data[name]?.boolValue == true, "no": data[name]?.boolValue == false,
            ]
        }
    }

    /// A value short enough for the facts table, or nil for lists and objects.
    static func scalarText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text.isEmpty ? nil : text
        case .integer?, .double?, .bool?: return try? value?.canonicalString()
        default: return nil
        }
    }

    /// The journal, newest first, as people read it.
    static func timeline(_ store: WebStore, instance: Instance, naming: Naming) throws -> [[String: Any]] {
        let records = try store.service.journal(instance.id)
        return records.reversed().map { record in
            let details = record["details"]
            let command = details?["command"]
            let from = details?["from"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            let to = details?["to"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            var moved = ""
            if let from, let to, from != to {
                moved = "\(store.service.stateTitle(from, in: instance)) → \(store.service.stateTitle(to, in: instance))"
            } else if from == nil, let to {
                moved = "进入 \(store.service.stateTitle(to, in: instance))"
            }
            // A refused command is on the record, but what it tried to say is not shown as
            // if it had been said: the page names the refusal and its reason.
            let refused = record["kind"]?.stringValue == "refused"
            let attachments = refused ? [] : (command?["attachments"]?.arrayValue ?? []).compactMap(\.stringValue)
                .map { attachment(instance.id, $0) }
            return [
                "seq": record["seq"]?.intValue.map { "\($0)" } ?? "",
                "at": naming.time(record["at"]?.stringValue),
                "actor": naming.person(record["actor"]?.stringValue),
                "kind": kindTitle(record["kind"]?.stringValue ?? ""),
                "moved": moved,
                "comment": refused ? "" : command?["comment"]?.stringValue ?? command?["reason"]?.stringValue ?? "",
                "refusal": refused ? details?["reason"]?.stringValue ?? "" : "",
                "attachments": attachments, "hasAttachments": !attachments.isEmpty,
            ] as [String: Any]
        }
    }

    /// An attachment reference as a link: stored uploads (`sha256:<hex> name`) link to the
    /// file; other references (a path or URL given to --attach) are shown as text.
    static func attachment(_ instance: String, _ reference: String) -> [String: String] {
        guard reference.hasPrefix("sha256:"), let space = reference.firstIndex(of: " ") else { return ["name": reference] }
        let digest = reference[reference.index(reference.startIndex, offsetBy: 7)..<space]
        return ["name": String(reference[reference.index(after: space)...]),
                "url": "/instances/\(instance)/attachments/\(digest)"]
    }

    static func children(_ all: [Instance], of instance: Instance, naming: Naming) -> [[String: String]] {
        all.filter {
            $0.id.hasPrefix(instance.id + ".") && !$0.id.dropFirst(instance.id.count + 1).contains(".")
        }.map { child in
            ["url": "/instances/\(child.id)", "subject": naming.subject(child), "workflow": naming.workflowTitle(child),
             "state": naming.stateTitle(child), "status": Naming.status(child.status)]
        }
    }

    /// A task outcome's button label (`ActionTitles`).
    static func eventTitle(_ event: String) -> String { ActionTitles.event(event) }

    /// A journal record's kind in Chinese (`ActionTitles`).
    static func kindTitle(_ kind: String) -> String { ActionTitles.kind(kind) }
}
