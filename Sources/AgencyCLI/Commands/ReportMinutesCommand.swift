import AgencyJSON
import AgencyReports
import ArgumentParser
import Foundation

/// The formats of `agency report minutes`.
enum MinutesFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, html, json
}

/// `agency report minutes`: the approved minutes (会议纪要) of a 分析研判会 as a document.
struct ReportMinutesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minutes", abstract: "The minutes (会议纪要) of a 分析研判会 (assessment), once approved.",
        discussion: """
            The document of an assessment meeting whose minutes the 主任 approved: 时间,
            主持, 记录, 出席, 议题, 概述, then one row per project (序号, 项目, 阶段, 研判意见,
            理由, 下一步) and 审批 (who approved, when). HTML is one self-contained page that
            prints on A4. An id that is not an assessment exits 1; minutes not yet approved
            (or a cancelled meeting) exit 4, saying where the meeting stands.

            Examples:
              agency report minutes assessment-2025-01-15
              agency report minutes assessment-2025-01-15 --format html --output 研判会纪要.html
            """)

    @Argument(help: ArgumentHelp("The assessment instance, e.g. assessment-2025-01-15.", valueName: "id"))
    var id: String
    @Option(help: ArgumentHelp("text, markdown, html (A4, self-contained) or json.", valueName: "format"))
    var format: MinutesFormat = .text
    @Option(help: ArgumentHelp("Write the minutes to this file instead of standard output.", valueName: "file"))
    var output: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    func run() throws {
        let session = try AgencySession(storeURL: store.storeURL, workflows: workflows, actor: nil, now: nil)
        let minutes = try mapErrors { try session.service.assessmentMinutes(id) }
        let text: String
        switch format {
        case .text: text = minutes.text()
        case .markdown: text = minutes.markdown()
        case .html: text = minutes.html()
        case .json: text = try JSONValue(encoding: minutes).prettyString()
        }
        try ReportOutput.write(text, csv: false, output: output, what: "minutes of \(minutes.id)", format: format.rawValue)
    }
}
