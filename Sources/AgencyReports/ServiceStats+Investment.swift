import AgencyCalendar
import AgencyService
import WorkflowEngine

extension ServiceStats {
    /// Investment of the months the range meets (计划/完成投资), by the projects' 包联领导,
    /// from the `project` workflow's monthly figures (`investment_plan`, `investment_done`;
    /// Docs/workflows.md). A project counts when it has a figure in one of those months.
    public struct InvestmentRow: Codable, Sendable, Equatable {
        /// The 包联领导's name, or "合计".
        public var group: String
        public var projects: Int
        /// 万元.
        public var planned: Double
        public var completed: Double
        /// completed / planned rounded to 4 decimals; null without a plan.
        public var rate: Double?

        enum CodingKeys: String, CodingKey { case group, projects, planned, completed, rate }

        /// Every key always, `null` for a rate without a value.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(group, forKey: .group)
            try container.encode(projects, forKey: .projects)
            try container.encode(planned, forKey: .planned)
            try container.encode(completed, forKey: .completed)
            try container.encode(rate, forKey: .rate)
        }
    }

    public static let investmentHeaders = ["包联领导", "项目数", "计划投资（万元）", "完成投资（万元）", "完成率"]

    public static func cells(_ row: InvestmentRow) -> [String] {
        [row.group, "\(row.projects)", ReportFormatting.wan(row.planned), ReportFormatting.wan(row.completed), percent(row.rate)]
    }
}

extension AgencyService {
    /// The investment rows of the whole months in the range (a month's completion is
    /// reported at its end), most planned first, then the 合计 row last; empty when no
    /// project has a figure in them, or the range holds no whole month.
    func investmentRows(from: CivilDate, to: CivilDate, mapping: ReportMapping) throws -> [ServiceStats.InvestmentRow] {
        // The first month that starts in the range, the last that ends in it.
        let next = from.month == 12 ? CivilDate(year: from.year + 1, month: 1, day: 1)
            : CivilDate(year: from.year, month: from.month + 1, day: 1)
        guard let firstDay = from.day == 1 ? from : next else { return [] }
        let lastDay = to.adding(days: 1).day == 1 ? to : to.adding(days: -to.day)
        guard firstDay <= lastDay else { return [] }
        let first = String(firstDay.description.prefix(7)), last = String(lastDay.description.prefix(7))
        var groups: [String: ServiceStats.InvestmentRow] = [:]
        for project in try list(InstanceFilter(workflow: mapping.projects.workflow)) {
            let plan = MonthlyAmounts.read(project.data[mapping.projects.investmentPlan]).filter { $0.key >= first && $0.key <= last }
            let done = MonthlyAmounts.read(project.data[mapping.projects.investmentDone]).filter { $0.key >= first && $0.key <= last }
            guard !plan.isEmpty || !done.isEmpty else { continue }
            let leader = project.data[mapping.projects.leader]?.stringValue
            let group = leader.map { engine.people.person($0)?.name ?? $0 } ?? "（未填写）"
            var row = groups[group] ?? .init(group: group, projects: 0, planned: 0, completed: 0, rate: nil)
            row.projects += 1
            row.planned += plan.values.reduce(0, +)
            row.completed += done.values.reduce(0, +)
            groups[group] = row
        }
        guard !groups.isEmpty else { return [] }
        func rated(_ row: ServiceStats.InvestmentRow) -> ServiceStats.InvestmentRow {
            var row = row
            row.rate = row.planned > 0 ? (row.completed / row.planned * 10_000).rounded() / 10_000 : nil
            return row
        }
        let rows = groups.values.sorted { ($1.planned, $0.group) < ($0.planned, $1.group) }.map(rated)
        let total = rows.reduce(into: ServiceStats.InvestmentRow(group: "合计", projects: 0, planned: 0, completed: 0)) {
            $0.projects += $1.projects
            $0.planned += $1.planned
            $0.completed += $1.completed
        }
        return rows + [rated(total)]
    }
}
