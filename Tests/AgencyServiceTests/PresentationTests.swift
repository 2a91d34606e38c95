import AgencyCalendar
import AgencyService
import Foundation
import Testing
import WorkflowEngine

/// The pieces staff-facing output is made of: deadlines and times in plain words,
/// refusals in Chinese, digest slots, spreadsheet rows read as inputs.
@Suite("Presentation")
struct PresentationTests {
    static let zone = TimeZone(secondsFromGMT: 8 * 3_600) ?? .current
    static let stamps = Timestamps(timeZone: zone)

    func date(_ text: String) throws -> Date { try #require(Self.stamps.parse(text)) }

    @Test("deadlines: today, tomorrow, a date, overdue in working days; in Chinese and English")
    func deadlines() throws {
        let chinese = DeadlineText(timeZone: Self.zone, calendar: nil)
        let english = DeadlineText(timeZone: Self.zone, calendar: nil, language: .english)
        let now = try date("2025-01-08T10:00:00+08:00")  // a Wednesday
        #expect(chinese.text(due: try date("2025-01-08T17:30:00+08:00"), now: now) == "今天 17:30 前")
        #expect(chinese.text(due: try date("2025-01-09T00:00:00+08:00"), now: now) == "今天下班前")
        #expect(chinese.text(due: try date("2025-01-10T00:00:00+08:00"), now: now) == "明天（周四）前")
        #expect(chinese.text(due: try date("2025-01-14T00:00:00+08:00"), now: now) == "1月13日（周一）前")
        #expect(chinese.text(due: try date("2026-01-14T00:00:00+08:00"), now: now) == "2026年1月13日（周二）前")
        #expect(chinese.text(due: try date("2025-01-06T00:00:00+08:00"), now: now) == "已超期 3 个工作日")
        #expect(english.text(due: try date("2025-01-08T17:30:00+08:00"), now: now) == "today by 17:30")
        #expect(english.text(due: try date("2025-01-14T00:00:00+08:00"), now: now) == "by Mon 13 Jan")
        #expect(english.text(due: try date("2025-01-06T00:00:00+08:00"), now: now) == "3 working day(s) overdue")
    }

    @Test("times: today, yesterday, this year, another year")
    func plainTimes() throws {
        let now = try date("2025-03-05T12:00:00+08:00")
        let chinese = PlainTime(timestamps: Self.stamps, now: now, language: .chinese)
        #expect(chinese.text("2025-03-05T09:30:00+08:00") == "今天 09:30")
        #expect(chinese.text("2025-03-04T18:05:00+08:00") == "昨天 18:05")
        #expect(chinese.text("2025-01-06T09:00:00+08:00") == "1月6日（周一）09:00")
        #expect(chinese.text("2024-12-30T09:00:00+08:00") == "2024年12月30日 09:00")
        #expect(chinese.text("not a time") == "not a time")
        let english = PlainTime(timestamps: Self.stamps, now: now, language: .english)
        #expect(english.text("2025-01-06T09:00:00+08:00") == "Mon 6 Jan 09:00")
    }

    @Test("refusals in Chinese: people and ids kept, states by title, unknown ones under a heading")
    func refusals() {
        let text = RefusalText(stateTitle: { ["review": "包联领导会签", "check": "主任初审"][$0] })
        #expect(text.chinese("work item w3 is assigned to 李强 (liqiang), not 张伟 (zhangwei)")
                == "待办 w3 由 李强 (liqiang) 办理，不是 张伟 (zhangwei)")
        #expect(text.chinese("张伟 (zhangwei) has no open work item in state 'review' of JR-1 (open: w3 → 李强 (liqiang))")
                == "张伟 (zhangwei) 在 JR-1 的「包联领导会签」环节没有待办（在办：w3 → 李强 (liqiang)）")
        #expect(text.chinese("instance JR-1 is completed; approve is not possible any more") == "JR-1 已办结，不能再 同意")
        #expect(text.chinese("work item w2 is done, not open") == "待办 w2 已办结，不能再办理")
        #expect(text.chinese("cannot return to 'check': it is not before 'review' on the instance's path "
                             + "(prepare → review); returning forward is refused")
                == "不能退回到「主任初审」：它不在「包联领导会签」之前（经过：prepare → review）；不能向前退回")
        #expect(text.chinese("something new went wrong") == "操作未完成：something new went wrong")
    }

    @Test("the digest slot is today's when its time has passed, else yesterday's")
    func digestSlots() throws {
        let at = (hour: 17, minute: 30)
        #expect(NotificationDigest.lastSlot(at: at, now: try date("2025-03-05T18:00:00+08:00"), timeZone: Self.zone)
                == (try date("2025-03-05T17:30:00+08:00")))
        #expect(NotificationDigest.lastSlot(at: at, now: try date("2025-03-05T09:00:00+08:00"), timeZone: Self.zone)
                == (try date("2025-03-04T17:30:00+08:00")))
        #expect(PeopleDirectory.clockTime("17:30").map { $0.hour == 17 && $0.minute == 30 } == true)
        for bad in ["5pm", "24:00", "7:30", "17:3", "17:60", ""] { #expect(PeopleDirectory.clockTime(bad) == nil, "\(bad)") }
    }
}
