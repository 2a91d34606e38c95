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
        let stored = try session.inStaffLanguage { try session.instance(id) }
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
        let definition = try? session.service.definition(instance.workflow, instance.version)
        Console.out(try ShowText(view: StaffView(session), instance: instance, definition: definition,
                                 hidden: hidden, head: head).render())
    }
}

/// `agency list`: instances, filtered.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List instances, filtered by workflow, state, status or assignee.",
        discussion: """
            Examples:
              agency list --workflow permit --status running --assignee liming
              agency list --workflow project --format xlsx --output 项目.xlsx
            """)

    @Option(help: "Only this workflow.") var workflow: String?
    @Option(help: "Only instances in this state.") var state: String?
    @Option(help: "running, completed, cancelled or failed.") var status: String?
    @Option(help: ArgumentHelp("Only instances with an open item for this person.", valueName: "person"))
    var assignee: String?
    @Flag(help: "Print as JSON.") var json = false
    @Option(help: ArgumentHelp("table, json, csv or xlsx (Excel).", valueName: "format")) var format: ListFormat = .table
    @Option(help: ArgumentHelp("Write csv or xlsx to this file instead of standard output.", valueName: "file"))
    var output: String?
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
        let filter = InstanceFilter(workflow: workflow, state: state, status: statusFilter, assignee: assignee)
        if json || format == .json {
            // One instance at a time: a listing of the whole store holds one in memory.
            // An instance that cannot be read fails the listing after the others were
            // printed: the array is closed, so what was read stays valid JSON.
            var output = JSONArrayOutput()
            let failure = catching { try mapErrors { try session.service.forEachInstance(filter) {
                try output.append(AgencyService.summary($0))
            } } }
            output.finish()
            if let failure { throw failure }
            return
        }
        let view = try StaffView(session)
        if format == .table { return try printTable(filter, session: session, view: view) }
        // csv or xlsx: the rows are made as the instances are read, the file whole.
        var sheet = ListSheet(view: view)
        try mapErrors { try session.service.forEachInstance(filter) { sheet.add($0) } }
        if format == .xlsx { return try WorkbookOutput.write(sheet.workbook(), output: output, what: "instances") }
        let bytes = Array(sheet.csv().utf8)
        if let output {
            try UserFiles.write(output, bytes)
            Console.out("wrote \(output) (\(sheet.rows.count) instance(s), csv)")
        } else {
            Console.raw(bytes)
        }
    }

    /// The table, a row per instance read one at a time (rows are short strings).
    private func printTable(_ filter: InstanceFilter, session: AgencySession, view: StaffView) throws {
        var table = TextTable(view.english ? ["id", "subject", "state", "status", "held by", "deadline", "updated"]
                                           : ["编号", "事项", "环节", "状态", "当前办理", "期限", "更新"], flexible: 1, kept: [0])
        var count = 0
        // An instance that cannot be read fails the listing after the table of the others.
        let failure = catching { try mapErrors { try session.service.forEachInstance(filter) { instance in
            count += 1
            let open = instance.openItems
            let urgent = open.filter { $0.due != nil }.min { ($0.due ?? "") < ($1.due ?? "") }
            table.add([instance.id, view.naming.title(withoutState: instance),
                       instance.status == .running ? view.naming.stateTitle(instance) : "",
                       view.status(instance.status), open.map(view.holder).joined(separator: view.t("、", ", ")),
                       urgent.map(view.deadline) ?? "", view.time(instance.updatedAt)],
                      colors: urgent.map { [5: InstanceRendering.colorCode($0.color)] } ?? [:])
        } } }
        Console.out(table.render())
        Console.out(view.t("共 \(count) 件", "\(count) instance(s)"))
        if let failure { throw failure }
    }

    /// The error `body` threw, if any, so output made so far can be finished first.
    private func catching(_ body: () throws -> Void) -> Error? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }
}

/// `agency inbox`: one person's open work.
struct InboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox", abstract: "A person's open work items, most urgent first.",
        discussion: """
            Examples:
              agency inbox --as zhangwei
              agency inbox --as zhangwei --cc         (the instances copied to them, 抄送)
              agency inbox --as liming --projects     (我包联的项目: a leader's projects)
            """)

    @Option(name: .customLong("as"), help: ArgumentHelp("Whose inbox (default: you).", valueName: "person"))
    var person: String?
    @Flag(help: "The instances copied to the person (抄送), newest first, read-only.") var cc = false
    @Flag(help: "The projects the person is 包联领导 (or 代办员, 联络员) of: stage, lights, what is overdue and who holds it.")
    var projects = false
    @Flag(help: "Print as JSON.") var json = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    func run() throws {
        let session = try AgencySession(storeURL: storeOptions.storeURL, workflows: workflows, actor: person, now: nil)
        let whom = try person ?? session.actor()
        try session.inStaffLanguage {
            guard session.people.person(whom) != nil else { throw CLIError.notFound("no person '\(whom)' in the people directory") }
        }
        if cc { return try showCopies(whom, session) }
        if projects { return try showProjects(whom, session) }
        let entries = try mapErrors { try session.service.inbox(whom) }
        if json {
            Console.out(try JSONValue.array(entries.map { instance, item in
                .object(["instance": .string(instance.id), "workflow": .string(instance.workflow),
                         "state": .string(instance.state), "item": try JSONValue(encoding: item)])
            }).prettyString())
            return
        }
        let view = try StaffView(session)
        var table = TextTable(view.english ? ["matter", "item", "deadline", "light", "reminders"]
                                           : ["事项", "待办", "期限", "状态灯", "催办"], flexible: 0)
        for (instance, item) in entries {
            table.add([view.naming.title(withoutState: instance) + " [\(instance.id)]", "\(item.id) \(item.title)"
                        + (item.onBehalfOf.map { view.t("（代 \(view.name($0))）", " (for \(view.name($0)))") } ?? ""),
                       view.deadline(item), view.light(item),
                       item.reminders > 0 ? view.t("催办×\(item.reminders)", "×\(item.reminders)") : ""],
                      colors: item.due == nil ? [:] : [2: InstanceRendering.colorCode(item.color), 3: InstanceRendering.colorCode(item.color)])
        }
        Console.out(TerminalText.visible(view.t("\(view.name(whom)) 的待办（\(entries.count) 项）",
                                                "\(view.name(whom))'s work (\(entries.count) item(s))")))
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
        let view = try StaffView(session)
        var table = TextTable(view.english ? ["at", "matter", "copied at state", "by", "note", "now"]
                                           : ["时间", "事项", "抄送环节", "抄送人", "附言", "目前"], flexible: 1)
        for (instance, copy) in copies {
            table.add([view.time(copy.at), view.naming.title(withoutState: instance) + " [\(instance.id)]",
                       view.stateTitle(copy.state, in: instance), view.name(copy.by), copy.note ?? "",
                       instance.status == .running ? view.naming.stateTitle(instance) : view.status(instance.status)])
        }
        Console.out(TerminalText.visible(view.t("\(view.name(whom)) 的抄送（只读）", "copied to \(view.name(whom)) (read-only)")))
        Console.out(table.render())
    }
}
