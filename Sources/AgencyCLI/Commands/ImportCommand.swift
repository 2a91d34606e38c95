import AgencyJSON
import AgencyService
import AgencySpreadsheet
import ArgumentParser
import Foundation

/// `agency import`: instances from the spreadsheets offices keep.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Start instances from a spreadsheet (项目谋划清单).",
        subcommands: [ImportProjectsCommand.self])
}

/// `agency import projects FILE.xlsx|csv`: the 项目谋划清单, one project a row, all or
/// nothing.
struct ImportProjectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projects", abstract: "Start a project for each row of a 项目谋划清单 (.xlsx or .csv), all or nothing.",
        discussion: """
            The first row names the columns, as the 项目谋划清单 does: 项目名称、建设单位、投资总额 \
            (万元)、建设规模和内容、落地条件、选址占地、预计备案时间, and 包联领导、代办员、联络员 \
            by name as the people directory has them; optionally 产业领域, 项目编号 (the id; else \
            one is made), 当前阶段 (初步对接 … 签约待备案) and 用地方式. A column is matched to the \
            workflow's input by its title, its field name, or one of these names.

            Every row and cell is checked first, and the workflow's own start is tried for each \
            row without saving. Any problem is reported by row and column (第 5 行，「包联领导」列 \
            （I）：…) and nothing starts (exit 1). --dry-run checks and starts nothing even when \
            all is well.

            Examples:
              agency import projects 项目谋划清单.xlsx --dry-run
              agency import projects 项目谋划清单.xlsx --as zhangwei
              agency import projects projects.csv --sheet 2025年
            """)

    @Argument(help: "The spreadsheet: .xlsx (its first sheet, or --sheet) or .csv (UTF-8).") var file: String
    @Option(help: ArgumentHelp("The workflow to start (default: project).", valueName: "workflow"))
    var workflow = "project"
    @Option(help: ArgumentHelp("The sheet of an .xlsx to read (default: the first).", valueName: "name")) var sheet: String?
    @Flag(name: .customLong("dry-run"), help: "Check every row; start nothing.") var dryRun = false
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var acting: ActingOptions

    /// The 项目谋划清单's own column names for the project workflow's fields.
    static let aliases = [
        "投资总额": "investment", "总投资": "investment", "投资总额（万元）": "investment", "代办员": "agent",
        "项目代办员": "agent", "编号": "code", "当前阶段": "initial_stage", "阶段": "initial_stage",
        "用地方式": "land_type", "建设内容": "scale", "建设规模": "scale", "选址": "site",
    ]

    func run() throws {
        let session = try acting.session()
        let actor = try session.actor()
        let at = try session.now()
        guard let bytes = try UserFiles.read(file, label: file) else { throw CLIError.notFound("\(file): no such file") }
        let table = try Self.table(bytes, file: file, sheet: sheet)
        let definition = try mapErrors { try session.service.currentDefinition(workflow) }
        let prepared = InstanceImport(definition: definition, people: session.people, aliases: Self.aliases,
                                      language: session.service.language).prepare(table)
        var problems = prepared.problems
        if problems.isEmpty {
            problems += try mapErrors {
                try session.service.checkImport(prepared.rows, workflow: workflow, actor: actor, at: at)
            }
        }
        guard problems.isEmpty else {
            if json {
                Console.out(try JSONValue.object([
                    "started": .array([]),
                    "problems": .array(problems.map { ["row": .integer(Int64($0.row)),
                                                       "column": $0.column.map { .string($0) } ?? .null,
                                                       "message": .string($0.message)] }),
                ]).prettyString())
            }
            let list = problems.map { TerminalText.visible("  " + $0.description) }.joined(separator: "\n")
            throw CLIError.invalid("\(file): " + session.service.language.pick(
                "\(problems.count) 处问题，未导入任何项目（全部改正后再导入）：\n",
                "\(problems.count) problem(s); nothing was imported (correct them all, then import again):\n") + list)
        }
        if dryRun {
            if json {
                Console.out(try JSONValue.object(["dryRun": true, "rows": .integer(Int64(prepared.rows.count))]).prettyString())
            } else {
                Console.out(TerminalText.visible(session.service.language.pick(
                    "\(file)：\(prepared.rows.count) 行全部通过检查（--dry-run，未发起）",
                    "\(file): all \(prepared.rows.count) rows pass (--dry-run, nothing started)")))
            }
            return
        }
        let results = try mapErrors {
            try session.service.runImport(prepared.rows, workflow: workflow, actor: actor, at: at)
        }
        if json {
            Console.out(try JSONValue.object(["started": .array(results.map { .string($0.instance.id) })]).prettyString())
            return
        }
        let view = try StaffView(session)
        for result in results {
            Console.out(TerminalText.visible("  \(view.naming.label(result.instance))"))
        }
        Console.out(TerminalText.visible(view.t("\(file)：已导入 \(results.count) 个项目", "\(file): \(results.count) project(s) imported")))
    }

    /// The sheet's rows as text: an .xlsx's first sheet (or `--sheet`), else CSV.
    static func table(_ bytes: [UInt8], file: String, sheet: String?) throws -> [[String]] {
        let isZip = bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
        do {
            guard isZip || file.lowercased().hasSuffix(".xlsx") else {
                return try CSVReader.rows(bytes, source: file)
            }
            // Only the sheet asked for is parsed.
            let sheets = try WorkbookReader.read(data: Data(bytes), sourceName: file,
                                                 choose: sheet.map { .named($0) } ?? .first)
            guard let sheet else {
                guard let first = sheets.first else { throw CLIError.invalid("\(file): the workbook has no sheet") }
                return first.rows
            }
            guard let named = sheets.first(where: { $0.name == sheet }) else {
                throw CLIError.notFound("\(file): no sheet named '\(sheet)' (sheets: "
                                        + sheets.map(\.name).joined(separator: ", ") + ")")
            }
            return named.rows
        } catch let error as SpreadsheetError {
            throw CLIError.invalid(error.description)
        }
    }
}
