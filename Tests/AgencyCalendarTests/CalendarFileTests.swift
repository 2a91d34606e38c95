import Foundation
import Testing
@testable import AgencyCalendar

@Suite("Local calendar layers")
final class CalendarFileTests {
    /// One folder per test (swift-testing makes a new instance for each), removed after it.
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("agency-calendar-tests-\(UUID().uuidString)")

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Writes `contents` to `name` in this test's folder.
    func temporaryFile(named name: String, _ contents: String) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url
    }
    /// An invented 2027 file (not the real notice). 2027-01-01 is a Friday; the file
    /// also shows a make-up Sunday, 2027-02-07.
    static let calendar2027 = """
        {
          "format": 1,
          "name": "屯留经开区 2027",
          "years": [2027],
          "holidays": ["2027-01-01", "2027-02-08"],
          "workdays": ["2027-02-07"],
          "names": {"2027-01-01": "元旦", "2027-02-07": "春节"}
        }
        """

    @Test func nextYearFileExtendsCoverage() throws {
        let url = try temporaryFile(named: "2027.json", Self.calendar2027)
        let calendar = try WorkCalendar.load(files: [url])
        #expect(calendar.coveredYears == [2024, 2025, 2026, 2027])
        #expect(try calendar.isWorkday(day("2027-01-01")) == false)
        #expect(try calendar.isWorkday(day("2027-02-07")) == true)  // a Sunday, worked
        #expect(try calendar.isWorkday(day("2027-01-04")) == true)  // an ordinary Monday
        // 2026-12-31 Thu: 01-01 Fri off, 01-02/03 weekend, 01-04 Mon (1).
        #expect(try calendar.addWorkdays(1, to: day("2026-12-31")) == day("2027-01-04"))
        #expect(try calendar.makeupWorkdays(in: 2027) == [NamedDate(date: day("2027-02-07"), name: "春节")])
        #expect(try calendar.holidays(in: 2027).map(\.description) == ["2027-01-01 元旦", "2027-02-08"])
        #expect(calendar.layers.last?.name == "屯留经开区 2027")
        // What nobody covers is provisional, or refused by a strict calendar.
        #expect(calendar.isProvisional(2028) && !calendar.isProvisional(2027))
        #expect(throws: CalendarError.yearNotCovered(year: 2028)) {
            try WorkCalendar.load(files: [url], policy: .strict).isWorkday(day("2028-01-03"))
        }
    }

    @Test func extraLocalHolidayInACoveredYear() throws {
        // 2025-11-03 is a Monday; the zone takes it off.
        let url = try temporaryFile(named: "local.json", """
            {"format": 1, "name": "开发区纪念日", "holidays": ["2025-11-03"],
             "names": {"2025-11-03": "开发区成立纪念日"}}
            """)
        let calendar = try WorkCalendar.load(files: [url])
        #expect(calendar.coveredYears == [2024, 2025, 2026])
        #expect(try calendar.isWorkday(day("2025-11-03")) == false)
        // 10-31 Fri: 11-01/02 weekend, 11-03 local holiday, 11-04 Tue (1).
        #expect(try calendar.addWorkdays(1, to: day("2025-10-31")) == day("2025-11-04"))
        #expect(calendar.name(of: day("2025-11-03")) == "开发区成立纪念日")
        // The official calendar is a separate value and unchanged.
        #expect(try WorkCalendar.official.isWorkday(day("2025-11-03")) == true)
    }

    @Test func laterLayerWins() throws {
        let off = CalendarLayer(name: "off", holidays: [day("2025-11-03")])
        let on = CalendarLayer(name: "on", workdays: [day("2025-11-03")])
        #expect(try WorkCalendar(layers: [off, on]).isWorkday(day("2025-11-03")) == true)
        #expect(try WorkCalendar(layers: [on, off]).isWorkday(day("2025-11-03")) == false)
        // A local layer may also cancel an official holiday; its name then goes away.
        let cancel = try WorkCalendar(layers: [on, CalendarLayer(name: "x", workdays: [day("2025-10-08")])])
        #expect(try cancel.isWorkday(day("2025-10-08")) == true)
        #expect(cancel.name(of: day("2025-10-08")) == nil)
        #expect(try cancel.holidays(in: 2025).count == 27)
        #expect(try cancel.makeupWorkdays(in: 2025).count == 5)  // a weekday is not a make-up day
    }

    @Test func formatOnlyIsAnEmptyLayer() throws {
        let layer = try CalendarLayer(json: Data(#"{"format": 1}"#.utf8), source: "empty.json")
        #expect(layer == CalendarLayer(name: "empty.json", source: "empty.json"))
        let url = try temporaryFile(named: "empty.json", #"{"format": 1}"#)
        let loaded = try CalendarLayer.load(contentsOf: url)
        #expect(loaded.name == "empty")  // the file's name without extension
        #expect(loaded.holidays.isEmpty && loaded.workdays.isEmpty && loaded.years.isEmpty)
    }

    @Test func unknownKeyIsNamed() throws {
        let url = try temporaryFile(named: "typo.json", #"{"format": 1, "holiday": ["2025-11-03"]}"#)
        let message = calendarErrorMessage { _ = try WorkCalendar.load(files: [url]) }
        #expect(message?.contains(url.path) == true)
        #expect(message?.contains("unknown key \"holiday\"") == true)
    }

    @Test(arguments: [
        (#"{"format": 1, "holidays": ["2027-02-30"], "years": [2027]}"#, "holidays", "2027-02-30"),
        (#"{"format": 1, "workdays": ["2025-9-28"]}"#, "workdays", "2025-9-28"),
        (#"{"format": 1, "names": {"2025-11-3": "x"}}"#, "names", "2025-11-3"),
    ])
    func badDateNamesFileFieldAndValue(_ json: String, _ field: String, _ value: String) throws {
        let url = try temporaryFile(named: "bad-date.json", json)
        let message = calendarErrorMessage { _ = try CalendarLayer.load(contentsOf: url) }
        #expect(message?.contains(url.path) == true)
        #expect(message?.contains("field \"\(field)\"") == true)
        #expect(message?.contains("\"\(value)\"") == true)
    }

    @Test func dateInBothListsOfOneFileIsAnError() throws {
        let url = try temporaryFile(named: "contradiction.json", """
            {"format": 1, "holidays": ["2025-11-03"], "workdays": ["2025-11-03"]}
            """)
        let message = calendarErrorMessage { _ = try WorkCalendar.load(files: [url]) }
        #expect(message?.contains(url.path) == true)
        #expect(message?.contains("2025-11-03 is listed in both") == true)
    }

    @Test(arguments: [
        (#"{"holidays": []}"#, "no \"format\""),
        (#"{"format": 2}"#, "\"format\" is 2"),
        (#"{"format": "1"}"#, "field \"format\" must be"),
        (#"{"format": 1, "holidays": "2025-11-03"}"#, "field \"holidays\" must be an array"),
        (#"{"format": 1, "holidays": null}"#, "field \"holidays\" must be"),
        (#"{"format": 1, "years": ["2027"]}"#, "field \"years\" must be"),
        (#"{"format": 1, "years": [20270]}"#, "outside 1...9999"),
        (#"{"format": 1, "holidays": ["2027-01-01"]}"#, "2027, which neither"),
        (#"{"format": 1, "holidays": ["2025-11-03"], "names": {"2025-11-04": "x"}}"#, "\"names\" names 2025-11-04"),
        (#"[1, 2]"#, "is not a JSON object"),
        (#"{"format": 1,"#, "is not valid JSON"),
        ("", "is not valid JSON"),
        // The strict parser: a repeated key would otherwise let the second list win silently.
        (#"{"format": 1, "years": [2027], "holidays": ["2027-01-01"], "holidays": []}"#, "is not valid JSON"),
        ("\u{FEFF}{\"format\": 1}", "is not valid JSON"),
        (#"{"format": 1} {}"#, "is not valid JSON"),
        (#"{"format": 1.5}"#, "field \"format\" must be"),
    ])
    func malformedFilesAreRefused(_ json: String, _ expected: String) throws {
        let url = try temporaryFile(named: "bad.json", json)
        let message = calendarErrorMessage { _ = try WorkCalendar.load(files: [url], policy: .strict) }
        #expect(message?.contains(expected) == true, "\(message ?? "no error")")
        #expect(message?.contains(url.path) == true)
    }

    @Test func missingFileIsABadFile() {
        let url = URL(fileURLWithPath: "/nonexistent/agency-calendar.json")
        let message = calendarErrorMessage { _ = try WorkCalendar.load(files: [url]) }
        #expect(message?.contains("/nonexistent/agency-calendar.json: the file cannot be read") == true)
    }

    @Test func laterFileMayUseYearsCoveredByAnEarlierOne() throws {
        let first = try temporaryFile(named: "a.json", Self.calendar2027)
        let second = try temporaryFile(named: "b.json", #"{"format": 1, "workdays": ["2027-02-08"]}"#)
        let calendar = try WorkCalendar.load(files: [first, second])
        #expect(try calendar.isWorkday(day("2027-02-08")) == true)
        // But not the other way round in a strict calendar: the year must be covered when
        // the layer is applied.
        let message = calendarErrorMessage { _ = try WorkCalendar.load(files: [second, first], policy: .strict) }
        #expect(message?.contains(second.path) == true)
    }

    @Test func aProvisionalCalendarTakesListedDaysOfAnUndeclaredYear() throws {
        // A 2028 notice's 元旦 may begin on 2027-12-31 before 2027's notice is imported.
        let file = try temporaryFile(named: "2028.json", """
            {"format": 1, "years": [2028], "holidays": ["2027-12-31", "2028-01-01", "2028-01-02"],
             "names": {"2027-12-31": "元旦"}}
            """)
        let calendar = try WorkCalendar.load(files: [file])
        #expect(calendar.isProvisional(2027))
        #expect(try !calendar.isWorkday(day("2027-12-31")), "the listed day wins over the statutory rule")
        #expect(calendar.name(of: day("2027-12-31")) == "元旦")
        #expect(try calendar.holidays(in: 2027).contains(NamedDate(date: day("2027-12-31"), name: "元旦")))
        #expect(try calendar.isWorkday(day("2027-12-30")))
    }
}
