import AgencyCalendar
import AgencyJSON
import AgencyService
import Foundation
import WorkflowEngine

extension AgencyService {
    /// The weekly report of `week`: the store as it stood when that week's dispatch ran
    /// (or at `now`, if that is earlier), and what changed since the previous week's.
    /// `mapping` says which workflows and fields hold projects, permits and cases.
    public func weeklyReport(week: ISOWeek, now: Date? = nil, mapping: ReportMapping = .zone) throws -> WeeklyReport {
        var asOf = reportMoment(week, mapping: mapping)
        if let now, now < asOf { asOf = now }
        let since = min(reportMoment(week.previous, mapping: mapping), asOf)
        // The year to date counts from January 1st (or the previous week's dispatch, if earlier).
        let january = CivilDate(year: CivilDate(asOf, in: timestamps.timeZone).year, month: 1, day: 1)?
            .startOfDay(in: timestamps.timeZone) ?? since
        let window = timestamps.format(min(january, since))
        let all = try reportInstances(window: window, mapping: mapping)
        let context = ReportContext(service: self, instances: all, week: week, asOf: asOf, since: since,
                                    window: window, mapping: mapping)
        let stages = context.stageRows()
        var pipeline = stages.pipeline, total = stages.total
        let year = context.yearToDate(stages: &pipeline, total: &total)
        let warnings = calendarWarnings(asOf: asOf)
        let investment = context.investmentLines(), teams = context.teamLines()
        let marking = context.progressMarking()
        return WeeklyReport(
            week: week.description, monday: week.monday.description,
            asOf: context.moment, since: context.start,
            stages: pipeline, total: total, paused: stages.paused, dropped: stages.dropped,
            projects: context.projectLines(flags: marking.flags), permits: context.permitSection(),
            supervision: context.caseSection(mapping.cases.supervision),
            problems: context.caseSection(mapping.cases.problem),
            behind: context.behind(), warnings: warnings.isEmpty ? nil : warnings, yearToDate: year,
            progressReports: marking.tally,
            investment: investment.isEmpty ? nil : investment, teams: teams.isEmpty ? nil : teams)
    }

    /// When `week`'s dispatch ran: the dispatch instance's start if there is one, else
    /// when the dispatch schedule puts it (Monday 09:00, the next working day over a
    /// holiday).
    public func reportMoment(_ week: ISOWeek, mapping: ReportMapping = .zone) -> Date {
        let dispatchWorkflow = mapping.dispatch.workflow
        let spec = try? currentDefinition(dispatchWorkflow).schedule
        var nominal = week.monday
        if case .weekly(let weekday)? = spec?.frequency { nominal = week.monday.adding(days: weekday - 1) }
        if let dispatch = try? instance("\(dispatchWorkflow)-\(nominal)"), let created = timestamps.parse(dispatch.createdAt) {
            return created
        }
        if let spec, let occurrence = try? scheduleCalendar.next(spec, after: nominal, inclusive: true),
           occurrence.nominal == nominal, let at = occurrence.at {
            return at
        }
        let day = (try? engine.calendar.nextWorkday(onOrAfter: nominal)) ?? nominal
        return day.startOfDay(in: timestamps.timeZone).addingTimeInterval(9 * 3_600)
    }

    /// The week of the newest weekly dispatch in the store, if any ran.
    public func latestDispatchWeek(mapping: ReportMapping = .zone) throws -> ISOWeek? {
        let days = try list(InstanceFilter(workflow: mapping.dispatch.workflow)).compactMap { dispatch in
            dispatch.data[mapping.dispatch.weekOf]?.stringValue.flatMap(CivilDate.init)
                ?? timestamps.parse(dispatch.createdAt).map { CivilDate($0, in: timestamps.timeZone) }
        }
        return days.max().map { ISOWeek(containing: $0) }
    }
}

/// Everything one report is computed from: the instances, the two moments, lookups.
struct ReportContext {
    let service: AgencyService
    let asOf: Date
    /// The two moments as the engine writes them, for comparing with stored times.
    let moment: String
    let start: String
    let instances: [Instance]
    let mapping: ReportMapping
    /// The week reported on: its progress reports and its dispatch's marking.
    let week: ISOWeek
    /// The earliest moment anything counted happened (January 1st for the year to date):
    /// a project finished before it gets no line of its own, only its count in the stages.
    let window: String

