import AgencyCalendar
import AgencyJSON
import AgencyReports
import AgencyService
import ArgumentParser
import Foundation
import WorkflowStore

/// The formats of `agency report weekly`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, markdown, csv, json, html, xlsx, pdf
}

/// `agency report`: reports over the store.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports over the store: the weekly dispatch report (周报告), service statistics (办件时效), "
            + "the year's headline figures, the minutes of a 分析研判会 (会议纪要).",
        discussion: """
            Examples:
              agency report weekly --week 2025-W03 --format html --output weekly.html
              agency report stats --from 2025-01-06 --to 2025-03-30 --by department
              agency report year --year 2025 --quarter 1
              agency report minutes assessment-2025-01-15 --format html --output 纪要.html
            """,
        subcommands: [WeeklyReportCommand.self, ReportStatsCommand.self, ReportYearCommand.self,
                      ReportMinutesCommand.self],
        defaultSubcommand: WeeklyReportCommand.self)
}

/// `agency report weekly`: the report the Monday dispatch meeting (周调度) looks at.
struct WeeklyReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weekly", abstract: "The weekly report (周报告): stages, progress, permits, 督办, 难点堵点.",
        discussion: """
            A week's report shows the store as it stood when that week's dispatch ran
            (Monday 09:00, the next working day after a holiday) and what changed since
            the previous week's: counts and total investment by stage, each project's
            progress and next step (projects with no progress are flagged), permits by
            colour, supervision items and difficulties (new, in progress, closed), and
            who is behind. Without --week: the week of --now, else the latest dispatch's
            week, else this week. CSV holds the project table.

            Examples:
              agency report weekly
              agency report weekly --week 2025-W03 --format markdown
              agency report weekly --format html --output weekly.html
              agency report weekly --format xlsx --output 周报告.xlsx
              agency report weekly --format pdf --output 周例会.pdf --landscape
            """)

    @Option(help: ArgumentHelp("The ISO week, e.g. 2025-W03.", valueName: "week")) var week: String?
    @Option(help: ArgumentHelp("table, markdown, csv, json, html, xlsx (Excel, one sheet per section) or pdf "
                               + "(A4, printed by a headless Chromium).", valueName: "format"))
    var format: ReportFormat = .table
    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?
    @Option(help: ArgumentHelp("The current time (simulation stores only): the report stops there.", valueName: "time"))
    var now: String?
    @Flag(help: "Print html and pdf on landscape A4 (default portrait).") var landscape = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    func run() throws {
        let session = try AgencySession(storeURL: store.storeURL, workflows: workflows, actor: nil, now: now)
        let service = session.service
        let current = now == nil ? nil : try session.now()
        let mapping = try Self.mapping(in: store.storeURL)
        let chosen: ISOWeek
        if let week {
            guard let parsed = ISOWeek(week) else {
                throw CLIError.invalid("--week '\(week)' is not an ISO week; write it as 2025-W03")
            }
            chosen = parsed
        } else if let current {
            chosen = ISOWeek(containing: CivilDate(current, in: service.timestamps.timeZone))
        } else if let latest = try mapErrors({ try service.latestDispatchWeek(mapping: mapping) }) {
            chosen = latest
        } else {
            chosen = ISOWeek(containing: CivilDate(Date(), in: service.timestamps.timeZone))
        }
        var report = try mapErrors { try service.weeklyReport(week: chosen, now: current ?? (session.simulation ? nil : Date()),
                                                        mapping: mapping) }
        report.seal = try Self.seal(report, session: session)
        // A moment other than the dispatch is printed with the check, which would otherwise
        // take the dispatch's when the store journal records no seal.
        if report.seal != nil, let moment = service.timestamps.parse(report.asOf),
           moment != service.reportMoment(chosen, mapping: mapping) {
            report.sealAsOf = report.asOf
        }
        if format == .xlsx {
            return try WorkbookOutput.write(report.workbook(), output: output, what: "weekly report \(report.week)")
        }
        if format == .pdf {
            guard let output else {
                throw CLIError.invalid("--format pdf writes a file: give --output FILE.pdf")
            }
            try UserFiles.write(output, try PDFRenderer.render(html: report.html(landscape: landscape)))
            return Console.out("wrote \(output) (\(report.week), pdf, A4\(landscape ? " landscape" : ""))")
        }
        try ReportOutput.write(try Self.render(report, format, landscape: landscape), csv: format == .csv,
                               output: output, what: report.week, format: format.rawValue)
    }

    /// The seal (本周存证码) over every journal as of the report's moment, recorded in a
    /// signed store's journal the first time. A journal that cannot be read leaves the
    /// report without a seal, said on standard error; so does a seal that cannot be
    /// recorded (the key unreadable to this user), but the code is still printed.
    static func seal(_ report: WeeklyReport, session: AgencySession) throws -> String? {
        let service = session.service
        guard let moment = service.timestamps.parse(report.asOf) else { return nil }
        let (seal, unreadable) = try mapErrors { try service.seal(asOf: moment) }
        if !unreadable.isEmpty {
            Console.error(TerminalText.visible("no seal (存证码) for this report: "
                + unreadable.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
                + "; run agency verify --all", continuation: "  "))
            return nil
        }
        do {
            let at = service.timestamps.format(try session.now())
            try service.recordSeal(seal, week: report.week, at: at)
        } catch {
            Console.error(TerminalText.visible("the seal \(seal.code) could not be recorded in the store journal: "
                + "\(ServiceError(error).description)", continuation: "  "))
        }
        return seal.code
    }

    /// The store's `report.json` (which workflows and fields hold projects, permits and
    /// cases), or the repository's names when there is none.
    static func mapping(in storeURL: URL) throws -> ReportMapping {
        let path = storeURL.appendingPathComponent("report.json").path
        guard let data = try mapErrors({ try LocalFile.read(path) }) else { return .zone }
        do {
            return try ReportMapping(json: try JSONValue.parse(data), source: path)
        } catch let error as ReportMappingError {
            throw CLIError.invalid("\(error)\n(see \"The weekly report\" in Docs/workflows.md)")
        } catch {
            throw CLIError.invalid("\(path): not valid JSON: \(error)")
        }
    }

    static func render(_ report: WeeklyReport, _ format: ReportFormat, landscape: Bool = false) throws -> String {
        switch format {
        case .table: return WeeklyReportTable.render(report)
        case .markdown: return report.markdown()
        case .csv: return report.csv()
        case .html: return report.html(landscape: landscape)
        case .json: return try JSONValue(encoding: report).prettyString()
        case .xlsx, .pdf: throw CLIError.internal("\(format.rawValue) is binary, written by its own path, not rendered as text")
        }
    }
}
