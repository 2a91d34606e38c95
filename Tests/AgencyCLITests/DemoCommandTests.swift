import Foundation
import Testing

/// `agency demo` and `agency report weekly` end to end, through the built binary.
@Suite("agency demo")
struct DemoCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("two weeks of the demo, then verify --all and the weekly report")
    func demoThenVerify() throws {
        let directory = try TemporaryDirectory()
        let store = directory.url.appendingPathComponent("demo").path
        let demo = try agency(["demo", "--store", store, "--weeks", "2"], in: Self.repository)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("第1周（01-06—01-12）：周调度 dispatch-2025-01-06"))
        #expect(demo.stdout.contains("周报告 2025-W04（截至 2025-01-20 09:00）"))
        #expect(demo.stdout.contains("接下来可以试试"))
        #expect(demo.stdout.contains("agency verify --all --store \(store)"))

        let verify = try agency(["verify", "--all", "--store", store], in: Self.repository)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")

        // The demo store keeps its simulated time: a plain tick fires nothing, however
        // long ago 2025 is, and a command without --now is dated in the simulation.
        let tick = try agency(["tick", "--store", store, "--json"], in: Self.repository)
        #expect(tick.status == 0, "\(tick.stderr)")
        let ticked = try #require(try JSONSerialization.jsonObject(with: Data(tick.stdout.utf8)) as? [String: Any])
        #expect((ticked["fired"] as? [Any])?.isEmpty == true, "\(tick.stdout)")
        #expect((ticked["until"] as? String)?.hasPrefix("2025-01-20") == true, "\(tick.stdout)")

        let first = try agency(["report", "weekly", "--store", store, "--week", "2025-W02", "--format", "json"],
                               in: Self.repository)
        #expect(first.status == 0, "\(first.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let total = try #require(json["total"] as? [String: Any])
        #expect(total["count"] as? Int == 29)
        #expect(total["investment"] as? Int == 547_000)
        let stages = try #require(json["stages"] as? [[String: Any]])
        #expect(stages.prefix(4).compactMap { $0["count"] as? Int } == [7, 10, 5, 7])

        let table = try agency(["report", "weekly", "--store", store, "--week", "2025-W02"], in: Self.repository)
        #expect(table.stdout.contains("合计            29      54.7"))

        let html = directory.url.appendingPathComponent("weekly.html").path
        let written = try agency(["report", "weekly", "--store", store, "--format", "html", "--output", html],
                                 in: Self.repository)
        #expect(written.status == 0)
        #expect(try String(contentsOfFile: html, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    }

    @Test("six weeks of the demo exercise the whole service: 分析研判会, 要素保障, 专班, 一企一策, liaisons' reports, investment")
    func demoExercisesTheService() throws {
        let directory = try TemporaryDirectory()
        let store = directory.url.appendingPathComponent("demo").path
        let demo = try agency(["demo", "--store", store, "--weeks", "6"], in: Self.repository)
        try #require(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("分析研判会（2025-01-15）纪要审定：研判项目"))
        func instances(_ workflow: String) throws -> [[String: Any]] {
            let run = try agency(["list", "--store", store, "--workflow", workflow, "--format", "json"], in: Self.repository)
            return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        }
        func completed(_ list: [[String: Any]]) -> Int { list.filter { $0["status"] as? String == "completed" }.count }
        // The January 分析研判会, its minutes approved and printable.
        #expect(completed(try instances("assessment")) >= 1)
        let minutes = try agency(["report", "minutes", "assessment-2025-01-15", "--store", store], in: Self.repository)
        #expect(minutes.status == 0, "\(minutes.stderr)")
        #expect(minutes.stdout.contains("会议纪要") && minutes.stdout.contains("陈志远"))
        // 要素保障 elements concluded, and weekly progress reports submitted.
        #expect(completed(try instances("element")) > 0)
        #expect(completed(try instances("progress_report")) > 0)
        // Every project has its 专班 and 一企一策; a project's verdict reached it.
        let show = try agency(["show", "P01", "--store", store, "--json"], in: Self.repository)
        let project = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let data = try #require(project["data"] as? [String: Any])
        #expect(data["team"] != nil && data["plan"] != nil && data["assessments"] != nil)
        // `show` prints those records as titled fields, not JSON.
        let text = try agency(["show", "P01", "--store", store], in: Self.repository).stdout
        #expect(text.contains("专班 (team)") && text.contains("牵头：") && text.contains("研判意见："))
        #expect(!text.contains(#"{"lead""#) && !text.contains(#""measures":"#))
        // The week-7 report: liaisons' reports as progress, the flags tallied, 专班, investment.
        let report = try agency(["report", "weekly", "--store", store, "--week", "2025-W07", "--format", "json"],
                                in: Self.repository)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let tally = try #require(json["progressReports"] as? [String: Any])
        #expect((tally["submitted"] as? Int ?? 0) > 0)
        let lines = try #require(json["projects"] as? [[String: Any]])
        #expect(lines.contains { $0["report"] != nil })
        #expect((json["teams"] as? [Any])?.count == 29)
        // Investment plans start in February and the report counts whole months before
        // its own: none yet in week 7; the plans are on the signed projects.
        #expect(json["investment"] == nil)
        let signed = try agency(["show", "P23", "--store", store, "--json"], in: Self.repository)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(signed.stdout.utf8)) as? [String: Any])
        #expect(((plan["data"] as? [String: Any])?["investment_plan"] as? [String: Any])?["2025-02"] != nil)
    }

    @Test("a killed demo's scratch folder in /dev/shm is swept by the next run; SIGTERM removes it at once")
    func scratchFoldersDoNotOutliveTheirProcesses() throws {
        let shm = "/dev/shm"
        guard FileManager.default.isWritableFile(atPath: shm) else { return }
        let directory = try TemporaryDirectory()
        func scratch(of process: Process) -> String? {
            ((try? FileManager.default.contentsOfDirectory(atPath: shm)) ?? [])
                .first { $0.hasPrefix("fullagency-demo-\(process.processIdentifier)-") }
        }
        /// A 52-week demo (far longer than this test waits), once its scratch folder exists.
        func demo(_ name: String) throws -> (Process, String) {
            let process = Process()
            process.executableURL = AgencyBinary.url
            process.arguments = ["demo", "--store", directory.url.appendingPathComponent(name).path, "--weeks", "52"]
            process.currentDirectoryURL = Self.repository
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if let folder = scratch(of: process) { return (process, folder) }
                usleep(20_000)
            }
            process.terminate()
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no scratch folder for \(name)"])
        }

        let (killed, killedFolder) = try demo("first")
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        // Nothing runs after SIGKILL: the folder stays, until the next run sweeps it.
        #expect(FileManager.default.fileExists(atPath: "\(shm)/\(killedFolder)"))

        let (second, secondFolder) = try demo("second")
        #expect(!FileManager.default.fileExists(atPath: "\(shm)/\(killedFolder)"), "the next run did not sweep it")
        kill(second.processIdentifier, SIGTERM)
        second.waitUntilExit()
        #expect(second.terminationStatus == 128 + SIGTERM)
        #expect(!FileManager.default.fileExists(atPath: "\(shm)/\(secondFolder)"), "SIGTERM left the scratch folder")
    }

    @Test("bad input exits non-zero with a message")
    func badInput() throws {
        let directory = try TemporaryDirectory()
        let store = directory.url.appendingPathComponent("demo").path
        let weeks = try agency(["demo", "--store", store, "--weeks", "0"], in: Self.repository)
        #expect(weeks.status == 1)
        #expect(weeks.stderr.contains("--weeks 0"))
        try directory.write("demo/notes.txt", "keep me")
        let occupied = try agency(["demo", "--store", store, "--weeks", "1"], in: Self.repository)
        #expect(occupied.status == 4)
        #expect(occupied.stderr.contains("--replace"))
        let empty = directory.url.appendingPathComponent("empty").path
        #expect(try agency(["init", "--store", empty, "--simulation"], in: Self.repository).status == 0)
        let week = try agency(["report", "weekly", "--store", empty, "--week", "2025-13"], in: Self.repository)
        #expect(week.status == 1)
        #expect(week.stderr.contains("2025-W03"))
        try directory.write("empty/report.json", #"{"projects": {"investmnet": "invest"}}"#)
        let mapping = try agency(["report", "weekly", "--store", empty], in: Self.repository)
        #expect(mapping.status == 1)
        #expect(mapping.stderr.contains("report.json: $.projects.investmnet: unknown key"), "\(mapping.stderr)")
        try directory.write("empty/report.json", #"{"projects": {"investment": "invest"}}"#)
        #expect(try agency(["report", "weekly", "--store", empty], in: Self.repository).status == 0)
        let format = try agency(["report", "weekly", "--store", empty, "--format", "docx"], in: Self.repository)
        #expect(format.status == 64)
        let pdf = try agency(["report", "weekly", "--store", empty, "--format", "pdf"], in: Self.repository)
        #expect(pdf.status == 1)
        #expect(pdf.stderr.contains("--format pdf writes a file: give --output FILE.pdf"), "\(pdf.stderr)")
    }
}
