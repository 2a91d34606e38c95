import AgencyCalendar
import AgencyJSON
import WorkflowEngine

extension WeeklyReport {
    /// A project under construction (or with investment figures reported): planned and
    /// completed investment of the months before the report's month, as real dispatch
    /// reports track it (计划/累计完成投资, 完成率), and the planned and actual start and
    /// completion dates. A month's completion is reported at its end, so only whole months
    /// count: a past week's report reads the same figures later (none recorded after it).
    public struct InvestmentLine: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var stage: String
        /// 总投资, 万元.
        public var investment: Int
        /// Planned investment of the months before the report's month, 万元; nil when the
        /// project has no monthly plan.
        public var planned: Double?
        /// Investment completed in the months before the report's month, and in the last
        /// of them (上月完成), 万元.
        public var completed: Double
        public var lastMonth: Double
        /// completed / planned (0…), nil without a plan.
        public var rate: Double?
        public var plannedStart: String?
        public var startedOn: String?
        public var plannedCompletion: String?
        public var completedOn: String?
    }

    /// A project's 专班 (一个项目一个专班) and its 一企一策 measures.
    public struct TeamLine: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        /// 牵头人, and the members as "姓名（单位）"; empty when it has no 专班 yet.
        public var lead: String
        public var members: [String]
        /// 一企一策: measures in all, done, and past their date and not done.
        public var measures: Int
        public var measuresDone: Int
        public var measuresOverdue: Int
        /// The next measure not done, "措施（责任人，MM-DD 前）".
        public var nextMeasure: String?
    }
}

/// The project data the investment and team sections read besides the mapping's
/// `investment_plan` and `investment_done` (set by the `project` workflow's `investment`,
/// `team` and `plan` events; see Docs/workflows.md).
enum ProjectRecordKeys {
    static let plannedStart = "planned_start"
    static let plannedCompletion = "planned_completion"
    static let startedOn = "started_on"
    static let completedOn = "completed_on"
    static let team = "team"
    static let measures = "plan"
    static let planHistory = "plan_history"
}

extension ReportContext {
    /// Projects in 开工 or 投产 at the report's time, or with investment figures, in id order.
    func investmentLines() -> [WeeklyReport.InvestmentLine] {
        let month = String(moment.prefix(7))
        let previous = CivilDate(month + "-01").map { $0.adding(days: -1).description.prefix(7) }.map(String.init) ?? ""
        let keys = ProjectRecordKeys.self
        var lines: [WeeklyReport.InvestmentLine] = []
        for project in of(mapping.projects.workflow) {
            guard let stage = stage(now(project)), stage != ProjectPipeline.dropped else { continue }
            let data = project.data
            let plan = MonthlyAmounts.read(data[mapping.projects.investmentPlan])
            let done = MonthlyAmounts.read(data[mapping.projects.investmentDone])
            let building = stage == "开工" || stage == "投产"
            let planned = plan.isEmpty ? nil : plan.filter { $0.key < month }.values.reduce(0, +)
            let completed = done.filter { $0.key < month }.values.reduce(0, +)
            guard building || (planned ?? 0) > 0 || completed > 0 else { continue }
            lines.append(.init(
                id: project.id, name: data[mapping.projects.name]?.stringValue ?? project.id, stage: stage,
                investment: Int(data[mapping.projects.investment]?.intValue ?? 0),
                planned: planned, completed: completed, lastMonth: done[previous] ?? 0,
                rate: planned.flatMap { $0 > 0 ? completed / $0 : nil },
                plannedStart: data[keys.plannedStart]?.stringValue,
                startedOn: data[keys.startedOn]?.stringValue.flatMap { $0 <= moment ? $0 : nil },
                plannedCompletion: data[keys.plannedCompletion]?.stringValue,
                completedOn: data[keys.completedOn]?.stringValue.flatMap { $0 <= moment ? $0 : nil }))
        }
        return lines.sorted { $0.id < $1.id }
    }

    /// The 一企一策 measures as recorded by `day`: the last version in `plan_history` dated
    /// by then, else the current `plan` when it was.
    static func measures(_ data: JSONValue, asOf day: String) -> [JSONValue] {
        let dated = { (version: JSONValue) in (version["updated"]?.stringValue ?? "") <= day }
        if let history = data[ProjectRecordKeys.planHistory]?.arrayValue, !history.isEmpty {
            return history.last(where: dated)?["measures"]?.arrayValue ?? []
        }
        guard let plan = data[ProjectRecordKeys.measures], dated(plan) else { return [] }
        return plan["measures"]?.arrayValue ?? []
    }