    init(service: AgencyService, instances: [Instance], week: ISOWeek, asOf: Date, since: Date,
         window: String? = nil, mapping: ReportMapping) {
        self.service = service
        self.week = week
        self.mapping = mapping
        self.asOf = asOf
        self.moment = service.timestamps.format(asOf)
        self.start = service.timestamps.format(since)
        self.window = window ?? self.start
        self.instances = Self.counted(instances)
    }

    var people: PeopleDirectory { service.engine.people }

    /// The instances as the reports count them: one that ended withdrawn (a permit whose
    /// project was paused or dropped: outcome `withdrawn`) was not handled, so it counts
    /// as cancelled, never as 办结.
    static func counted(_ instances: [Instance]) -> [Instance] {
        instances.map { instance in
            guard instance.status == .completed, instance.outcome == "withdrawn" else { return instance }
            var withdrawn = instance
            withdrawn.status = .cancelled
            return withdrawn
        }
    }

    func now(_ instance: Instance) -> PastInstance { PastInstance(instance: instance, moment: moment) }

    func then(_ instance: Instance) -> PastInstance { PastInstance(instance: instance, moment: start) }

    func of(_ workflow: String) -> [Instance] { instances.filter { $0.workflow == workflow } }

    func name(_ person: String) -> String { people.person(person)?.name ?? person }

    func color(_ item: WorkItem, _ instance: Instance) -> WorkItem.Color {
        service.color(of: item, in: instance, at: asOf)
    }

    // MARK: Stages

    /// The project's stage at a moment, nil when it did not exist yet.
    func stage(_ past: PastInstance) -> String? {
        guard past.exists, let state = past.state else { return nil }
        if past.instance.status == .cancelled, !past.isRunning { return ProjectPipeline.dropped }
        return service.stage(of: state, in: past.instance)
    }

    func stageRows() -> (pipeline: [WeeklyReport.StageRow], total: WeeklyReport.StageRow,
                         paused: WeeklyReport.StageRow, dropped: WeeklyReport.StageRow) {
        var now: [String: (count: Int, investment: Int)] = [:]
        var before: [String: Int] = [:]
        for project in of(mapping.projects.workflow) {
            let investment = Int(project.data[mapping.projects.investment]?.intValue ?? 0)
            if let stage = stage(self.now(project)) {
                now[stage, default: (0, 0)].count += 1
                now[stage, default: (0, 0)].investment += investment
            }
            if let stage = stage(then(project)) { before[stage, default: 0] += 1 }
        }
        func row(_ stage: String) -> WeeklyReport.StageRow {
            let current = now[stage] ?? (0, 0)
            return .init(stage: stage, count: current.count, investment: current.investment,
                         change: current.count - (before[stage] ?? 0))
        }
        let pipeline = ProjectPipeline.stages.map(row)
        let total = WeeklyReport.StageRow(stage: "合计", count: pipeline.reduce(0) { $0 + $1.count },
                                          investment: pipeline.reduce(0) { $0 + $1.investment },
                                          change: pipeline.reduce(0) { $0 + $1.change })
        return (pipeline, total, row(ProjectPipeline.paused), row(ProjectPipeline.dropped))
    }

    // MARK: Permits

    func permitSection() -> WeeklyReport.PermitSection {
        var section = WeeklyReport.PermitSection(red: [], yellow: [], blue: [], dueSoon: [], open: 0, issuedThisWeek: 0)
        let horizon = service.timestamps.format(asOf.addingTimeInterval(7 * 86_400))
        let fields = mapping.permits
        for permit in of(fields.workflow) {
            let past = now(permit)
            if permit.status == .completed && past.finished(after: start) { section.issuedThisWeek += 1 }
            guard past.isRunning else { continue }
            section.open += 1
            for item in past.openItems {
                let line = dueLine(permit, item, title: permit.data[fields.title]?.stringValue ?? item.title,
                                   detail: (permit.data[fields.department]?.stringValue ?? "") + "·" + item.title)
                switch color(item, permit) {
                case .red: section.red.append(line)
                case .yellow: section.yellow.append(line)
                case .blue: section.blue.append(line)
                case .green: if let due = item.due, due <= horizon { section.dueSoon.append(line) }
                }
            }
        }
        for keyPath in [\WeeklyReport.PermitSection.red, \.yellow, \.blue, \.dueSoon] {
            section[keyPath: keyPath].sort { ($0.due, $0.instance) < ($1.due, $1.instance) }
        }
        return section
    }

