import Foundation
import Testing
@testable import AgencySpreadsheet

@Suite struct WriterTests {
    let workbook = Workbook(sheets: [
        Sheet(name: "People", columns: [Column("Name"), Column("Ratio", width: 12.5)],
              rows: [[.text("中文字符测试"), .percent(0.5)], [.text("Bob"), .number(2.25, decimals: 2)]]),
        Sheet(name: "Plain", rows: [[.integer(1)]], freezeHeader: true),
    ])

    @Test func sheetXMLHasFrozenHeaderColumnsAndFilter() throws {
        let data = try workbook.xlsxData()
        let xml = try #require(try part("xl/worksheets/sheet1.xml", in: data))
        #expect(xml.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        // 6 CJK characters count as 12, plus 2 of padding.
        #expect(xml.contains("<col min=\"1\" max=\"1\" width=\"14.0\" customWidth=\"1\"/>"))
        #expect(xml.contains("<col min=\"2\" max=\"2\" width=\"12.5\" customWidth=\"1\"/>"))
        #expect(xml.contains("<autoFilter ref=\"A1:B3\"/>"))
        #expect(xml.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\">"))
        #expect(xml.contains("<c r=\"B2\" s=\"\(StyleTable.percent)\"><v>0.5</v></c>"))
        #expect(xml.contains("<c r=\"B3\" s=\"\(StyleTable.fixed(decimals: 2))\"><v>2.25</v></c>"))
        let workbookXML = try #require(try part("xl/workbook.xml", in: data))
        #expect(workbookXML.contains("&apos;People&apos;!$A$1:$B$3</definedName>"))
    }

    @Test func sheetWithoutColumnsHasNoHeaderPaneOrFilter() throws {
        let xml = try #require(try part("xl/worksheets/sheet2.xml", in: workbook.xlsxData()))
        #expect(!xml.contains("<pane"))
        #expect(!xml.contains("autoFilter"))
        #expect(xml.contains("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"))
    }

    @Test func allPartsArePresentAndStylesDefineFormats() throws {
        let data = try workbook.xlsxData()
        for path in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                     "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
            #expect(try part(path, in: data) != nil, "missing \(path)")
        }
        let styles = try #require(try part("xl/styles.xml", in: data))
        #expect(styles.contains("formatCode=\"0.0%\""))
        #expect(styles.contains("formatCode=\"0.00\""))
        #expect(styles.contains("<b/>"))
    }

    @Test func sameWorkbookGivesSameBytes() throws {
        let first = try workbook.xlsxData()
        let second = try workbook.xlsxData()
        #expect(first == second)
        #expect(first.starts(with: [0x50, 0x4B, 0x03, 0x04]))
    }

    @Test func sheetsBeyondExcelsGridAreRefused() {
        let wide = Sheet(name: "Wide", rows: [Array(repeating: .integer(1), count: 16_385)])
        #expect(throws: SpreadsheetError.exceedsExcelLimits(sheet: "Wide", rows: 1, columns: 16_385)) {
            try Workbook(sheets: [wide]).xlsxData()
        }
    }

    @Test func helpersFollowExcelRules() {
        #expect(CellReference.columnName(0) == "A")
        #expect(CellReference.columnName(26) == "AA")
        #expect(CellReference.columnName(16_383) == "XFD")
        let parsed = CellReference.parse("$AB$12")
        #expect(parsed?.row == 11 && parsed?.column == 27)
        #expect(CellReference.parse("XFE1") == nil)
        #expect(CellReference.parse("A1B") == nil)
        #expect(CellReference.parse("12") == nil)
        #expect(CellReference.parse("A1048577") == nil)
        #expect(ColumnWidth.displayWidth("ab漢字") == 6)
        #expect(ColumnWidth.fitting([String(repeating: "x", count: 500)]) == ColumnWidth.maximum)
        #expect(NumberText.xml(3.0) == "3")
        #expect(NumberText.display("1.0000000000000000E+2") == "100")
        #expect(XMLText.escape("<a&'\"\u{7}>") == "&lt;a&amp;&apos;&quot;&gt;")
    }
}
