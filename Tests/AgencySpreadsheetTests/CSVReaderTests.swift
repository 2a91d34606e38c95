import AgencySpreadsheet
import Testing

@Suite("CSV reading")
struct CSVReaderTests {
    @Test("quotes, doubled quotes, commas and line breaks in fields, CRLF, a BOM, trailing blank lines")
    func rfc4180() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("项目名称,投资\r\n\"A,\"\"一期\"\"\",100\r\n\"两行\n文字\",\r\n\r\n".utf8)
        let rows = try CSVReader.rows(bytes, source: "t.csv")
        #expect(rows == [["项目名称", "投资"], ["A,\"一期\"", "100"], ["两行\n文字", ""]])
    }

    @Test("GBK bytes and an unclosed quote are refused with the line and the fix")
    func refusals() {
        #expect(throws: SpreadsheetError.self) { try CSVReader.rows([0xCF, 0xEE, 0xC4, 0xBF], source: "gbk.csv") }
        do {
            _ = try CSVReader.rows(Array("a,b\nc,\"d\ne\n".utf8), source: "q.csv")
            Issue.record("an unclosed quote was read")
        } catch {
            #expect(error.description == "q.csv line 2: a quoted field opened here is never closed (\")")
        }
        do {
            _ = try CSVReader.rows([0xCF, 0xEE], source: "gbk.csv")
        } catch {
            #expect(error.description.contains("save it as \"CSV UTF-8\" or as .xlsx"))
        }
    }
}

@Suite("Reading only what is asked")
struct SheetChoiceTests {
    @Test("only the chosen sheet is parsed; the others are listed by name")
    func choice() throws {
        let workbook = Workbook(sheets: [Sheet(name: "甲", columns: [Column("a")], rows: [[.text("1")]]),
                                         Sheet(name: "乙", columns: [Column("b")], rows: [[.text("2")]])])
        let data = try workbook.xlsxData()
        let first = try WorkbookReader.read(data: data, choose: .first)
        #expect(first.map(\.name) == ["甲", "乙"])
        #expect(first[0].rows == [["a"], ["1"]] && first[1].rows.isEmpty)
        let named = try WorkbookReader.read(data: data, choose: .named("乙"))
        #expect(named[0].rows.isEmpty && named[1].rows == [["b"], ["2"]])
    }
}
