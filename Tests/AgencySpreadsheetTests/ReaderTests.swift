import Foundation
import Testing
@testable import AgencySpreadsheet

@Suite struct ReaderTests {
    @Test func readsExcelStyleSharedStringsRichTextAndSparseCells() throws {
        let sharedStrings = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="3">
            <si><t>Plain</t></si>
            <si><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">Bold </t></r><r><t>and normal</t></r>\
            <rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>
            <si><t xml:space="preserve">  spaced_x000D_  </t></si>
            </sst>
            """
        let sheet = """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>
            <row r="3" spans="1:4"><c r="B3" s="2"><v>12.0</v></c><c r="D3" t="b"><v>1</v></c></row>
            <row r="4"><c r="A4" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c>\
            <c t="str"><f>A1&amp;"!"</f><v>Plain!</v></c><c r="D4" t="e"><v>#DIV/0!</v></c></row>
            <row r="5"><c r="A5" t="s"><v>2</v></c><c r="B5"><v>0.30000000000000004</v></c></row>
            <row r="9"><c r="A9" s="3"/></row>
            </sheetData></worksheet>
            """
        let data = try handBuiltWorkbook(sheetXML: sheet, sharedStringsXML: sharedStrings)
        let read = try WorkbookReader.read(data: data)
        #expect(read == [ReadSheet(name: "Données & 数据", rows: [
            ["Plain", "", "Bold and normal", ""],
            ["", "", "", ""],
            ["", "12", "", "TRUE"],
            ["inline", "Plain!", "", "#DIV/0!"],
            ["  spaced\r  ", "0.30000000000000004", "", ""],
        ])])
    }

    @Test func refusesGarbageAndEmptyData() {
        #expect(throws: SpreadsheetError.notAZip(source: "The data")) {
            try WorkbookReader.read(data: Data("name,amount\nx,1\n".utf8))
        }
        #expect(throws: SpreadsheetError.notAZip(source: "empty.xlsx")) {
            try WorkbookReader.read(data: Data(), sourceName: "empty.xlsx")
        }
    }

    @Test func refusesZipWithoutWorkbook() throws {
        let zip = try makeZip([("word/document.xml", "<document/>")])
        let error = #expect(throws: SpreadsheetError.self) {
            try WorkbookReader.read(data: zip, sourceName: "report.docx")
        }
        #expect(error == .notAWorkbook(source: "report.docx"))
        #expect(error?.description == "report.docx is not an .xlsx workbook (no xl/workbook.xml inside); "
                + "save it from Excel as .xlsx, or export CSV.")
    }

    @Test func refusesArchivesOverTheLimits() throws {
        let data = try Workbook(sheets: [Sheet(name: "S", rows: [[.text(String(repeating: "z", count: 5000))]])])
            .xlsxData()
        #expect(throws: SpreadsheetError.tooLarge(source: "The data", detail: "its contents unpack to more than 4096 bytes")) {
            try WorkbookReader.read(data: data, limits: .init(maxUncompressedBytes: 4096))
        }
        #expect(throws: SpreadsheetError.tooLarge(source: "The data", detail: "more than 3 files inside")) {
            try WorkbookReader.read(data: data, limits: .init(maxEntries: 3))
        }
        let sparse = try handBuiltWorkbook(
            sheetXML: "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"XFD1\"><v>2</v></c></row>"
                + "<row r=\"1048576\"><c r=\"A1048576\"><v>3</v></c></row></sheetData></worksheet>",
            sharedStringsXML: nil)
        let error = #expect(throws: SpreadsheetError.self) { try WorkbookReader.read(data: sparse) }
        #expect(error?.description.contains("spans 1048576 rows × 16384 columns") == true)
    }

    @Test func reportsMalformedXMLWithPartAndLine() throws {
        let broken = try handBuiltWorkbook(sheetXML: "<worksheet>\n<sheetData>\n<row></sheetData>",
                                           sharedStringsXML: nil)
        let error = #expect(throws: SpreadsheetError.self) { try WorkbookReader.read(data: broken) }
        guard case .malformedXML(_, let partName, let line, _) = error else {
            Issue.record("expected malformedXML, got \(String(describing: error))")
            return
        }
        #expect(partName == "xl/worksheets/data.xml")
        #expect(line >= 2)
    }

    @Test func refusesEntityDeclarations() throws {
        let bomb = try handBuiltWorkbook(
            sheetXML: "<!DOCTYPE w [<!ENTITY a \"aaaaaaaa\">]><worksheet><sheetData/></worksheet>",
            sharedStringsXML: nil)
        let error = #expect(throws: SpreadsheetError.self) { try WorkbookReader.read(data: bomb) }
        #expect(error?.description.contains("DTD") == true)
    }

    @Test func refusesOutOfRangeSharedStringIndex() throws {
        let data = try handBuiltWorkbook(
            sheetXML: "<worksheet><sheetData><row><c t=\"s\"><v>5</v></c></row></sheetData></worksheet>",
            sharedStringsXML: "<sst><si><t>only</t></si></sst>")
        let error = #expect(throws: SpreadsheetError.self) { try WorkbookReader.read(data: data) }
        #expect(error?.description.contains("shared string index \"5\" does not exist") == true)
    }

    @Test func missingFileIsReportedWithItsPath() {
        let url = URL(fileURLWithPath: "/nonexistent/dir/book.xlsx")
        let error = #expect(throws: SpreadsheetError.self) { try WorkbookReader.read(url: url) }
        #expect(error?.description.hasPrefix("Cannot read /nonexistent/dir/book.xlsx") == true)
    }
}
