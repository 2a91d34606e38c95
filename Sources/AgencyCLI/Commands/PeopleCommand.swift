import AgencyJSON
import AgencyService
import ArgumentParser
import Foundation
import WorkflowEngine
import WorkflowStore

/// `agency people`: the people directory, and audited changes to it.
struct PeopleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "The people directory: list it, apply a new version, see its history; API tokens.",
        discussion: """
            Examples:
              agency people --json
              agency people apply new-people.json --dry-run
              agency people history
            """,
        subcommands: [PeopleListCommand.self, PeopleApplyCommand.self, PeopleHistoryCommand.self,
                      PeopleTokenCommand.self, PeoplePasswordCommand.self],
        defaultSubcommand: PeopleListCommand.self)
}

struct PeopleListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the people directory: ids, names, roles, logins, and the org chart.")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        let file = storeOptions.storeURL.appendingPathComponent("people.json").path
        let people = try AgencySession.readPeople(atPath: file) ?? PeopleDirectory(people: [])
        if json {
            Console.out(try people.json.prettyString())
            return
        }
        // The org-chart columns appear only for a directory that has an org chart (Docs/people.md).
        let orgChart = !people.departments.isEmpty || people.people.contains { $0.manager != nil || $0.delegations != nil }
        var table = TextTable(["id", "姓名", "角色", "login"] + (orgChart ? ["部门", "上级", "代理"] : []))
        for person in people.people {
            var row = [person.id, person.name, person.roles.joined(separator: "、"), person.login ?? ""]
            if orgChart {
                row += [person.department.map { people.department($0)?.name ?? $0 } ?? "",
                        people.manager(of: person.id).map { people.person($0)?.name ?? $0 } ?? "",
                        (person.delegations ?? []).map { delegation in
                            "\(people.person(delegation.to)?.name ?? delegation.to) \(delegation.from)~\(delegation.until)"
                        }.joined(separator: "；")]
            }
            table.add(row)
        }
        Console.out(table.render())
        guard !people.departments.isEmpty else { return }
        var departments = TextTable(["部门", "名称", "负责人", "上级部门"])
        for department in people.departments {
            departments.add([department.id, department.name,
                             department.head.map { people.person($0)?.name ?? $0 } ?? "",
                             department.parent.map { people.department($0)?.name ?? $0 } ?? ""])
        }
        Console.out("")
        Console.out(departments.render())
    }
}

