import Foundation
import Testing
import AgencySpreadsheet

/// The `soffice` executable on PATH, if LibreOffice is installed.
private let soffice: URL? = ProcessInfo.processInfo.environment["PATH"]?
    .split(separator: ":")
    .map { URL(fileURLWithPath: String($0)).appendingPathComponent("soffice") }
    .first { FileManager.default.isExecutableFile(atPath: $0.path) }

/// Proves a real spreadsheet application accepts the output, where one is installed.
@Test(.enabled(if: soffice != nil, "LibreOffice (soffice) is not installed"))
func libreOfficeConvertsOurWorkbookToCSV() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agency-lo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("book.xlsx")
    try Workbook(sheets: [Sheet(name: "S", columns: [Column("名前"), Column("n")],
                                rows: [[.text("a & <b>"), .number(2.5)]])]).write(to: input)

    let process = Process()
    process.executableURL = soffice
    // 76 = UTF-8 in LibreOffice's CSV filter options.
    process.arguments = ["--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                         "--outdir", directory.path, input.path]
    try process.run()
    process.waitUntilExit()
    let csv = try String(contentsOf: directory.appendingPathComponent("book.csv"), encoding: .utf8)
    #expect(csv.contains("名前,n"))
    #expect(csv.contains("a & <b>,2.5"))
}
