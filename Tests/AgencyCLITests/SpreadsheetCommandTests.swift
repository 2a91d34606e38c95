import AgencyJSON
import AgencySpreadsheet
import Foundation
import Testing

/// Excel in and out: the 项目谋划清单 imported, lists and reports exported.
@Suite("Spreadsheets in and out")
struct SpreadsheetCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let sheet = repository.appendingPathComponent("Workflows/demo/项目谋划清单.csv")

    /// A fresh simulation store with the zone's people, run from the repository (its Workflows).
    /// The folder is returned so the caller keeps it (and the store in it) alive.
    func store() throws -> (TemporaryDirectory, String) {
        let folder = try TemporaryDirectory()
        let store = folder.url.appendingPathComponent("store").path
        let run = try agency(["init", "--store", store, "--simulation", "--people", "Workflows/people.json"], in: Self.repository)
        precondition(run.status == 0, run.stderr)
        return (folder, store)
    }

    func run(_ arguments: [String], _ store: String) throws -> AgencyRun {
        try agency(arguments + ["--store", store], in: Self.repository)
    }

    func projectCount(_ store: String) throws -> Int {
        try JSONValue.parse(Array(try run(["list", "--workflow", "project", "--json"], store).stdout.utf8)).arrayValue?.count ?? -1
    }

    @Test("the demo's 项目谋划清单 (29 projects, CSV) starts them all; a dry run starts none")
    func importCSV() throws {
        let (folder, store) = try store()
        defer { withExtendedLifetime(folder) {} }
        var result = try run(["import", "projects", Self.sheet.path, "--as", "zhangwei", "--now", "2025-01-06T08:30",
                              "--dry-run"], store)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("29 行全部通过检查"), "\(result.stdout)")
        #expect(try projectCount(store) == 0)
        result = try run(["import", "projects", Self.sheet.path, "--as", "zhangwei", "--now", "2025-01-06T08:30"], store)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("已导入 29 个项目"))
        #expect(try projectCount(store) == 29)
        let p09 = try JSONValue.parse(Array(try run(["show", "P09", "--json"], store).stdout.utf8))
        #expect(p09["data"]?["leader"] == "zhaohong", "包联领导 by name became the person's id")
        #expect(p09["data"]?["investment"] == 48000)
        #expect(p09["state"] == "intent", "当前阶段 重点意向 places it")
        #expect(try run(["verify", "--all"], store).status == 0)
        // Again: every id is taken now, so nothing starts.
        result = try run(["import", "projects", Self.sheet.path, "--as", "zhangwei"], store)
        #expect(result.status == 1)
        #expect(result.stderr.contains("编号 P01 已在库中"), "\(result.stderr)")
    }

    @Test("a sheet with bad rows starts nothing and names each row and column")
    func badRows() throws {
        let (folder, store) = try store()
        var text = try String(contentsOf: Self.sheet, encoding: .utf8)
        text = text.replacingOccurrences(of: ",陈志远,张伟,吴霞", with: ",陈志运,张伟,吴霞")
            .replacingOccurrences(of: ",25000,", with: ",两亿五,")
            .replacingOccurrences(of: ",2025-06-30,", with: ",2025-13-40,")
        let bad = try folder.write("bad.csv", text)
        let result = try run(["import", "projects", bad.path, "--as", "zhangwei"], store)
        #expect(result.status == 1)
        #expect(result.stderr.contains("未导入任何项目"))
        #expect(result.stderr.contains("第 2 行，「包联领导」列（L）：「陈志运」不在人员名录中"), "\(result.stderr)")
        #expect(result.stderr.contains("第 3 行，「投资总额（万元）」列（E）：「两亿五」不是整数"), "\(result.stderr)")
        #expect(result.stderr.contains("第 2 行，「预计备案时间」列（J）：「2025-13-40」不是日期"), "\(result.stderr)")
        #expect(try projectCount(store) == 0)
        let unknown = try folder.write("unknown.csv", "项目名称,建设单位,总投资,负责人\nA,B,1,张伟\n")
        let refused = try run(["import", "projects", unknown.path, "--as", "zhangwei"], store)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("第 1 行，「负责人」列（D）：不认识的列名「负责人」"), "\(refused.stderr)")
        #expect(refused.stderr.contains("缺少必填列「包联领导」"), "\(refused.stderr)")
        let childID = try folder.write("child.csv", "项目编号,项目名称,建设单位,产业领域,投资总额,建设规模和内容,落地条件,包联领导,代办员,联络员,\n"
            + "P01.c9,A,B,C,100,D,E,陈志远,张伟,吴霞,备注写在没有列名的列里\n")
        let refusedChild = try run(["import", "projects", childID.path, "--as", "zhangwei"], store)
        #expect(refusedChild.status == 1)
        #expect(refusedChild.stderr.contains("编号「P01.c9」只能用字母、数字、- 和 _"), "\(refusedChild.stderr)")
        #expect(refusedChild.stderr.contains("第 2 行，K 列：这一列有内容但没有列名"), "\(refusedChild.stderr)")
        let garbage = try folder.write("garbage.xlsx", "not a workbook")
        let broken = try run(["import", "projects", garbage.path, "--as", "zhangwei"], store)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("is not an .xlsx workbook"), "\(broken.stderr)")
    }

    @Test("the same sheet as .xlsx imports the same way")
    func importXLSX() throws {
        let (folder, store) = try store()
        let rows = try CSVReader.rows(Array(try Data(contentsOf: Self.sheet)), source: "sheet")
        let workbook = Workbook(sheets: [Sheet(name: "2025年", columns: rows[0].map { Column($0) },
                                               rows: rows.dropFirst().map { row in
                                                   row.enumerated().map { index, cell in
                                                       // Investment as a number cell, as Excel keeps it.
                                                       index == 4 ? .integer(Int(cell) ?? 0) : .text(cell)
                                                   }
                                               })])
        let file = folder.url.appendingPathComponent("清单.xlsx")
        try workbook.xlsxData().write(to: file)
        let result = try run(["import", "projects", file.path, "--as", "zhangwei", "--sheet", "2025年"], store)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try projectCount(store) == 29)
        let missing = try run(["import", "projects", file.path, "--as", "zhangwei", "--sheet", "2024年"], store)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no sheet named '2024年' (sheets: 2025年)"), "\(missing.stderr)")
    }

    @Test("list and the weekly report as xlsx: real workbooks with the right cells (LibreOffice reads them when installed)")
    func exportXLSX() throws {
        let (folder, store) = try store()
        #expect(try run(["import", "projects", Self.sheet.path, "--as", "zhangwei", "--now", "2025-01-06T08:30"], store).status == 0)
        let list = folder.url.appendingPathComponent("list.xlsx").path
        #expect(try run(["list", "--workflow", "project", "--format", "xlsx", "--output", list], store).status == 0)
        let weekly = folder.url.appendingPathComponent("weekly.xlsx").path
        let report = try run(["report", "weekly", "--week", "2025-W02", "--format", "xlsx", "--output", weekly], store)
        #expect(report.status == 0, "\(report.stderr)")
        let sheets = try WorkbookReader.read(url: URL(fileURLWithPath: weekly))
        #expect(sheets.map(\.name) == ["概况", "项目", "手续", "督办事项", "难点堵点", "工作滞后"])
        #expect(sheets[0].rows[0] == ["阶段", "项目数", "总投资（万元）", "总投资（亿元）", "较上周"])
        #expect(sheets[0].rows.contains { $0.first == "合计" && $0[1] == "29" && $0[2] == "547000" }, "\(sheets[0].rows)")
        let listed = try WorkbookReader.read(url: URL(fileURLWithPath: list))
        #expect(listed[0].rows.count == 30)
        #expect(listed[0].rows.contains { $0.first == "P09" && $0[1] == "年产5万吨锂电池负极材料项目" && $0[8] == "48000" })
        // A workbook is binary: not onto a terminal, and a pipe gets the bytes.
        let piped = try run(["list", "--format", "xlsx"], store)
        #expect(piped.status == 0)
        #expect(piped.stdout.utf8.starts(with: Array("PK".utf8)))
        guard let soffice = Self.which("soffice") else { return }
        let out = folder.url.appendingPathComponent("csv")
        let convert = Process()
        convert.executableURL = URL(fileURLWithPath: soffice)
        convert.arguments = ["--headless", "-env:UserInstallation=file://\(folder.url.path)/lo", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                             "--outdir", out.path, weekly]
        convert.standardOutput = FileHandle.nullDevice
        convert.standardError = FileHandle.nullDevice
        try convert.run()
        convert.waitUntilExit()
        let csv = try String(contentsOf: out.appendingPathComponent("weekly.csv"), encoding: .utf8)
        #expect(csv.contains("\"合计\",29,547000,54.70,"), "\(csv)")
    }

    @Test("search by name, by filters, and nothing to search for is a usage error")
    func search() throws {
        let (folder, store) = try store()
        defer { withExtendedLifetime(folder) {} }
        #expect(try run(["import", "projects", Self.sheet.path, "--as", "zhangwei", "--now", "2025-01-06T08:30"], store).status == 0)
        var result = try run(["search", "锂电池"], store)
        #expect(result.stdout.contains("P09") && result.stdout.contains("共 1 件"), "\(result.stdout)")
        result = try run(["search", "--leader", "赵红", "--stage", "成熟待签约", "--json"], store)
        let hits = try JSONValue.parse(Array(result.stdout.utf8))
        #expect(hits["hits"]?.arrayValue?.map { $0["id"]?.stringValue ?? "" } == ["P19"], "\(result.stdout)")
        result = try run(["search", "新能源 储能"], store)
        #expect(result.stdout.contains("P01"), "every word, in any field: \(result.stdout)")
        result = try run(["search"], store)
        #expect(result.status == 64)
        result = try run(["search", "x", "--stage", "签约"], store)
        #expect(result.status == 1)
        #expect(result.stderr.contains("--stage '签约' is not a stage"))
    }

    @Test("the weekly report as an A4 PDF: page one is the overview (skipped without Chromium)")
    func pdf() throws {
        guard Self.which("chromium") ?? Self.which("google-chrome") != nil, let pdftotext = Self.which("pdftotext") else { return }
        let (folder, store) = try store()
        #expect(try run(["import", "projects", Self.sheet.path, "--as", "zhangwei", "--now", "2025-01-06T08:30"], store).status == 0)
        let file = folder.url.appendingPathComponent("w.pdf").path
        let result = try run(["report", "weekly", "--week", "2025-W02", "--format", "pdf", "--output", file], store)
        #expect(result.status == 0, "\(result.stderr)")
        let page = folder.url.appendingPathComponent("page1.txt").path
        let extract = Process()
        extract.executableURL = URL(fileURLWithPath: pdftotext)
        extract.arguments = ["-f", "1", "-l", "1", "-layout", file, page]
        try extract.run()
        extract.waitUntilExit()
        let text = try String(contentsOfFile: page, encoding: .utf8)
        #expect(text.contains("项目推进") && text.contains("手续亮灯") && text.contains("年以来") && text.contains("需要关注"), "\(text)")
        #expect(!text.contains("二、项目进展与下一步"), "the tables start on page two")
    }

    static func which(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
