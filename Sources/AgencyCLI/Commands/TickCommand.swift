import AgencyJSON
import AgencyService
import ArgumentParser
import Foundation

/// `agency tick`: fires what is due.
struct TickCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick", abstract: "Fire everything due: timers, reminders, escalations, schedules, deliveries.",
        discussion: """
            Safe to run from cron every minute, and concurrently (Docs/operations.md). What
            fell due while no tick ran fires now, oldest first; every missed scheduled
            occurrence starts. --until walks virtual time forward in a simulation store,
            firing each event at its own time (with --now, what was due before --now fires
            at --now). Exit code 1 when an instance failed or was busy; the rest was done.

            Examples:
              agency tick
              agency tick --until 2025-01-31 --json
              agency tick --now 2025-01-08T09:00 --until 2025-01-31
            """)

    @Option(help: ArgumentHelp("Walk virtual time forward to this time, firing in order (simulation).", valueName: "time"))
    var until: String?
    @Flag(help: "Print what was done as JSON.") var json = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var workflows: WorkflowOptions
    @Option(help: ArgumentHelp("The current time (simulation stores only).", valueName: "time")) var now: String?

    func run() throws {
        let session = try AgencySession(storeURL: store.storeURL, workflows: workflows, actor: nil, now: now)
        let current = try session.now()
        var limit = current
        // --until without --now walks virtual time: each event fires at its own time.
        // Otherwise whatever fell due before now fires now.
        let floor: Date? = until != nil && now == nil ? nil : current
        if let until {
            guard session.simulation else {
                throw CLIError.notPermitted("--until is for simulation stores (agency init --simulation)")
            }
            guard let date = session.service.timestamps.parseUserTime(until) else {
                throw CLIError.invalid("--until '\(until)' is not a time; write 2025-01-31 or 2025-01-31T18:00")
            }
            if let clock = try mapErrors({ try session.service.simulationClock() }), date < clock {
                let format = session.service.timestamps.format
                throw CLIError.invalid("--until \(format(date)) is before the simulation clock (\(format(clock))): "
                                       + "time in a store only runs forward; give a later --until")
            }
            limit = date
        }
        let report = try mapErrors { try session.service.tick(until: limit, now: floor) }
        if json {
            var fields = report.json.objectValue ?? [:]
            fields["until"] = .string(session.service.timestamps.format(limit))
            fields["notifications"] = .integer(Int64(report.notifications))
            fields["deliveryProblems"] = .array(report.delivery.problems.map { .string($0) })
            Console.out(try JSONValue.object(fields).prettyString())
        } else {
            for warning in report.warnings { Console.error("注意：\(warning)") }
            for entry in report.replanned.entries {
                for item in entry.items {
                    Console.out("replanned \(entry.instance) \(item["item"]?.stringValue ?? "")  "
                                + "\(item["before"]?.stringValue ?? "-") → \(item["after"]?.stringValue ?? "-")")
                }
            }
            for fired in report.fired { Console.out(TerminalText.visible("\(fired.at)  \(fired.instance)  \(fired.kind)  \(fired.item)")) }
            for id in report.started + report.delivery.started { Console.out("started \(id)") }
            // Incidents and delivery problems carry script messages and data.
            for failure in report.failed {
                Console.error(TerminalText.visible("FAILED \(failure.instance): \(failure.error)", continuation: "  "))
            }
            for problem in report.delivery.problems { Console.error(TerminalText.visible("delivery: \(problem)", continuation: "  ")) }
            Console.out("tick to \(session.service.timestamps.format(limit)): \(report.fired.count) timers fired, "
                        + "\(report.started.count + report.delivery.started.count) started, "
                        + "\(report.notifications) notifications, \(report.failed.count) failed")
        }
        if !report.failed.isEmpty { throw ExitStatus.invalidInput }
    }
}

/// `agency notifications`: the durable notification box.
struct NotificationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications", abstract: "List pending notifications (催办, 督办, colour changes, new items).",
        discussion: "Examples:\n  agency notifications --to zhangwei\n  agency notifications ack --all\n  agency notifications deliver --command ./push-mail.sh",
        subcommands: [ListNotifications.self, Ack.self, Deliver.self], defaultSubcommand: ListNotifications.self)

    struct ListNotifications: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List pending notifications.")
        @Option(help: ArgumentHelp("Only this person's.", valueName: "person")) var to: String?
        @Flag(help: "Print as JSON.") var json = false
        @OptionGroup var store: StoreOptions
        @OptionGroup var workflows: WorkflowOptions

        func run() throws {
            let session = try AgencySession(storeURL: store.storeURL, workflows: workflows, actor: nil, now: nil)
            try session.inStaffLanguage {
                if let to, session.people.person(to) == nil {
                    throw CLIError.notFound("no person '\(to)' in the people directory")
                }
            }
            let (list, unreadable) = try mapErrors { try session.service.notificationBox(to: to) }
            if !unreadable.isEmpty {
                // Written without fsync, a notification can be torn by a power loss; the
                // journal still has it.
                Console.error("warning: \(unreadable.count) notification file(s) could not be read: "
                    + unreadable.joined(separator: ", ") + "; run `agency reindex` to write them again "
                    + "from the journals")
            }
            let view = try StaffView(session)
            let text = NotificationText(naming: view.naming, now: view.now)
            if json {
                // Each with `message`: what the person reads, in the store's language.
                Console.out(try JSONValue.array(list.map(text.withMessage)).prettyString())
                return
            }
            var table = TextTable(view.english ? ["at", "to", "message", "key"] : ["时间", "接收人", "内容", "编号"], flexible: 2, kept: [3])
            for note in list {
                let to = note["to"]?.stringValue ?? ""
                let digest = view.session.people.person(to)?.digest
                table.add([view.time(note["at"]?.stringValue),
                           view.name(to) + (digest.map { view.t("（\($0) 汇总）", " (digest \($0))") } ?? ""),
                           text.message(note), note["key"]?.stringValue ?? ""])
            }
            Console.out(table.render())
            Console.out(view.t("待推送 \(list.count) 条", "\(list.count) pending"))
        }
    }

    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ack", abstract: "Mark notifications delivered.",
            discussion: "Example: agency notifications ack P001-3-1 P001-3-2")
        @Argument(help: "Notification keys.") var keys: [String] = []
        @Flag(help: "All pending (with --to: all of that person's).") var all = false
        @Option(help: ArgumentHelp("With --all: only this person's.", valueName: "person")) var to: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var workflows: WorkflowOptions

        func run() throws {
            let session = try AgencySession(storeURL: store.storeURL, workflows: workflows, actor: nil, now: nil)
            var targets = keys
            if all { targets += try mapErrors { try session.service.notifications(to: to) }.compactMap { $0["key"]?.stringValue } }
            guard !keys.isEmpty || all else { throw CLIError.invalid("name notification keys, or --all") }
            try session.inStaffLanguage {
                if let to, session.people.person(to) == nil {
                    throw CLIError.notFound("no person '\(to)' in the people directory")
                }
            }
            // --all with nothing pending acknowledges nothing: not an error.
            guard !targets.isEmpty else { return Console.out("0 notification(s) marked delivered") }
            let count = try mapErrors { try session.service.acknowledge(keys: targets) }
            Console.out("\(count) notification(s) marked delivered")
        }
    }
}
