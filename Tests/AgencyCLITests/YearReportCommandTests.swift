import AgencyJSON
import Foundation
import Testing

/// `agency report year` end to end, through the built binary, on the demo store: the
/// demo starts from the seed's 项目谋划清单, so the first quarter's 期初 is the seed's
/// paragraph to the number.
@Suite("agency report year")
struct YearReportCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("the demo's first quarter opens with the seed's figures; formats; bad periods and formats")
    func demoFirstQuarter() throws {
        let directory = try TemporaryDirectory()
        let store = directory.url.appendingPathComponent("demo").path
        let demo = try agency(["demo", "--store", store], in: Self.repository)
        try #require(demo.status == 0, "\(demo.stderr)")
        func year(_ arguments: [String]) throws -> AgencyRun {
            try agency(["report", "year", "--store", store] + arguments, in: Self.repository)
        }

        let json = try year(["--year", "2025", "--quarter", "1", "--format", "json"])
        try #require(json.status == 0, "\(json.stderr)")
        let report = try JSONValue.parse(Array(json.stdout.utf8))
        let headline = try #require(report["headline"]?.stringValue)
        #expect(headline.hasPrefix("2025年第一季度，重点谋划项目29个，总投资54.7亿元，其中签约待备案7个8.09亿元、"
                                   + "成熟待签约5个3.75亿元、重点意向10个27.36亿元、初步对接7个15.5亿元。截至3月31日，"),
                "\(headline)")
        #expect(report["start"] == "2025-01-01T00:00:00+08:00" && report["enteredBy"] == "2025-01-06T09:00:00+08:00")
        #expect(report["end"] == "2025-04-01T00:00:00+08:00" && report["complete"] == true)
        #expect(report["total"]?["startCount"] == 29 && report["total"]?["startInvestment"] == 547_000)
        let stages = try #require(report["stages"]?.arrayValue)
        #expect(stages.prefix(4).map { $0["startCount"] } == [7, 10, 5, 7])
        #expect(stages.prefix(4).map { $0["startInvestment"] } == [155_000, 273_600, 37_500, 80_900])
        // The rest of the paragraph is the store's own counts.
        let permits = try #require(report["permits"]?["closed"]?.intValue)
        let problems = try #require(report["problems"]?["closed"]?.intValue)
        let supervision = try #require(report["supervision"]?["closed"]?.intValue)
        #expect(headline.contains("帮助企业办理手续\(permits)项，解决难点堵点问题\(problems)个，督办事项办结\(supervision)件"),
                "\(headline)")
        #expect(permits > 0 && problems > 0)
        #expect(report["investment"] == nil && !headline.contains("完成投资"), "the demo's projects carry no monthly figures")

        let table = try year(["--year", "2025", "--quarter", "1"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("2025年第一季度重点项目推进情况（截至3月31日）"))
        #expect(table.stdout.contains("无（项目尚未填报月度计划投资、完成投资）"))
        #expect(!table.stdout.contains("zhangwei"))

        // The whole year so far ends at the store's clock, after the first quarter.
        let whole = try JSONValue.parse(Array(try year(["--year", "2025", "--format", "json"]).stdout.utf8))
        #expect(whole["complete"] == false && whole["total"]?["startCount"] == 29)
        #expect(try #require(whole["permits"]?["closed"]?.intValue) >= permits)

        let html = directory.url.appendingPathComponent("year.html").path
        let written = try year(["--year", "2025", "--quarter", "1", "--format", "html", "--output", html])
        #expect(written.status == 0, "\(written.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<svg") && !page.contains("<script"))
        let xlsx = directory.url.appendingPathComponent("year.xlsx").path
        let workbook = try year(["--year", "2025", "--quarter", "1", "--format", "xlsx", "--output", xlsx])
        #expect(workbook.status == 0 && workbook.stdout.contains("5 sheet(s)"), "\(workbook.stdout)\(workbook.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: xlsx)).prefix(2) == Data("PK".utf8))

        let quarter = try year(["--year", "2025", "--quarter", "5"])
        #expect(quarter.status == 1 && quarter.stderr.contains("--quarter 5: a quarter is 1, 2, 3 or 4"), "\(quarter.stderr)")
        let early = try year(["--year", "1999"])
        #expect(early.status == 1 && early.stderr.contains("1999年 is outside the store's data"), "\(early.stderr)")
        #expect(early.stderr.contains("ask for --year 2025"), "\(early.stderr)")
        let later = try year(["--year", "2025", "--quarter", "3"])
        #expect(later.status == 1 && later.stderr.contains("2025年第三季度 is outside the store's data"), "\(later.stderr)")
        let pdf = try year(["--year", "2025", "--format", "pdf"])
        #expect(pdf.status == 64, "\(pdf.stderr)")
        #expect(pdf.stderr.contains("'table', 'markdown', 'json', 'html'"), "\(pdf.stderr)")
    }
}
