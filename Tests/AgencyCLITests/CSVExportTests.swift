import Foundation
import Testing

@Suite("CSV exports a spreadsheet cannot run")
struct CSVExportTests {
    @Test("log --csv: a comment =HYPERLINK(…) is text ('=HYPERLINK…), the seq stays a number")
    func logCSVNeutralisesFormulas() throws {
        let zone = try CLIFixture()
        var run = try zone.run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        let comments = [#"=HYPERLINK("http://evil.example","点此查看")"#, "-1", "+1", "@SUM(A1)", "\t=1", "同意"]
        for (n, comment) in comments.enumerated() {
            run = try zone.run(["comment", "JR-1", "--as", "wangfang", "--now", "2025-01-06T1\(n):00", "--comment=\(comment)"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        run = try zone.run(["log", "JR-1", "--csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        #expect(rows.count == 7)
        let commented = rows.dropFirst().map { $0.split(separator: ",", maxSplits: 1).map(String.init) }
        #expect(commented.map(\.first) == (2...7).map { "\($0)" }, "seq stays a number: \(rows)")
        #expect(rows[1].contains(#","'=HYPERLINK(""http://evil.example"",""点此查看"")","#), "\(rows[1])")
        #expect(rows[2].contains(#","'-1","#) && rows[3].contains(#","'+1","#) && rows[4].contains(#","'@SUM(A1)","#))
        #expect(rows[5].contains("\"'\t=1\""))
        #expect(rows[6].contains(",同意,"))
        // No cell of a record starts a formula.
        for row in rows {
            for cell in row.split(separator: ",") {
                #expect(!["=", "+", "@"].contains(cell.first.map(String.init) ?? ""), "\(row)")
            }
        }
    }
}
