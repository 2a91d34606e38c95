import AgencyReports
import Testing

@Suite("CSV cells a spreadsheet cannot run")
struct CSVTests {
    @Test("text that begins with = + - @, a tab or a CR gets a leading apostrophe and quotes")
    func formulasAreNeutralised() {
        #expect(CSV.text(#"=HYPERLINK("http://evil.example","点此")"#)
            == #""'=HYPERLINK(""http://evil.example"",""点此"")""#)
        #expect(CSV.text("+86 138 0000 0000") == "\"'+86 138 0000 0000\"")
        #expect(CSV.text("-1") == "\"'-1\"")
        #expect(CSV.text("@SUM(A1:A9)") == "\"'@SUM(A1:A9)\"")
        #expect(CSV.text("\t=1+1") == "\"'\t=1+1\"")
        #expect(CSV.text("\r=1+1") == "\"'\r=1+1\"")
        // Anything else is as RFC 4180 has it: quoted only for a comma, a quote or a line break.
        #expect(CSV.text("同意 = 可以") == "同意 = 可以")
        #expect(CSV.text("a,b") == "\"a,b\"")
        #expect(CSV.text("说\"好\"") == "\"说\"\"好\"\"\"")
        #expect(CSV.text("") == "")
        // Numbers agency computes stay numbers.
        #expect(CSV.number(-1) == "-1")
        #expect(CSV.row([CSV.number(3), CSV.text("=x")]) == "3,\"'=x\"")
    }

    @Test("the weekly report's CSV neutralises project text and keeps its numbers")
    func weeklyReportCSV() throws {
        let zone = try WeeklyReportTests.zone()
        var report = try zone.service.weeklyReport(week: try WeeklyReportTests.week("2025-W11"))
        report.projects[0].name = #"=HYPERLINK("http://evil.example","点此")"#
        report.projects[0].enterprise = "@某公司"
        report.projects[0].investment = -1
        let row = try #require(report.csv().split(separator: "\r\n").dropFirst().first)
        #expect(row.contains(#","'=HYPERLINK(""http://evil.example"",""点此"")","'@某公司","#), "\(row)")
        #expect(row.contains(",-1,"), "\(row)")
    }
}