/// `agency people apply FILE`: an administrator replaces the directory, seeing first who
/// joins, leaves, gains or loses a role or login, and which open items those who leave or
/// lose a role still hold. The new version is recorded in the store journal.
struct PeopleApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply a new people directory (admin): shows the difference, records who applied it.",
        discussion: """
            Open items are never moved: those of people who leave or lose a role are listed, and
            an administrator moves each with `agency reassign`. Earlier records keep verifying:
            each names the directory version it was decided with.
            """)

    @Argument(help: ArgumentHelp("The new people.json.", valueName: "file")) var file: String
    @Flag(help: "Show the difference and the affected items; write nothing.") var dryRun = false
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var acting: ActingOptions

    func run() throws {
        let session = try acting.session()
        let actor = try session.actor()
        guard session.people.isAdmin(actor) else {
            throw CLIError.notPermitted("更新人员名单须由系统管理员（admin）操作，\(session.people.display(actor)) 没有该角色。")
        }
        guard let new = try AgencySession.readPeople(atPath: file, userFile: true) else {
            throw CLIError.notFound("\(file)：文件不存在或无法读取。")
        }
        guard !new.people.filter({ $0.roles.contains(PeopleDirectory.adminRole) }).isEmpty else {
            throw CLIError.invalid("\(file)：新名单中没有系统管理员（admin 角色），应用后将无人能再更新名单；请至少保留一位。")
        }
        let change = PeopleChange(from: session.people, to: new)
        let affected = try affectedItems(change, session: session)
        // Items already given stay with a person whose delegation changes (Docs/people.md).
        let delegators = change.changed.filter { $0.orgChart.contains("delegations") }.map(\.id)
        let held = try delegators.flatMap { person in
            try mapErrors { try session.service.inbox(person) }.map { AffectedItem(person: person, instance: $0.0, item: $0.1) }
        }
        var version: String?
        var written = false
        if change.isEmpty && new.json == session.people.json {
            if !json { Console.out("人员名单没有变化，未写入。") }
        } else if !dryRun {
            let target = session.storeURL.appendingPathComponent("people.json").path
            try mapErrors { try session.files.writer.replace(target, with: try new.json.prettyBytes()) }
            written = true
            // The next commands read the new file; this one records it as applied, by whom.
            let updated = try acting.session()
            updated.service.login = AgencySession.login
            let now = try session.now()
            try mapErrors {
                _ = try updated.service.recordPeopleVersion(actor: actor, at: updated.service.timestamps.format(now),
                                                            source: "agency people apply")
            }
            version = try mapErrors { try updated.service.currentPeopleVersion() }
        }
        if json {
            var result: [String: JSONValue] = ["changes": change.json, "written": .bool(written),
                                               "affectedItems": .array(affected.map(\.json)),
                                               "heldByDelegators": .array(held.map(\.json))]
            result["version"] = version.map { .string($0) } ?? .null
            Console.out(try JSONValue.object(result).prettyString())
            return
        }
        if !change.isEmpty { Console.out(describe(change, before: session.people, affected: affected)) }
        if !held.isEmpty {
            Console.out("以下待办已在代理设置变化的人员名下，留在原处；如需按新的代理转出，请管理员用 agency reassign 改派给同一人：")
            for entry in held {
                Console.out("  \(session.people.person(entry.person)?.name ?? entry.person)：\(entry.instance.id) · \(entry.item.title) [\(entry.item.id)]")
            }
        }
        if let version {
            Console.out("已应用：人员名单版本 \(version.prefix(12))，已记入库日志（agency people history）。")
        } else if dryRun && !change.isEmpty {
            Console.out("（试运行，未写入）")
        }
    }

    struct AffectedItem {
        var person: String
        var instance: Instance
        var item: WorkItem

        var json: JSONValue {
            ["person": .string(person), "instance": .string(instance.id), "item": .string(item.id),
             "title": .string(item.title)]
        }
    }

    private func affectedItems(_ change: PeopleChange, session: AgencySession) throws -> [AffectedItem] {
        try change.affected.flatMap { person in
            try mapErrors { try session.service.inbox(person) }.map { AffectedItem(person: person, instance: $0.0, item: $0.1) }
        }
    }

    private func describe(_ change: PeopleChange, before: PeopleDirectory, affected: [AffectedItem]) -> String {
        func roles(_ list: [String]) -> String { list.isEmpty ? "无角色" : "角色 " + list.joined(separator: "、") }
        var lines = ["人员名单变更："]
        for person in change.joined { lines.append("  新增  \(person.name)（\(person.id)），\(roles(person.roles))") }
        for person in change.left { lines.append("  离开  \(person.name)（\(person.id)），原\(roles(person.roles))") }
        for changed in change.changed {
            var parts: [String] = []
            if let previous = changed.previousName { parts.append("姓名 \(previous) → \(changed.name)") }
            if !changed.rolesAdded.isEmpty { parts.append("增加角色 " + changed.rolesAdded.joined(separator: "、")) }
            if !changed.rolesRemoved.isEmpty { parts.append("去掉角色 " + changed.rolesRemoved.joined(separator: "、")) }
            if let login = changed.login { parts.append("登录名 \(login.before ?? "无") → \(login.after ?? "无")") }
            parts += changed.orgChart.map { "组织架构 \($0)" }
            lines.append("  变更  \(changed.name)（\(changed.id)）：" + parts.joined(separator: "；"))
        }
        if change.departmentsChanged { lines.append("  部门设置有变化（agency people list 查看）") }
        if !affected.isEmpty {
            lines.append("以下待办仍在离开或失去角色的人员名下，不会自动转移，请管理员用 agency reassign 逐项转办：")
            for entry in affected {
                lines.append("  \(before.person(entry.person)?.name ?? entry.person)：\(entry.instance.id) · \(entry.item.title) [\(entry.item.id)]")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// `agency people history`: the directory's versions as the store journal recorded them.
struct PeopleHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "The people directory's versions: when, by whom, what changed.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var workflows: WorkflowOptions
    @Flag(help: "Print the records as JSON.") var json = false

    func run() throws {
        let session = try AgencySession(storeURL: storeOptions.storeURL, workflows: workflows, actor: nil, now: nil)
        let records = try mapErrors { try session.service.storeJournal() }.filter { $0["kind"]?.stringValue == "people" }
        if json {
            Console.out(try JSONValue.array(records).prettyString())
            return
        }
        if records.isEmpty { Console.out("库日志中还没有人员名单的记录（第一条命令运行时记入）。") }
        for record in records {
            let details = record["details"] ?? .null
            let changes = details["changes"] ?? .null
            let count = { (key: String) in changes[key]?.arrayValue?.count ?? 0 }
            let source = details["source"]?.stringValue == "agency people apply" ? "people apply" : "people.json 中发现"
            let actor = record["actor"]?.stringValue ?? ""
            Console.out("#\(record["seq"]?.intValue ?? 0) \(record["at"]?.stringValue ?? "") "
                + "\(session.people.person(actor)?.name ?? actor)（\(source)）版本 \((details["version"]?.stringValue ?? "").prefix(12))："
                + "新增 \(count("joined")) 人，离开 \(count("left")) 人，变更 \(count("changed")) 人")
        }
    }
}
