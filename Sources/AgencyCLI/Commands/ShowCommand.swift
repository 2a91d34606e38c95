import AgencyJSON
import AgencyService
import ArgumentParser
import Foundation
import WorkflowEngine

/// `agency show`: one instance, who did what.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an instance: state, data, work items and who did what.",
        discussion: """
            Example: agency show leave-001   (--json for the full snapshot)
            Data fields a state's form marks hidden are left out for the people taking part in \
            that state (admins see everything); --as names the viewer.
            """)

    @Argument(help: "The instance id.") var id: String
    @Flag(help: "Print the snapshot as JSON (with its journal head).") var json = false
    @Option(name: .customLong("as"), help: ArgumentHelp("Who is looking (default: you), for hidden form fields.",
                                                        valueName: "person"))
    var viewer: String?
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    func run() throws {
        let session = try AgencySession(storeURL: storeOptions.storeURL, workflows: workflows, actor: viewer, now: nil)
        let stored = try session.instance(id)
        // Without --as, a login the directory does not know is no error for a read: such a
        // viewer just sees no hidden field.
        let who = viewer != nil ? try session.actor() : try? session.actor()
        let hidden = (try? session.service.definition(stored.workflow, stored.version))
            .map { stored.hiddenFields(for: who, definition: $0, people: session.people) } ?? []
        let instance = stored.hiding(hidden)
        let head = try mapErrors { try session.service.head(id) }
        if json {
            guard case .object(var fields) = try JSONValue(encoding: instance) else { return }
            if let head { fields["head"] = ["seq": .integer(Int64(head.seq)), "hash": .string(head.hash)] }
            if let clock = try mapErrors({ try session.service.simulationClock() }) {
                fields["simulationClock"] = .string(session.service.timestamps.format(clock))
            }
            if !hidden.isEmpty { fields["hidden"] = .array(hidden.sorted().map { .string($0) }) }
            Console.out(try JSONValue.object(fields).prettyString())
            return
        }
        let people = session.people
        var lines = [
            "\(instance.id)  \(instance.workflow)  [\(instance.status.rawValue)\(instance.outcome.map { ": \($0)" } ?? "")]",
            "state:     \(instance.state) (since \(instance.enteredAt))",
            "initiator: \(InstanceRendering.person(instance.initiator, people))",
            "path:      " + instance.path.map { $0.event.map { e in "-\(e)→ " } ?? "" }
                .enumerated().map { "\($0.element)\(instance.path[$0.offset].state)" }.joined(separator: " "),
        ]
        if let incident = instance.incident { lines.append("incident:  \(incident.message)") }
        if let children = instance.subflows, !children.isEmpty {
            lines.append("children:  " + children.map { child in
                "\(child.id) \(child.status.rawValue)" + (child.outcome.map { ": \($0)" } ?? "")
            }.joined(separator: ", "))
        }
        lines.append("data:      \((try? instance.data.canonicalString()) ?? "{}")")
        if !hidden.isEmpty { lines.append("hidden:    \(hidden.sorted().joined(separator: ", ")) (form fields not shown to you)") }
        // What came from the workflow and its data is shown with its control characters
        // visible; a line break in an incident or a comment starts an indented line, so it
        // cannot pass for a line of its own.
        lines = lines.map { TerminalText.visible($0, continuation: "           ") }
        lines.append("")
        var table = TextTable(["item", "state", "title", "assignee", "status", "decision", "by", "at", "due", "colour"])
        for item in instance.items {
            table.add([item.id, item.state, item.title, InstanceRendering.holder(item, people),
                       item.status.rawValue, item.decision ?? "", item.actedBy.map { InstanceRendering.person($0, people) } ?? "",
                       item.actedAt ?? "", InstanceRendering.due(item), item.due == nil ? "" : InstanceRendering.colorText(item.color)],
                      colors: item.due == nil ? [:] : [9: InstanceRendering.colorCode(item.color)])
        }
        lines.append(table.render())
        var remarks: [String] = []
        let history = instance.items.flatMap { item in item.history.map { (item.id, $0) } }
        if !history.isEmpty {
            remarks.append("")
            for (item, event) in history {
                remarks.append("\(event.at)  \(item)  \(InstanceRendering.person(event.actor, people)) \(event.action)"
                               + (event.to.map { " → \(InstanceRendering.person($0, people))" } ?? "")
                               + (event.comment.map { "：\($0)" } ?? ""))
            }
        }
        for item in instance.items where item.comment != nil {
            remarks.append("\(item.actedAt ?? "")  \(item.id)  \(InstanceRendering.person(item.actedBy ?? "", people)) "
                           + "\(item.decision ?? "")：\(item.comment ?? "")"
                           + (item.attachments.isEmpty ? "" : " [\(item.attachments.joined(separator: ", "))]"))
        }
        for copy in instance.cc ?? [] {
            remarks.append("\(copy.at)  cc  \(InstanceRendering.person(copy.by, people)) 抄送 → "
                           + "\(InstanceRendering.person(copy.to, people))（\(copy.state)）" + (copy.note.map { "：\($0)" } ?? ""))
        }
        for comment in instance.comments {
            if comment.action == "revoke" {
                remarks.append("\(comment.at)  revoke  \(InstanceRendering.person(comment.actor, people)) 撤销"
                               + (comment.to.map { "（原结果 \($0)）" } ?? "") + "：\(comment.comment ?? "")")
                continue
            }
            remarks.append("\(comment.at)  comment  \(InstanceRendering.person(comment.actor, people))：\(comment.comment ?? "")"
                           + (comment.to.map { " [\($0)]" } ?? ""))
        }
        lines += remarks.map { TerminalText.visible($0, continuation: "    ") }
        if let head { lines.append("\nhead \(head.seq) \(head.hash)") }
        if let clock = try mapErrors({ try session.service.simulationClock() }) {
            // What a command without --now is dated by in this simulation store.
            lines.append("simulation clock \(session.service.timestamps.format(clock))")
        }
        Console.out(lines.joined(separator: "\n"))
    }
}

