import Foundation
import Testing
@testable import AgencySpreadsheet

@Suite struct RoundTripTests {
    @Test func mixedCellsSurviveWriteThenRead() throws {
        let sheet = Sheet(
            name: "Report",
            columns: [Column("名前 Name"), Column("Amount", width: 14), Column("Share"), Column("Count")],
            rows: [
                [.text("東京 <Tokyo> & \"Kyoto\" 'x'"), .number(1234.5, decimals: 2), .percent(0.125), .integer(42)],
                [.text("  padded\tline1\nline2\r  "), .number(-0.1), .empty, .integer(-7)],
                [.empty, .empty, .empty, .empty],
                [.text("after gap"), .number(3), .percent(1), .integer(Int(Int32.max))],
            ])
        let read = try WorkbookReader.read(data: Workbook(sheets: [sheet]).xlsxData())
        #expect(read == [ReadSheet(name: "Report", rows: [
            ["名前 Name", "Amount", "Share", "Count"],
            ["東京 <Tokyo> & \"Kyoto\" 'x'", "1234.5", "0.125", "42"],
            ["  padded\tline1\nline2\r  ", "-0.1", "", "-7"],
            ["", "", "", ""],
            ["after gap", "3", "1", "2147483647"],
        ])])
    }

    @Test func nonFiniteNumbersAndIllegalCharactersBecomeEmptyOrDropped() throws {
        let sheet = Sheet(name: "S", rows: [
            [.number(.nan), .number(.infinity), .percent(-.infinity), .text("a\u{0}b\u{1B}c\u{FFFF}")],
        ])
        let read = try WorkbookReader.read(data: Workbook(sheets: [sheet]).xlsxData())
        #expect(read.first?.rows == [["", "", "", "abc"]])
    }

    @Test func textThatLooksLikeAnExcelEscapeIsKeptLiterally() throws {
        let sheet = Sheet(name: "S", rows: [[.text("_x0041_ and _x00")]])
        let data = try Workbook(sheets: [sheet]).xlsxData()
        #expect(try part("xl/worksheets/sheet1.xml", in: data)?.contains("_x005F_x0041_ and _x00") == true)
        #expect(try WorkbookReader.read(data: data).first?.rows == [["_x0041_ and _x00"]])
    }

    @Test func severalSheetsGetExcelSafeUniqueNames() throws {
        let names = ["Data", "data", "a/b:c*d?[e]\\f", "", "'quoted'", "History",
                     String(repeating: "長", count: 40), String(repeating: "長", count: 40)]
        let workbook = Workbook(sheets: names.enumerated().map { index, name in
            Sheet(name: name, columns: [Column("n")], rows: [[.integer(index)]])
        })
        let read = try WorkbookReader.read(data: workbook.xlsxData())
        let long = String(repeating: "長", count: 31)
        #expect(read.map(\.name) == ["Data", "data (2)", "a_b_c_d__e__f", "Sheet4", "quoted", "History (2)",
                                     long, String(repeating: "長", count: 27) + " (2)"])
        #expect(read.map { $0.rows[1] } == (0..<names.count).map { [String($0)] })
    }

    @Test func sheetXMLLargerThanTenMegabytesIsRead() throws {
        let line = String(repeating: "0123456789", count: 100)
        let rows = (0..<11_000).map { [Cell.text(line), .integer($0)] }
        let read = try WorkbookReader.read(data: Workbook(sheets: [Sheet(name: "Big", rows: rows)]).xlsxData())
        #expect(read.first?.rows.count == 11_000)
        #expect(read.first?.rows.last == [line, "10999"])
    }

    @Test func emptyWorkbookStillHasOneSheet() throws {
        let read = try WorkbookReader.read(data: Workbook().xlsxData())
        #expect(read == [ReadSheet(name: "Sheet1", rows: [])])
    }

    @Test func writeToFileThenReadByURL() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("agency-spreadsheet-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try Workbook(sheets: [Sheet(name: "S", rows: [["x", 1, 2.5]])]).write(to: url)
        #expect(try WorkbookReader.read(url: url).first?.rows == [["x", "1", "2.5"]])
    }
}
