import AgencyJSON
import AgencyReports
import AgencyService
import ArgumentParser
import Foundation

/// The formats of `agency report year`.
enum YearFormat: String, ExpressibleByArgument, CaseIterable {
    case table, markdown, json, html, xlsx
}

/// `agency report year`: the zone's headline figures for a year or a quarter, the numbers
/// of the seed's paragraph (重点谋划项目29个，总投资54.7亿元……帮助企业办理手续30余项).
struct ReportYearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "year", abstract: "The year's (or a quarter's) headline figures: stages, milestones, permits, 督办, 难点堵点.",
        discussion: """
            For the calendar year (or --quarter of it) up to its end or the store's time,
            whichever is earlier (截至目前): projects and total investment by stage at the
            start (with the projects entered before the period's first weekly dispatch, at
            the stage they were entered in) and at the end; projects that reached 签约, 备案,
            开工, 投产; permits issued (帮助
            企业办理手续), 难点堵点 resolved, 督办 closed and their on-time rates (按期办结率);
            planned and completed investment by month when projects carry it; and one
            paragraph in the seed's words built from these numbers. See "The year's
            headline figures" in Docs/workflows.md for the rules.

            Examples:
              agency report year --year 2025
              agency report year --year 2025 --quarter 1 --format markdown
              agency report year --year 2025 --format html --output 2025年成效.html
              agency report year --year 2025 --format xlsx --output 2025年成效.xlsx
            """)

    @Option(help: ArgumentHelp("The calendar year, e.g. 2025.", valueName: "year")) var year: Int
    @Option(help: ArgumentHelp("One quarter of it: 1 (January to March) … 4.", valueName: "quarter")) var quarter: Int?
    @Option(help: ArgumentHelp("table, markdown, json, html (one page, prints on A4) or xlsx (Excel, one sheet "
                               + "per section).", valueName: "format"))
    var format: YearFormat = .table
    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?
    @Option(help: ArgumentHelp("The current time (simulation stores only): the report stops there.", valueName: "time"))
    var now: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    func run() throws {
        let period: YearPeriod
        do {
            period = try YearPeriod(year: year, quarter: quarter)
        } catch {
            throw CLIError.invalid(error.description)
        }
        let session = try AgencySession(storeURL: store.storeURL, workflows: workflows, actor: nil, now: now)
        let current = try session.now()
        let mapping = try WeeklyReportCommand.mapping(in: store.storeURL)
        let report: YearReport
        do {
            report = try session.service.yearReport(period, now: current, mapping: mapping)
        } catch let error as YearReportError {
            throw CLIError.invalid(error.description)
        } catch {
            throw CLIError(error)
        }
        let what = "\(report.title) figures"
        if format == .xlsx {
            return try WorkbookOutput.write(report.workbook(), output: output, what: what)
        }
        try ReportOutput.write(try Self.render(report, format), csv: false, output: output, what: what,
                               format: format.rawValue)
    }

    static func render(_ report: YearReport, _ format: YearFormat) throws -> String {
        switch format {
        case .table: return YearReportTable.render(report)
        case .markdown: return report.markdown()
        case .html: return report.html()
        case .json: return try JSONValue(encoding: report).prettyString()
        case .xlsx: throw CLIError.internal("xlsx is written by WorkbookOutput, not rendered as text")
        }
    }
}
