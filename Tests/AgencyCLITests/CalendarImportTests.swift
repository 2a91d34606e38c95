import AgencyJSON
import Foundation
import Testing

/// Provisional deadlines in a store whose clock is in December 2026, the State Council's
/// notice imported, deadlines re-planned with journal records, verify before and after:
/// through the built binary, as an administrator would.
@Suite("agency calendar import and provisional deadlines")
struct CalendarImportTests {
    static let notices = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("AgencyCalendarTests/Notices")

    static let permit = """
        return workflow {
          name = "permit",
          title = "手续代办",
          input = { item = "string", limit = "integer", agent = "person" },
          start = "review",
          states = {
            review = wait {
              title = "部门审批",
              by = "agent",
              due = function(ctx) return workdays(ctx.data.limit) end,
              colors = { blue = workdays(2), yellow = workdays(1) },
              escalate = { { after = workdays(1), from = "due", remind = "assignee", every = workdays(1), times = 2 } },
              on = { issued = "issued" },
            },
            issued = final { outcome = "issued" },
          },
        }
        """

    func fixture() throws -> CLIFixture {
        let fixture = try CLIFixture(workflows: ["permit": Self.permit])
        let started = try fixture.run(["start", "permit", "--id", "eia", "--as", "wangfang", "--now", "2026-12-10T09:00",
                                       "--input", #"{"item":"环评审批","limit":60,"agent":"wangfang"}"#])
        #expect(started.status == 0, "\(started.stderr)")
        return fixture
    }

    @Test("a 60-working-day permit started in December 2026 is provisional everywhere it is shown")
    func provisionalDeadline() throws {
        let fixture = try fixture()
        // 60 working days from 2026-12-10 by the statutory rule (2027: 元旦, 春节 02-05..08).
        let inbox = try fixture.run(["inbox", "--as", "wangfang"])
        #expect(inbox.stdout.contains("2027年3月9日（周二）前（暂定）"), "\(inbox.stdout)")
        let show = try fixture.run(["show", "eia"])
        #expect(show.stdout.contains("（暂定）"))
        let list = try JSONValue.parse(Array(try fixture.run(["list", "--json"]).stdout.utf8))
        #expect(list[0]?["items"]?[0]?["dueProvisional"] == true)
        let snapshot = try JSONValue.parse(Array(try fixture.run(["show", "eia", "--json"]).stdout.utf8))
        let plan = snapshot["instance"]?["items"]?[0]?["plan"] ?? snapshot["items"]?[0]?["plan"]
        #expect(plan?["due"] == "60wd")
        #expect(plan?["provisional"] == [2027])
        #expect(try fixture.run(["verify", "--all"]).status == 0)
    }

    @Test("importing the notice re-plans with one journal record, and verify passes before and after")
    func importReplans() throws {
        let fixture = try fixture()
        #expect(try fixture.run(["verify", "--all"]).status == 0)
        let notice = Self.notices.appendingPathComponent("2027-invented.txt").path
        let dry = try fixture.run(["calendar", "import", notice, "--dry-run", "--as", "admin", "--now", "2026-12-15T09:00"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("2027 年工作日 248 天"), "\(dry.stdout)")
        #expect(dry.stdout.contains("将重新计算 1 个实例"))
        #expect(!FileManager.default.fileExists(atPath: fixture.url.appendingPathComponent(".agency/calendar").path))
        #expect(try fixture.run(["log", "eia"]).stdout.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1)

        let run = try fixture.run(["calendar", "import", notice, "--as", "admin", "--now", "2026-12-15T09:00", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONValue.parse(Array(run.stdout.utf8))
        // The invented notice adds 02-09..02-12 off and 02-20 worked: three working days later.
        #expect(report["replanned"]?[0]?["items"]?[0]?["before"] == "2027-03-10T00:00:00+08:00")
        #expect(report["replanned"]?[0]?["items"]?[0]?["after"] == "2027-03-13T00:00:00+08:00")
        let log = try fixture.run(["log", "eia", "--json"])
        let records = try JSONValue.parse(Array(log.stdout.utf8)).arrayValue ?? []
        #expect(records.count == 2)
        #expect(records.last?["kind"] == "replan")
        #expect(records.last?["actor"] == "admin")
        #expect(records.first?["calendar"] != records.last?["calendar"], "each record names its calendar version")
        let inbox = try fixture.run(["inbox", "--as", "wangfang"])
        #expect(inbox.stdout.contains("2027年3月12日（周五）前"), "\(inbox.stdout)")
        #expect(!inbox.stdout.contains("暂定"))
        let verify = try fixture.run(["verify", "--all"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")

        // A second import of the same text changes nothing; a different one needs --replace.
        #expect(try fixture.run(["calendar", "import", notice, "--as", "admin"]).status == 0)
        #expect(try fixture.run(["log", "eia", "--json"]).stdout.components(separatedBy: "\"kind\" : \"replan\"").count <= 2)
    }

    @Test("a corrected notice imported with --replace re-plans again; a built-in year is compared, not written")
    func replaceReplans() throws {
        let fixture = try fixture()
        let notice = Self.notices.appendingPathComponent("2027-invented.txt").path
        #expect(try fixture.run(["calendar", "import", notice, "--as", "admin", "--now", "2026-12-15T09:00"]).status == 0)
        let text = try String(contentsOfFile: notice, encoding: .utf8)
        try fixture.directory.write("corrected.txt", text.replacingOccurrences(of: "2月20日（周六）上班。", with: ""))
        let refused = try fixture.run(["calendar", "import", "corrected.txt", "--as", "admin", "--now", "2026-12-16T09:00"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--replace"), "\(refused.stderr)")
        let run = try fixture.run(["calendar", "import", "corrected.txt", "--replace", "--as", "admin",
                                   "--now", "2026-12-16T09:00"])
        #expect(run.status == 0, "\(run.stderr)")
        // Without the make-up Saturday 02-20 the 60th working day is one later: 03-15.
        #expect(run.stdout.contains("eia w1 部门审批：2027-03-13T00:00:00+08:00 → 2027-03-16T00:00:00+08:00"), "\(run.stdout)")
        let kinds = (try JSONValue.parse(Array(try fixture.run(["log", "eia", "--json"]).stdout.utf8)).arrayValue ?? [])
            .map { $0["kind"]?.stringValue ?? "" }
        #expect(kinds == ["start", "replan", "replan"])
        #expect(try fixture.run(["verify", "--all"]).status == 0)

        let builtIn = try fixture.run(["calendar", "import", Self.notices.appendingPathComponent("2025.txt").path,
                                       "--as", "admin"])
        #expect(builtIn.status == 0)
        #expect(builtIn.stdout.contains("已内置"), "\(builtIn.stdout)")
        let text2025 = try String(contentsOfFile: Self.notices.appendingPathComponent("2025.txt").path, encoding: .utf8)
        try fixture.directory.write("2025-changed.txt", text2025.replacingOccurrences(of: "4月27日（周日）上班。", with: ""))
        let changed = try fixture.run(["calendar", "import", "2025-changed.txt", "--as", "admin"])
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("已内置"), "\(changed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.url.appendingPathComponent(".agency/calendar/official-2025.json").path))
    }

    @Test("a calendar file added by hand is picked up by the next tick, which re-plans as system")
    func tickReplans() throws {
        let fixture = try fixture()
        try fixture.directory.write(".agency/calendar/2027.json", """
            {"format": 1, "name": "2027", "years": [2027], "holidays": ["2027-01-01", "2027-02-05", "2027-02-08"]}
            """)
        let tick = try fixture.run(["tick", "--now", "2026-12-16T09:00", "--json"])
        #expect(tick.status == 0, "\(tick.stderr)")
        let report = try JSONValue.parse(Array(tick.stdout.utf8))
        #expect(report["replanned"]?[0]?["instance"] == "eia")
        let records = try JSONValue.parse(Array(try fixture.run(["log", "eia", "--json"]).stdout.utf8)).arrayValue ?? []
        #expect(records.last?["kind"] == "replan" && records.last?["actor"] == "system")
        #expect(try fixture.run(["verify", "--all"]).status == 0)
    }

    @Test("tick warns within 60 days of the end of the declared calendar")
    func tickWarns() throws {
        let fixture = try CLIFixture()
        let tick = try fixture.run(["tick", "--now", "2026-11-15T09:00"])
        #expect(tick.stderr.contains("2027 年放假安排尚未导入，到期时间按法定节日暂定"), "\(tick.stderr)")
        let early = try fixture.run(["tick", "--now", "2026-10-15T09:00"])
        #expect(!early.stderr.contains("尚未导入"))
    }

    @Test("a garbled notice is refused with exit 1, the sentence quoted and nothing written")
    func garbledNotice() throws {
        let fixture = try fixture()
        let good = try String(contentsOf: Self.notices.appendingPathComponent("2027-invented.txt"), encoding: .utf8)
        let garbled = good.replacingOccurrences(of: "2月20日（周六）上班", with: "2月17日（周三）上班")
        try fixture.directory.write("garbled.txt", garbled)
        let run = try fixture.run(["calendar", "import", "garbled.txt", "--as", "admin"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("「2月17日（周三）上班」"), "\(run.stderr)")
        #expect(run.stderr.contains("未写入任何文件"))
        #expect(!FileManager.default.fileExists(atPath: fixture.url.appendingPathComponent(".agency/calendar").path))
        let notAdmin = try fixture.run(["calendar", "import", Self.notices.appendingPathComponent("2027-invented.txt").path,
                                        "--as", "wangfang"])
        #expect(notAdmin.status == 3, "\(notAdmin.stderr)")
    }

    @Test("init --calendar checks the file before creating anything")
    func initChecksCalendar() throws {
        let directory = try TemporaryDirectory()
        try directory.write("people.json", CLIFixture.people)
        try directory.write("bad.json", #"{"format": 1, "holiday": ["2027-01-01"]}"#)
        let run = try agency(["init", "--people", "people.json", "--calendar", "bad.json"], in: directory.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("unknown key \"holiday\""), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent(".agency").path))
        try directory.write("good.json", #"{"format": 1, "years": [2027], "holidays": ["2027-01-01"]}"#)
        #expect(try agency(["init", "--people", "people.json", "--calendar", "good.json"], in: directory.url).status == 0)
    }
}