    /// Projects with a 专班 or 一企一策 measures, in id order.
    func teamLines() -> [WeeklyReport.TeamLine] {
        let today = String(moment.prefix(10))
        var lines: [WeeklyReport.TeamLine] = []
        for project in of(mapping.projects.workflow) where now(project).exists {
            // As they stood at the report's day: a 专班 formed later is not shown, and the
            // measures are the last version recorded by then (`plan_history`).
            let team = project.data[ProjectRecordKeys.team]?.objectValue
                .flatMap { ($0["since"]?.stringValue ?? "") <= today ? $0 : nil }
            let measures = Self.measures(project.data, asOf: today)
            guard team != nil || !measures.isEmpty else { continue }
            let members = (team?["members"]?.arrayValue ?? []).compactMap { member -> String? in
                guard let name = member.objectValue?["name"]?.stringValue else { return nil }
                return member.objectValue?["department"]?.stringValue.map { "\(name)（\($0)）" } ?? name
            }
            let open = measures.compactMap(\.objectValue).filter { $0["status"]?.stringValue != "已完成" }
            let next = open.min { ($0["due"]?.stringValue ?? "") < ($1["due"]?.stringValue ?? "") }
            lines.append(.init(
                id: project.id, name: project.data[mapping.projects.name]?.stringValue ?? project.id,
                lead: team?["lead"]?.stringValue ?? "", members: members,
                measures: measures.count, measuresDone: measures.count - open.count,
                measuresOverdue: open.filter { ($0["due"]?.stringValue ?? "9999") < today }.count,
                nextMeasure: next.map { measure in
                    let due = measure["due"]?.stringValue.map { "，\(ReportFormatting.day($0)) 前" } ?? ""
                    return "\(measure["measure"]?.stringValue ?? "")（\(measure["owner"]?.stringValue ?? "")\(due)）"
                }))
        }
        return lines.sorted { $0.id < $1.id }
    }
}

extension WeeklyReport {
    /// The investment section's columns and rows, shared by every text format.
    public static let investmentHeaders = ["编号", "项目", "阶段", "总投资（万元）", "计划开工", "实际开工", "计划竣工",
                                           "实际竣工", "计划投资（至上月末）", "累计完成（至上月末）", "上月完成", "完成率"]

    public func investmentRows() -> [[String]] {
        (investment ?? []).map { line in
            [line.id, line.name, line.stage, "\(line.investment)", line.plannedStart ?? "",
             line.startedOn.map { String($0.prefix(10)) } ?? "", line.plannedCompletion ?? "",
             line.completedOn.map { String($0.prefix(10)) } ?? "",
             line.planned.map(ReportFormatting.wan) ?? "", ReportFormatting.wan(line.completed), ReportFormatting.wan(line.lastMonth),
             line.rate.map(Self.percent) ?? ""]
        }
    }

    /// The 专班 and 一企一策 section's columns and rows.
    public static let teamHeaders = ["编号", "项目", "专班牵头", "专班成员", "一企一策措施", "已完成", "逾期", "下一项措施"]

    public func teamRows() -> [[String]] {
        (teams ?? []).map { line in
            [line.id, line.name, line.lead, line.members.joined(separator: "、"), "\(line.measures)",
             "\(line.measuresDone)", "\(line.measuresOverdue)", line.nextMeasure ?? ""]
        }
    }

    /// The sentence under the investment heading: totals over the lines.
    public var investmentSummary: String {
        let lines = investment ?? []
        let planned = lines.compactMap(\.planned).reduce(0, +)
        let completed = lines.map(\.completed).reduce(0, +)
        let rate = planned > 0 ? "，完成率 \(Self.percent(completed / planned))" : ""
        return "跟踪项目 \(lines.count) 个：至上月末计划投资 \(ReportFormatting.wan(planned)) 万元，累计完成 \(ReportFormatting.wan(completed)) 万元\(rate)。"
    }

    /// 0.8567 → "85.7%".
    static func percent(_ rate: Double) -> String { String(format: "%.1f%%", rate * 100) }
}
