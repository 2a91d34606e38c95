import AgencyJSON
import Foundation
import Testing

/// `agency calendar add|count|show` through the built binary, as staff use it to check
/// statutory deadlines by hand.
@Suite("agency calendar")
struct CalendarCommandTests {
    /// Runs `agency calendar ARGS` in an empty directory (no store needed).
    func calendar(_ arguments: [String]) throws -> AgencyRun {
        let directory = try TemporaryDirectory()
        return try agency(["calendar"] + arguments, in: directory.url)
    }

    func json(_ run: AgencyRun) throws -> JSONValue {
        try JSONValue.parse(Array(run.stdout.utf8))
    }

    @Test("add: 20 working days after 2025-09-26 is 2025-10-30 (across National Day)")
    func addAcrossNationalDay() throws {
        let run = try calendar(["add", "2025-09-26", "20"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "2025-10-30\n")
    }

    @Test("add across the Spring Festival, and 0 days from a holiday")
    func addAcrossSpringFestival() throws {
        #expect(try calendar(["add", "2025-01-24", "5"]).stdout == "2025-02-07\n")
        #expect(try calendar(["add", "2026-02-13", "1"]).stdout == "2026-02-14\n")  // Saturday make-up day
        #expect(try calendar(["add", "2025-10-01", "0"]).stdout == "2025-10-09\n")
    }

    @Test("add --json")
    func addJSON() throws {
        let run = try calendar(["add", "2025-09-26", "20", "--json"])
        #expect(run.status == 0)
        #expect(try json(run) == [
            "from": "2025-09-26", "workdays": 20, "date": "2025-10-30", "weekday": 4, "provisional": [],
        ])
    }

    @Test("count: both ends included")
    func count() throws {
        // 10-09, 10-10, 10-11 (Sat, make-up), then three full weeks.
        #expect(try calendar(["count", "2025-10-01", "2025-10-31"]).stdout == "18\n")
        #expect(try calendar(["count", "2025-01-20", "2025-02-09"]).stdout == "11\n")
        let run = try calendar(["count", "2024-01-01", "2024-12-31", "--json"])
        #expect(try json(run) == ["from": "2024-01-01", "to": "2024-12-31", "workdays": 251, "provisional": []])
    }

    @Test("show 2025 lists 春节 and the make-up working days")
    func show() throws {
        let run = try calendar(["show", "2025"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("2025-01-28"))
        #expect(run.stdout.contains("春节"))
        #expect(run.stdout.contains("国庆节"))
        let makeup = run.stdout.components(separatedBy: "调休上班").last ?? ""
        for day in ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"] {
            #expect(makeup.contains(day), "\(day) missing from the make-up days")
        }
    }

    @Test("show --json: holidays and makeupWorkdays with date, weekday and name")
    func showJSON() throws {
        let value = try json(try calendar(["show", "2025", "--json"]))
        #expect(value["year"] == 2025)
        let holidays = try #require(value["holidays"]?.arrayValue)
        let makeup = try #require(value["makeupWorkdays"]?.arrayValue)
        #expect(holidays.contains(["date": "2025-01-29", "weekday": 3, "name": "春节"]))
        #expect(makeup.map { $0["date"]?.stringValue } == [
            "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
        ])
        #expect(makeup.first?["weekday"] == 7)
    }

    @Test("a date beyond the built-in data is provisional, marked in text and JSON")
    func beyondDataIsProvisional() throws {
        // 12-21..12-31: 9 working days; 2027-01-01 元旦; then 01-04 ... 01-18 is the 20th.
        let add = try calendar(["add", "2026-12-20", "20"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout == "2027-01-18（暂定：2027 年放假安排尚未发布）\n")
        let json = try json(try calendar(["add", "2026-12-20", "20", "--json"]))
        #expect(json["provisional"] == [2027])
        #expect(json["date"] == "2027-01-18")
        let show = try calendar(["show", "2027"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("（暂定：2027 年放假安排尚未发布）"))
        #expect(show.stdout.contains("2027-02-05  周五  春节"), "\(show.stdout)")
        #expect(show.stdout.contains("调休上班 (0 天)"))
        let count = try calendar(["count", "2027-01-01", "2027-12-31"])
        #expect(count.stdout == "254（暂定：2027 年放假安排尚未发布）\n")
    }

    @Test("years before the built-in data, or past the rule's range, fail with exit 1 naming the year")
    func outsideTheRule() throws {
        let count = try calendar(["count", "2023-12-25", "2024-01-05"])
        #expect(count.status == 1)
        #expect(count.stderr.contains("2023"))
        let far = try calendar(["show", "2151"])
        #expect(far.status == 1)
        #expect(far.stderr.contains("2151"))
    }

    @Test("a strict store refuses years nobody declares, as before")
    func strictStore() throws {
        let directory = try TemporaryDirectory()
        try directory.write("people.json", CLIFixture.people)
        let created = try agency(["init", "--people", "people.json", "--strict-calendar"], in: directory.url)
        #expect(created.status == 0, "\(created.stderr)")
        let add = try agency(["calendar", "add", "2026-12-20", "20"], in: directory.url)
        #expect(add.status == 1)
        #expect(add.stderr.contains("2027") && add.stderr.contains("strict"), "\(add.stderr)")
        #expect(add.stdout.isEmpty)
    }

    @Test("a local calendar file extends the data to the next year")
    func localFile() throws {
        let directory = try TemporaryDirectory()
        try directory.write("2027.json", """
            {"format": 1, "name": "2027 (示例)", "years": [2027], "holidays": ["2027-01-01"],
             "names": {"2027-01-01": "元旦"}}
            """)
        let run = try agency(["calendar", "add", "2026-12-31", "1", "--calendar", "2027.json"], in: directory.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "2027-01-04\n")
    }

    @Test("bad input is a clear error: not a date, not a number")
    func badInput() throws {
        let run = try calendar(["add", "2025-02-30", "3"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("2025-02-30"))
        #expect(try calendar(["add", "2025-02-01", "three"]).status == 64)
    }
}
