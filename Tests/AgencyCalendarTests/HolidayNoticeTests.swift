import Foundation
import Testing
@testable import AgencyCalendar

/// Reading the State Council's notice: the shipped 2024-2026 texts reproduce the embedded
/// data day for day, and a garbled text is refused with the sentence at fault.
@Suite struct HolidayNoticeTests {
    static func notice(_ year: Int) throws -> String {
        let name = year == 2027 ? "2027-invented" : "\(year)"
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Notices/\(name).txt")
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test(arguments: [2024, 2025, 2026])
    func shippedNoticesReproduceTheEmbeddedData(year: Int) throws {
        let notice = try HolidayNotice(text: try Self.notice(year))
        #expect(notice.year == year)
        let layer = notice.layer(source: "\(year).txt")
        let official = CalendarLayer.official
        #expect(layer.holidays == official.holidays.filter { $0.year == year })
        #expect(layer.workdays == official.workdays.filter { $0.year == year })
        for (date, name) in layer.names {
            #expect(official.names[date] == name, "\(date)")
        }
        // The notice alone, stacked on the official data, changes no answer of that year.
        let calendar = try WorkCalendar(layers: [layer])
        for date in CivilDate(unchecked: year, 1, 1)...CivilDate(unchecked: year, 12, 31) {
            #expect(try calendar.isWorkday(date) == WorkCalendar.official.isWorkday(date), "\(date)")
        }
    }

    @Test func recommendationsAreNotedNotApplied() throws {
        let notice = try HolidayNotice(text: try Self.notice(2024))
        #expect(notice.notes.count == 1)
        #expect(notice.notes.first?.contains("除夕（2月9日）") == true)
        #expect(!notice.layer(source: "x").holidays.contains(day("2024-02-09")))
    }

    @Test func yearComesFromTheTitleNotFromADateInThePreamble() throws {
        let full = try Self.notice(2027)
        let body = String(full[full.range(of: "一、元旦")!.lowerBound...])
        let text = "根据2024年11月10日修订的《全国年节及纪念日放假办法》，现将2027年元旦等放假安排通知如下。\n" + body
        #expect(try HolidayNotice(text: text).year == 2027)
        #expect(throws: NoticeError.self) { try HolidayNotice(text: text, year: 2028) }
        #expect(try HolidayNotice(text: body, year: 2027).festivals.first?.daysOff
            == [day("2027-01-01"), day("2027-01-02"), day("2027-01-03")])
    }

    @Test func aRangeIntoTheNextMonthAndAcrossNewYear() throws {
        let text = """
            国务院办公厅关于2023年部分节假日安排的通知
            一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
            二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
            三、清明节：4月5日放假，共1天。
            四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
            五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。
            六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。
            """
        let notice = try HolidayNotice(text: text)
        #expect(notice.festivals[0].daysOff == [day("2022-12-31"), day("2023-01-01"), day("2023-01-02")])
        #expect(notice.festivals[1].makeupWorkdays == [day("2023-01-28"), day("2023-01-29")])
    }

    /// The invented 2027 notice with its 春节 paragraph replaced by `paragraph`.
    static func notice2027(春节 paragraph: String) throws -> String {
        let text = try notice(2027)
        let line = text.split(separator: "\n").first { $0.hasPrefix("二、春节") }.map(String.init) ?? ""
        return text.replacingOccurrences(of: line, with: paragraph)
    }

