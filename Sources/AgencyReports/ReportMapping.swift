import AgencyJSON

/// Which workflows and which of their data fields the weekly report reads.
///
/// The report is a client of the coordinator: it knows the zone's workflows through this
/// mapping and one convention, that a project state's title begins with its pipeline stage
/// (`ProjectPipeline`). The defaults (`.zone`) are the names of the repository's
/// `Workflows/`; a zone whose workflows name things otherwise puts the differences in
/// `<store>/report.json` (Docs/workflows.md, "The weekly report"), for example
/// `{"projects": {"investment": "invest_wan"}}`. Every field is optional there; a key
/// the report does not know is refused, so a misspelling never silently reads nothing.
public struct ReportMapping: Sendable, Equatable {
    /// The project pipeline (项目库): one instance per project.
    public struct Projects: Sendable, Equatable {
        public var workflow = "project"
        /// 项目名称, 企业, 行业, 计划投资 (万元, an integer), 包联领导, 代办员 and 联络员 (person ids).
        public var name = "name", enterprise = "enterprise", sector = "sector", investment = "investment"
        public var leader = "leader", agent = "agent", liaison = "liaison"
        /// 计划投资 and 完成投资 by month (objects "YYYY-MM" → 万元), for the year report's
        /// investment completion; a project without them is left out of it.
        public var investmentPlan = "investment_plan", investmentDone = "investment_done"
        /// The reasons given when a project was paused (暂缓) or dropped (终止).
        public var pauseReason = "pause_reason", dropReason = "drop_reason"
        /// The state a paused project waits in, and the events that pause it, drop it, and
        /// send a stage review back (shown as 暂缓, 终止, 转段审批退回 in its progress).
        public var pausedState = "paused", pauseEvent = "pause", dropEvent = "drop", rejectedEvent = "rejected"
    }

    /// Permits (手续): one instance per permit, and the plan that starts a project's permits.
    public struct Permits: Sendable, Equatable {
        public var workflow = "permit"
        /// The permit's name (环评审批) and the department that issues it.
        public var title = "item", department = "department"
        /// The statutory limit in working days (法定时限, an integer), for 办件时效.
        public var limit = "limit"
        /// The workflow that plans a project's permits, and its list of planned permits.
        public var planWorkflow = "permits", plan = "plan"
    }

    /// Supervision items (督办) and difficulties (难点堵点).
    public struct Cases: Sendable, Equatable {
        public var supervision = "supervision", problem = "problem"
        /// The case's title and the person responsible for it.
        public var title = "title", owner = "owner"
    }

    /// The weekly dispatch (周调度): its workflow and the field naming the week's Monday.
    public struct Dispatch: Sendable, Equatable {
        public var workflow = "dispatch", weekOf = "week_of"
    }

    public var projects = Projects()
    public var permits = Permits()
    public var cases = Cases()
    public var dispatch = Dispatch()
    /// On permits, plans and cases: the project's instance id and the project's name.
    public var projectLink = "project", projectName = "project_name"

    /// The repository's workflows.
    public static let zone = ReportMapping()

    public init() {}
}

extension ReportMapping {
    /// The mapping `.zone` changed by a `report.json` document; `source` names the file in
    /// errors. Refuses unknown sections and keys, and values that are not non-empty strings.
    public init(json: JSONValue, source: String) throws(ReportMappingError) {
        self.init()
        guard let sections = json.objectValue else {
            throw ReportMappingError(source: source, path: "$", problem: "expected an object of sections")
        }
        for (section, value) in sections.sorted(by: { $0.key < $1.key }) {
            switch section {
            case "projects":
                try Self.apply(value, source: source, section: section, to: &projects, [
                    "workflow": \.workflow, "name": \.name, "enterprise": \.enterprise, "sector": \.sector,
                    "investment": \.investment, "investment_plan": \.investmentPlan,
                    "investment_done": \.investmentDone, "leader": \.leader, "agent": \.agent, "liaison": \.liaison,
                    "pause_reason": \.pauseReason, "drop_reason": \.dropReason, "paused_state": \.pausedState,
                    "pause_event": \.pauseEvent, "drop_event": \.dropEvent, "rejected_event": \.rejectedEvent])
            case "permits":
                try Self.apply(value, source: source, section: section, to: &permits, [
                    "workflow": \.workflow, "title": \.title, "department": \.department, "limit": \.limit,
                    "plan_workflow": \.planWorkflow, "plan": \.plan])
            case "cases":
                try Self.apply(value, source: source, section: section, to: &cases, [
                    "supervision": \.supervision, "problem": \.problem, "title": \.title, "owner": \.owner])
            case "dispatch":
                try Self.apply(value, source: source, section: section, to: &dispatch, [
                    "workflow": \.workflow, "week_of": \.weekOf])
            case "links":
                try Self.apply(value, source: source, section: section, to: &self, [
                    "project": \.projectLink, "project_name": \.projectName])
            default:
                throw ReportMappingError(source: source, path: "$.\(section)", problem:
                    "unknown section; the sections are projects, permits, cases, dispatch and links")
            }
        }
    }

    private static func apply<Section>(_ value: JSONValue, source: String, section: String, to target: inout Section,
                                       _ keys: [String: WritableKeyPath<Section, String>]) throws(ReportMappingError) {
        guard let fields = value.objectValue else {
            throw ReportMappingError(source: source, path: "$.\(section)", problem: "expected an object of field names")
        }
        for (key, name) in fields.sorted(by: { $0.key < $1.key }) {
            guard let path = keys[key] else {
                throw ReportMappingError(source: source, path: "$.\(section).\(key)", problem:
                    "unknown key; \(section) has " + keys.keys.sorted().joined(separator: ", "))
            }
            guard let text = name.stringValue, !text.isEmpty else {
                throw ReportMappingError(source: source, path: "$.\(section).\(key)",
                                         problem: "expected a workflow or field name (a non-empty string)")
            }
            target[keyPath: path] = text
        }
    }
}

/// A `report.json` the report cannot use: where, and what is wrong.
public struct ReportMappingError: Error, Sendable, CustomStringConvertible {
    public let source: String
    public let path: String
    public let problem: String

    public var description: String { "\(source): \(path): \(problem)" }
}
