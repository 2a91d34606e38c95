import AgencyCalendar
import AgencyReports
import AgencyService
import Foundation

/// What happened in one simulated week, for the story `agency demo` prints.
public struct DemoWeek: Sendable {
    /// 1 = the first week.
    public var number: Int
    public var monday: CivilDate
    /// The weekly dispatch started this week, and when (a holiday moves it).
    public var dispatch: String?
    public var dispatchAt: String?
    /// Supervision items the dispatch opened for overdue or stalled work.
    public var supervisedByDispatch = 0
    /// Decisions (议定事项) of the weekly meeting.
    public var decisions = 0
    /// "P05 生物发酵饲料项目：初步对接 → 重点意向", in order.
    public var stageChanges: [String] = []
    public var permitsStarted = 0
    public var permitsIssued = 0
    /// 催办 and 督办 sent by the ladders.
    public var reminders = 0
    public var escalations = 0
    public var supervisionOpened = 0
    public var supervisionClosed = 0
    public var problemsLogged = 0
    public var problemsClosed = 0
    /// Approvals that sent a project or a feedback back.
    public var sentBack = 0
    /// Other notable events: a pause, a drop, construction starting.
    public var notes: [String] = []
    public var commands = 0

    init(number: Int, monday: CivilDate) {
        self.number = number
        self.monday = monday
    }

    /// One paragraph of the story.
    public var lines: [String] {
        let friday = monday.adding(days: 6)
        var head = "第\(number)周（\(Self.short(monday))—\(Self.short(friday))）"
        if let dispatch, let at = dispatchAt {
            let day = CivilDate(String(at.prefix(10)))
            let moved = day.map { $0 != monday } ?? false
            head += "：周调度 \(dispatch)" + (moved ? "（节假日顺延至 \(Self.short(day ?? monday))）" : "")
            if supervisedByDispatch > 0 { head += "，对超期、停滞工作立项督办 \(supervisedByDispatch) 项" }
            if decisions > 0 { head += "，周例会议定事项 \(decisions) 项" }
        }
        var lines = [head]
        var counts: [String] = []
        if permitsIssued > 0 || permitsStarted > 0 { counts.append("手续启动 \(permitsStarted) 项、办结 \(permitsIssued) 项") }
        if reminders > 0 || escalations > 0 { counts.append("催办 \(reminders) 次、督办 \(escalations) 次") }
        if supervisionOpened > 0 || supervisionClosed > 0 {
            counts.append("督办事项新立 \(supervisionOpened) 项、办结 \(supervisionClosed) 项")
        }
        if problemsLogged > 0 || problemsClosed > 0 {
            counts.append("难点堵点登记 \(problemsLogged) 个、销号 \(problemsClosed) 个")
        }
        if sentBack > 0 { counts.append("审批退回 \(sentBack) 次") }
        if !counts.isEmpty { lines.append("  " + counts.joined(separator: "；")) }
        for change in stageChanges { lines.append("  ▸ " + change) }
        for note in notes { lines.append("  ▸ " + note) }
        return lines
    }

    /// "03-14": a day in the story's lines.
    public static func short(_ day: CivilDate) -> String {
        String(format: "%02d-%02d", day.month, day.day)
    }
}

/// What `agency demo` did.
public struct DemoResult: Sendable {
    public var zone: String
    /// Where the store is (its real path).
    public var store: String
    public var weeks: [DemoWeek]
    /// Instances in the store, and commands the simulated people gave.
    public var instances: Int
    public var commands: Int
    /// Projects per stage at the end, in pipeline order.
    public var stagesAtEnd: [(stage: String, count: Int)]
    /// The weekly report of the last dispatch (the last simulated week).
    public var lastReport: WeeklyReport?
}
