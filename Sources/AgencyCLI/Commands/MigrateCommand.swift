import AgencyCalendar
import AgencyJSON
import AgencyService
import ArgumentParser
import Foundation

/// `agency migrate`: moves instances to the current version of their workflow.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Move instances to the current version of their workflow (admin).",
        discussion: """
            Shows what changes with --dry-run; --map renames states that changed.

            Examples:
              agency migrate P001 --to current --dry-run
              agency migrate P001 --to current --map review=leader_review --reason 新版流程
            """)

    @Argument(help: "Instance ids.") var ids: [String]
    @Option(help: "The target version: current (the file in Workflows/ now).") var to: String = "current"
    @Option(help: ArgumentHelp("Rename a state: OLD=NEW (repeatable).", valueName: "old=new")) var map: [String] = []
    @Option(help: ArgumentHelp("Why (recorded).", valueName: "text")) var reason: String?
    @Flag(help: "Show what would change, change nothing.") var dryRun = false
    @OptionGroup var acting: ActingOptions

    func run() throws {
        guard to == "current" else { throw CLIError.invalid("--to takes 'current' (the version in Workflows/ now)") }
        var mapping: [String: String] = [:]
        for entry in map {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CLIError.invalid("--map '\(entry)' must be OLD=NEW")
            }
            mapping[parts[0]] = parts[1]
        }
        let session = try acting.session()
        let actor = try session.actor()
        let now = try session.now()
        for id in ids {
            let (from, to, head) = try mapErrors {
                try session.service.migrate(id, mapping: mapping, actor: actor, at: now, reason: reason, dryRun: dryRun)
            }
            let verb = dryRun ? "would move" : "moved"
            Console.out("\(id): \(verb) \(from.workflow)@\(from.version.prefix(12)) → @\(to.version.prefix(12)); "
                        + "state \(from.state)\(from.state == to.state ? " (unchanged)" : " → \(to.state)")")
            if let head { Console.out("  head \(head.seq) \(head.hash)") }
        }
    }
}

/// `agency schedule`: recurring starts.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule", abstract: "Enable, disable and list workflow schedules (weekly dispatch ...).",
        discussion: "Examples:\n  agency schedule enable dispatch --from 2025-01-06\n  agency schedule list",
        subcommands: [Enable.self, Disable.self, List.self], defaultSubcommand: List.self)

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable", abstract: "Start a workflow on its schedule from a date.")
        @Argument(help: "The workflow (it must declare schedule = ...).") var workflow: String
        @Option(help: ArgumentHelp("First day to consider, YYYY-MM-DD (default: today).", valueName: "date")) var from: String?
        @OptionGroup var acting: ActingOptions
        func run() throws {
            let session = try acting.session()
            let start = try from.map { try CalendarCommand.date($0, "--from") }
                ?? CivilDate(try session.now(), in: session.service.timestamps.timeZone)
            let first = try mapErrors { try session.service.enableSchedule(workflow, from: start) }
            Console.out("\(workflow): enabled; first occurrence \(first.nominal)"
                        + (first.at.map { " at \(session.service.timestamps.format($0))" } ?? " (skipped: holiday)"))
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "Stop a workflow's schedule.")
        @Argument(help: "The workflow.") var workflow: String
        @OptionGroup var acting: ActingOptions
        func run() throws {
            let session = try acting.session()
            try mapErrors { try session.service.disableSchedule(workflow) }
            Console.out("\(workflow): disabled")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List enabled schedules.")
        @Flag(help: "Print as JSON.") var json = false
        @OptionGroup var acting: ActingOptions
        func run() throws {
            let session = try acting.session()
            let schedules = try mapErrors { try session.service.schedules() }
            if json {
                Console.out(try JSONValue.array(schedules.map { ["workflow": .string($0.workflow), "next": .string($0.next.description)] }).prettyString())
                return
            }
            for schedule in schedules { Console.out("\(schedule.workflow): next \(schedule.next)") }
            if schedules.isEmpty { Console.out("no schedules enabled") }
        }
    }
}
