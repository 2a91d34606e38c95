import AgencyJSON
import AgencyService
import Foundation
import WorkflowEngine
import WorkflowStore

/// A past year of finished office work behind the demo zone: leave requests (approved,
/// or withdrawn by the administrator before they were submitted) and business trips (approved at both steps), spread
/// over the days of 2024, each one done within its day (a weekend's moves to Monday).
///
/// 2024 because the built-in official calendar begins there: an older year has no
/// working-day calendar until its State Council notice is imported, and deadlines cannot
/// be computed without one. Only workflows the weekly report does not read are used, and
/// everything is older than the report's year (2025), so the report (and its
/// year-to-date figures) reads the same
/// however much history there is. Nothing is left open: history adds no inbox item, no
/// timer and no pending notification (each batch's notifications are acknowledged, as
/// people read them at the time).
struct ScaleHistory {
    let service: AgencyService
    /// Agents of 项目代办服务中心 (department `daiban`: head wangjun, then 办公室's head guoli
    /// for a business trip).
    static let applicants = ["zhangwei", "liuyang", "wangfang", "chenjing", "yangfan"]
    static let director = "chenzhiyuan"
    static let departmentHead = "wangjun"
    static let officeHead = "guoli"
    static let administrator = "admin"
    /// Words no demo project or active instance contains, so a search never finds history.
    static let reasons = ["年休假", "事假", "病假", "婚假", "调休"]
    static let destinations = ["太原", "北京", "长治", "西安", "郑州"]
    static let firstDay = "2024-01-02"
    static let days = 360

    /// Instance `index` of `count`: its id and kind; ids sort in time order.
    static func id(_ index: Int) -> String { String(format: "H%06d", index) }

    /// Adds `count` finished instances, acknowledging their notifications every `batch`.
    func add(_ count: Int, keepingPending base: Set<String>, notifications: NotificationFolder,
             progress: (Int) -> Void) throws {
        guard let first = service.timestamps.parse(Self.firstDay + "T09:00:00+08:00") else {
            throw BenchError("bad first day of history")
        }
        let batch = 1_000
        for index in 0..<count {
            let day = first.addingTimeInterval(Double(index * Self.days / max(count, 1)) * 86_400)
            // Weekends move to the Monday after; minutes spread the day's work.
            let weekday = Calendar(identifier: .gregorian).component(.weekday, from: day)
            let shift = weekday == 7 ? 2 : weekday == 1 ? 1 : 0
            let at = day.addingTimeInterval(Double(shift) * 86_400 + Double(index % 360) * 60)
            try addOne(index, at: at)
            if index % batch == batch - 1 || index == count - 1 {
                try notifications.acknowledgeAll(except: base, service: service)
                progress(index + 1)
            }
        }
    }

    private func addOne(_ index: Int, at start: Date) throws {
        let id = Self.id(index)
        let applicant = Self.applicants[index % Self.applicants.count]
        func time(_ minutes: Double) -> String { service.timestamps.format(start.addingTimeInterval(minutes * 60)) }
        func act(_ kind: Command.Kind, _ actor: String, _ minutes: Double, event: String? = nil, reason: String? = nil) throws {
            var command = Command(kind: kind, actor: actor, at: time(minutes))
            command.event = event
            command.reason = reason
            _ = try service.execute(id, command)
        }
        switch index % 10 {
        case 0...7:
            let input: JSONValue = .object(["reason": .string(Self.reasons[index % Self.reasons.count]),
                                            "days": .integer(Int64(1 + index % 5)), "applicant": .string(applicant)])
            _ = try service.start("leave_request", id: id, input: input, actor: applicant, at: start)
            if index % 10 >= 6 {
                // Withdrawn before it was submitted: a cancelled instance keeps its state,
                // and `review` must hold only the active set's 100.
                try act(.cancel, Self.administrator, 60, reason: "申请人撤回")
            } else {
                try act(.complete, applicant, 5, event: "submitted")
                try act(.approve, Self.director, 120)
            }
        default:
            let input: JSONValue = .object(["applicant": .string(applicant), "department": "daiban",
                                            "destination": .string(Self.destinations[index % Self.destinations.count]),
                                            "days": .integer(Int64(1 + index % 3))])
            _ = try service.start("business_trip", id: id, input: input, actor: applicant, at: start)
            try act(.complete, applicant, 5, event: "submitted")
            try act(.approve, Self.departmentHead, 90)
            try act(.approve, Self.officeHead, 180)
        }
    }
}

/// The store's pending notifications, listed by file name only.
struct NotificationFolder {
    let path: String

    func keys() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return Set(names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) })
    }

    /// Acknowledges every pending notification whose key is not in `base`.
    func acknowledgeAll(except base: Set<String>, service: AgencyService) throws {
        let fresh = keys().subtracting(base).sorted()
        if !fresh.isEmpty { _ = try service.acknowledge(keys: fresh) }
    }
}
