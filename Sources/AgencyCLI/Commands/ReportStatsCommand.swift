import AgencyCalendar
import AgencyJSON
import AgencyReports
import AgencyService
import ArgumentParser
import Foundation

/// The formats of `agency report stats`.
enum StatsFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, html, xlsx
}

/// `agency report stats`: service statistics (办件时效) of the permits handled in a range.
struct ReportStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Service statistics (办件时效): permits handled, on time, days taken, by group.",
        discussion: """
            Over the permits completed from --from to --to (both included, days in the
            store's time zone), per group: handled, on time and the on-time rate, the
            median and 90th-percentile working days taken against the statutory limit,
            催办 and 督办 on them; permits still open at the end of --to and how many of
            them are overdue; a totals row; and the on-time rate week by week (ISO weeks).
            Groups: permit (the permit's name), department, agent (代办员), leader
            (包联领导 of the project). CSV holds the group table. See "办件时效统计" in
            Docs/workflows.md for the rules.

            Examples:
              agency report stats --from 2025-01-06 --to 2025-03-30
              agency report stats --from 2025-01-06 --to 2025-03-30 --by department --format html --output 时效.html
              agency report stats --from 2025-01-01 --to 2025-03-31 --by agent --format xlsx --output 时效.xlsx
            """)

    @Option(help: ArgumentHelp("The first day, e.g. 2025-01-06.", valueName: "date")) var from: String
    @Option(help: ArgumentHelp("The last day, included, e.g. 2025-03-30.", valueName: "date")) var to: String
    @Option(help: ArgumentHelp("Group by permit, department, agent or leader.", valueName: "grouping"))
    var by: String = ServiceStats.Grouping.permit.rawValue
    @Option(help: ArgumentHelp("table, csv, json, html or xlsx (Excel: 办件时效 and 周趋势).", valueName: "format"))
    var format: StatsFormat = .table
    @Option(help: ArgumentHelp("Write the statistics to this file instead of standard output.", valueName: "file"))
    var output: String?
    @Option(help: ArgumentHelp("The current time (simulation stores only): open permits are counted no later.",
                               valueName: "time"))
    var now: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    func run() throws {
        let (first, last, grouping) = try Self.parse(from: from, to: to, by: by)
        let session = try AgencySession(storeURL: store.storeURL, workflows: workflows, actor: nil, now: now)
        let current = try session.now()
        let mapping = try WeeklyReportCommand.mapping(in: store.storeURL)
        let stats: ServiceStats
        do {
            stats = try session.service.serviceStats(from: first, to: last, by: grouping, now: current, mapping: mapping)
        } catch let error as ServiceStatsError {
            throw CLIError.invalid("\(error)")
        } catch {
            throw CLIError(error)
        }
        let what = "service statistics \(stats.from)..\(stats.to)"
        if format == .xlsx {
            return try WorkbookOutput.write(stats.workbook(), output: output, what: what)
        }
        try ReportOutput.write(try Self.render(stats, format), csv: format == .csv, output: output, what: what,
                               format: format.rawValue)
    }

    /// The range and the grouping from the command line, or an error saying which option
    /// is wrong and how to write it (exit 1).
    static func parse(from: String, to: String, by: String) throws -> (CivilDate, CivilDate, ServiceStats.Grouping) {
        func date(_ option: String, _ text: String) throws -> CivilDate {
            guard let day = CivilDate(text) else {
                throw CLIError.invalid("\(option) '\(text)' is not a date; write it as YYYY-MM-DD, e.g. 2025-01-06")
            }
            return day
        }
        let first = try date("--from", from)
        let last = try date("--to", to)
        guard first <= last else {
            throw CLIError.invalid("--from \(first) is after --to \(last); the range runs from --from to --to "
                                   + "(both included): swap them")
        }
        let days = last.daysSince(first) + 1
        guard days <= maximumDays else {
            throw CLIError.invalid("--from \(first) --to \(last) spans \(days) days; a range may span at most "
                                   + "\(maximumDays) (three years): ask for shorter ranges, e.g. one per year")
        }
        guard let grouping = ServiceStats.Grouping(rawValue: by) else {
            let names = ServiceStats.Grouping.allCases.map(\.rawValue)
            throw CLIError.invalid("--by '\(by)' is not a grouping; use "
                                   + names.dropLast().joined(separator: ", ") + " or " + (names.last ?? ""))
        }
        return (first, last, grouping)
    }

    /// The longest range, in days: three years, so the weekly trend stays readable.
    static let maximumDays = 1_096

    static func render(_ stats: ServiceStats, _ format: StatsFormat) throws -> String {
        switch format {
        case .table: return ServiceStatsTable.render(stats)
        case .csv: return stats.csv()
        case .html: return stats.html()
        case .json: return try JSONValue(encoding: stats).prettyString()
        case .xlsx: throw CLIError.internal("xlsx is written by WorkbookOutput, not rendered as text")
        }
    }
}