/// `agency list`: instances, filtered.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List instances, filtered by workflow, state, status or assignee.",
        discussion: "Example: agency list --workflow permit --status running --assignee liming")

    @Option(help: "Only this workflow.") var workflow: String?
    @Option(help: "Only instances in this state.") var state: String?
    @Option(help: "running, completed, cancelled or failed.") var status: String?
    @Option(help: ArgumentHelp("Only instances with an open item for this person.", valueName: "person"))
    var assignee: String?
    @Flag(help: "Print as JSON.") var json = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    func run() throws {
        var statusFilter: Instance.Status?
        if let status {
            guard let parsed = Instance.Status(rawValue: status) else {
                throw CLIError.invalid("--status '\(status)' is not one of running, completed, cancelled, failed")
            }
            statusFilter = parsed
        }
        let session = try AgencySession(storeURL: storeOptions.storeURL, workflows: workflows, actor: nil, now: nil)
        let instances = try mapErrors {
            try session.service.list(InstanceFilter(workflow: workflow, state: state, status: statusFilter, assignee: assignee))
        }
        if json {
            Console.out(try JSONValue.array(instances.map(AgencyService.summary)).prettyString())
            return
        }
        var table = TextTable(["id", "workflow", "state", "status", "open items", "updated"])
        for instance in instances {
            let items = instance.openItems.map { InstanceRendering.holder($0, session.people) }
            table.add([instance.id, instance.workflow, instance.state, instance.status.rawValue,
                       items.joined(separator: ", "), instance.updatedAt])
        }
        Console.out(table.render())
        Console.out("\(instances.count) instance(s)")
    }
}

/// `agency inbox`: one person's open work.
struct InboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox", abstract: "A person's open work items, most urgent first.",
        discussion: "Example: agency inbox --as zhangwei   (--cc: the instances copied to them, 抄送)")

    @Option(name: .customLong("as"), help: ArgumentHelp("Whose inbox (default: you).", valueName: "person"))
    var person: String?
    @Flag(help: "The instances copied to the person (抄送), newest first, read-only.") var cc = false
    @Flag(help: "Print as JSON.") var json = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    func run() throws {
        let session = try AgencySession(storeURL: storeOptions.storeURL, workflows: workflows, actor: person, now: nil)
        let whom = try person ?? session.actor()
        guard session.people.person(whom) != nil else { throw CLIError.notFound("no person '\(whom)' in the people directory") }
        if cc { return try showCopies(whom, session) }
        let entries = try mapErrors { try session.service.inbox(whom) }
        if json {
            Console.out(try JSONValue.array(entries.map { instance, item in
                .object(["instance": .string(instance.id), "workflow": .string(instance.workflow),
                         "state": .string(instance.state), "item": try JSONValue(encoding: item)])
            }).prettyString())
            return
        }
        var table = TextTable(["instance", "item", "title", "due", "colour", "reminders"])
        for (instance, item) in entries {
            table.add([instance.id, item.id, item.title + InstanceRendering.proxyNote(item, session.people), InstanceRendering.due(item),
                       item.due == nil ? "" : InstanceRendering.colorText(item.color),
                       item.reminders > 0 ? "催办×\(item.reminders)" : ""],
                      colors: item.due == nil ? [:] : [4: InstanceRendering.colorCode(item.color)])
        }
        Console.out(TerminalText.visible("\(InstanceRendering.person(whom, session.people)) 的待办"))
        Console.out(table.render())
    }
}

extension InboxCommand {
    /// `agency inbox --cc`: what was copied to the person, newest first. Read-only: a copy
    /// gives no item to act on.
    func showCopies(_ whom: String, _ session: AgencySession) throws {
        let copies = try mapErrors { try session.service.carbonCopies(whom) }
        if json {
            Console.out(try JSONValue.array(copies.map { instance, copy in
                .object(["instance": .string(instance.id), "workflow": .string(instance.workflow),
                         "state": .string(instance.state), "status": .string(instance.status.rawValue),
                         "cc": try JSONValue(encoding: copy)])
            }).prettyString())
            return
        }
        var table = TextTable(["at", "instance", "workflow", "from state", "by", "note", "now"])
        for (instance, copy) in copies {
            table.add([copy.at, instance.id, instance.workflow, copy.state,
                       InstanceRendering.person(copy.by, session.people), copy.note ?? "",
                       instance.status == .running ? instance.state : instance.status.rawValue])
        }
        Console.out(TerminalText.visible("\(InstanceRendering.person(whom, session.people)) 的抄送（只读）"))
        Console.out(table.render())
    }
}