    /// Each garbled notice, the text it must quote, and a word of the reason.
    @Test(arguments: [
        ("二、春节：2月30日至3月3日放假调休，共3天。", "2月30日至3月3日放假调休", "不是真实的日期"),
        ("二、春节：2月6日至12日放假调休，共7天。2月17日（周三）上班。", "2月17日（周三）上班", "不是周六或周日"),
        ("二、春节：放假调休，共8天。", "放假调休", "没有日期"),
        ("二、春节：2月6日至12日放假调休，共8天。", "2月6日至12日放假调休，共8天", "共8天"),
        ("二、春节：2月6日至12日放假调休，共 8 天。", "共 8 天", "共8天"),
        ("二、春节：2月6日至12日放假调休，共八天。", "共八天", "共8天"),
        ("二、春节：2月6日至12日放假调休，共70000000000天。", "共70000000000天", "读不出"),
        ("二、春节：另行通知。", "二、春节：另行通知。", "没有给出放假日期"),
        ("二、春节：2月6日（周一）至12日放假调休，共7天。", "2月6日（周一）至12日", "周六"),
        ("三、春节：2月6日至12日放假调休，共7天。", "三、春节", "编号"),
        ("二、春节：2月6日至12日放假调休，共7天。2月20日（周六）值班。", "2月20日（周六）值班", "既不是放假也不是上班"),
        ("二、春节：2月6日至12日放假调休，共7天。2028年2月19日（周六）上班。", "2028年2月19日", "2028-02-19"),
        ("二、植树节：3月12日放假1天。", "植树节", "不是法定节日"),
        ("二、元旦：2月6日至12日放假调休，共7天。", "二、元旦", "都出现了"),
        ("二、春节：2月6日至12日放假调休，共7天。鼓励职工在除夕（2月30日）休息。", "除夕（2月30日）", "不是真实的日期"),
    ])
    func garbledNoticesAreRefused(body: String, quoted: String, reason: String) throws {
        let text = try Self.notice2027(春节: body)
        do {
            let notice = try HolidayNotice(text: text)
            Issue.record("accepted: \(notice)")
        } catch {
            #expect(error.description.contains(quoted), "\(error)")
            #expect(error.description.contains(reason), "\(error)")
            #expect(error.description.contains("未写入任何文件"))
        }
    }

    @Test func aTruncatedPasteIsRefusedNamingWhatIsMissing() throws {
        let text = try Self.notice(2027)
        let truncated = text.components(separatedBy: "六、中秋节").first ?? ""
        #expect(throws: NoticeError.self) { try HolidayNotice(text: truncated) }
        do {
            _ = try HolidayNotice(text: truncated)
        } catch {
            #expect(error.description.contains("缺少中秋节、国庆节"), "\(error)")
        }
    }

    @Test func aParagraphPastedTwiceIsCalledADuplicate() throws {
        let text = try Self.notice(2027)
        let line = text.split(separator: "\n").first { $0.hasPrefix("三、清明节") }.map(String.init) ?? ""
        do {
            _ = try HolidayNotice(text: text.replacingOccurrences(of: line, with: line + "\n" + line))
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("编号重复"), "\(error)")
        }
    }

    @Test(arguments: [2024, 2025, 2026])
    func linesJoinedWithTheSignatureStillParse(year: Int) throws {
        let text = try Self.notice(year)
        let joined = text.replacingOccurrences(of: "\n", with: "")
        let spaced = text.replacingOccurrences(of: "\n", with: " ")
        #expect(try HolidayNotice(text: joined) == HolidayNotice(text: text))
        #expect(try HolidayNotice(text: spaced) == HolidayNotice(text: text))
        let pdf = text.replacingOccurrences(of: "共3天", with: "共 3 天").replacingOccurrences(of: "1月1日", with: "1 月 1 日")
        #expect(try HolidayNotice(text: pdf).layer(source: "x") == HolidayNotice(text: text).layer(source: "x"))
    }

    @Test func aParagraphWrappedOverLinesKeepsItsMakeupDays() throws {
        let text = try Self.notice(2025)
        let wrapped = text.replacingOccurrences(of: "共8天。1月26日（周日）", with: "共8天。\n1月26日（周日）")
        #expect(wrapped != text)
        #expect(try HolidayNotice(text: wrapped) == HolidayNotice(text: text))
        let recommendation = text.replacingOccurrences(
            of: "1月26日（周日）、2月8日（周六）上班。",
            with: "1月26日（周日）、2月8日（周六）上班。鼓励各单位安排职工在1月27日放假。")
        let notice = try HolidayNotice(text: recommendation)
        #expect(try notice.layer(source: "x") == HolidayNotice(text: text).layer(source: "x"))
        #expect(notice.notes.count == 1)
    }

    @Test func yearsOutsideTheRangeAreRefused() {
        #expect(throws: NoticeError.self) {
            try HolidayNotice(text: "一、元旦：1月1日放假1天。", year: 20277)
        }
    }

    @Test func textWithoutParagraphsOrYearIsRefused() {
        #expect(throws: NoticeError.self) { try HolidayNotice(text: "2027年放假安排另行通知") }
        #expect(throws: NoticeError.self) { try HolidayNotice(text: "一、元旦：1月1日放假。") }
    }
}