    func dueLine(_ instance: Instance, _ item: WorkItem, title: String, detail: String) -> WeeklyReport.DueLine {
        let project = instance.data[mapping.projectName]?.stringValue
            ?? instance.data[mapping.projects.name]?.stringValue ?? ""
        return .init(instance: instance.id, project: project, title: title, detail: detail,
                     assignee: name(item.assignee), due: item.due ?? "", color: color(item, instance).rawValue,
                     provisional: item.dueIsProvisional ? true : nil)
    }

    // MARK: Supervision items and difficulties

    func caseSection(_ workflow: String) -> WeeklyReport.CaseSection {
        let field = mapping.cases.owner
        var section = WeeklyReport.CaseSection(new: 0, inProgress: 0, closed: 0, overdue: 0, lines: [])
        var closedLines: [WeeklyReport.CaseLine] = []
        for instance in of(workflow) {
            let past = now(instance)
            guard past.exists else { continue }
            let isNew = past.created(after: start)
            let title = instance.data[mapping.cases.title]?.stringValue ?? instance.id
            let project = instance.data[mapping.projectName]?.stringValue ?? ""
            if past.isRunning {
                if isNew { section.new += 1 } else { section.inProgress += 1 }
                let items = past.openItems
                let worst = items.map { color($0, instance) }.max() ?? .green
                if worst == .red { section.overdue += 1 }
                let item = items.first
                section.lines.append(.init(
                    id: instance.id, title: title, status: isNew ? "新立" : "在办",
                    state: past.state.map { service.stateTitle($0, in: instance) } ?? "",
                    owner: name(item?.assignee ?? instance.data[field]?.stringValue ?? ""),
                    due: item?.due ?? "", color: worst.rawValue, project: project,
                    provisional: item?.dueIsProvisional == true ? true : nil))
            } else if past.finished(after: start) {
                if isNew { section.new += 1 }
                section.closed += 1
                closedLines.append(.init(
                    id: instance.id, title: title, status: "办结", state: instance.outcome ?? "",
                    owner: name(instance.data[field]?.stringValue ?? ""), due: "", color: "", project: project))
            }
        }
        let rank: [String: Int] = ["red": 0, "yellow": 1, "blue": 2, "green": 3]
        section.lines.sort { (rank[$0.color] ?? 4, $0.due, $0.id) < (rank[$1.color] ?? 4, $1.due, $1.id) }
        section.lines += closedLines.sorted { $0.id < $1.id }
        return section
    }

    // MARK: People

    /// Everyone with overdue or lagging open work, or escalated about it this week.
    func behind() -> [WeeklyReport.PersonLine] {
        var lines: [String: WeeklyReport.PersonLine] = [:]
        func line(_ person: String) -> WeeklyReport.PersonLine {
            lines[person] ?? .init(person: person, name: name(person), roles: people.person(person)?.roles ?? [],
                                   red: 0, yellow: 0, escalated: 0, reminders: 0)
        }
        for instance in instances where instance.workflow != mapping.dispatch.workflow {
            for item in now(instance).openItems {
                var entry = line(item.assignee)
                switch color(item, instance) {
                case .red: entry.red += 1
                case .yellow: entry.yellow += 1
                default: break
                }
                entry.reminders += item.reminders
                entry.escalated += item.escalations.filter { $0.at > start && $0.at <= moment }.count
                lines[item.assignee] = entry
            }
        }
        return lines.values.filter { $0.red > 0 || $0.yellow > 0 || $0.escalated > 0 }
            .sorted { ($1.red, $1.yellow, $1.escalated, $0.person) < ($0.red, $0.yellow, $0.escalated, $1.person) }
    }
}
