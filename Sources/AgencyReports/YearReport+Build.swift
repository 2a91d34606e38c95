import AgencyCalendar
import AgencyService
import Foundation
import WorkflowEngine

extension AgencyService {
    /// The headline figures of `period` up to `now` (the store's time: the simulation
    /// clock or the wall clock), read through `mapping`. The rules are `YearReport`'s.
    ///
    /// Throws `YearReportError.emptyStore` when the store has no instance, `.outsideData`
    /// when the period ends before the store's first record or begins after `now`, and
    /// the store's errors when instances cannot be read.
    public func yearReport(_ period: YearPeriod, now: Date, mapping: ReportMapping = .zone) throws -> YearReport {
        let zone = timestamps.timeZone
        let periodStart = period.firstDay.startOfDay(in: zone)
        let periodEnd = period.lastDay.adding(days: 1).startOfDay(in: zone)
        let all = try reportInstances(window: timestamps.format(periodStart), mapping: mapping)
        var earliest = all.compactMap({ timestamps.parse($0.createdAt) }).min()
        if earliest.map({ $0 >= periodEnd }) ?? true {
            // Nothing read began before the period ends: the store's first record decides
            // whether the period is before it (every instance, one at a time).
            try forEachInstance(InstanceFilter()) { instance in
                if let created = timestamps.parse(instance.createdAt), earliest.map({ created < $0 }) ?? true {
                    earliest = created
                }
            }
        }
        guard let first = earliest else { throw YearReportError.emptyStore }
        guard periodEnd > first, periodStart <= now else {
            let firstDay = CivilDate(first, in: zone), today = CivilDate(max(now, first), in: zone)
            throw YearReportError.outsideData(period: period.title, first: firstDay.description,
                                              now: today.description, years: firstDay.year...today.year)
        }
        let end = min(periodEnd, now)
        let enteredBy = min(max(firstDispatchMoment(onOrAfter: period.firstDay, mapping: mapping), periodStart), end)
        let context = YearContext(
            report: ReportContext(service: self, instances: all, week: ISOWeek(containing: CivilDate(end, in: timestamps.timeZone)),
                                  asOf: end, since: periodStart, window: timestamps.format(periodStart), mapping: mapping),
            from: timestamps.format(periodStart), until: timestamps.format(periodEnd),
            opening: timestamps.format(periodStart.addingTimeInterval(-1)), enteredBy: timestamps.format(enteredBy))
        let stages = context.stageRows()
        let permits = context.permits(), supervision = context.cases(mapping.cases.supervision)
        let problems = context.cases(mapping.cases.problem)
        var report = YearReport(
            year: period.year, quarter: period.quarter, title: period.title,
            from: period.firstDay.description, to: period.lastDay.description,
            start: context.report.start, end: context.report.moment, enteredBy: context.enteredBy,
            complete: end == periodEnd,
            stages: stages.pipeline, total: stages.total, paused: stages.paused, dropped: stages.dropped,
            milestones: context.milestones(), permits: permits, supervision: supervision, problems: problems,
            overall: YearContext.sum([permits, supervision, problems]),
            investment: context.investment(lastDay: CivilDate(end.addingTimeInterval(-1), in: zone), period: period),
            headline: "")
        report.headline = report.composeHeadline(period)
        return report
    }
}

/// What one year report is computed from: the weekly report's context with the period's
/// first instant as its `start` and 期末 as its `moment`, and the period's own bounds for
/// what happened in it.
struct YearContext {
    let report: ReportContext
    /// The first day's 00:00 and the day after the last day's, as the store writes times.
    let from: String
    let until: String
    /// The last second before the period (stored times have whole seconds), and its first
    /// weekly dispatch (or the end, if earlier).
    let opening: String
    let enteredBy: String

    var service: AgencyService { report.service }
    var mapping: ReportMapping { report.mapping }

    /// Whether a stored time falls in the period: from its first day, before its end,
    /// not after the report's end.
    func inPeriod(_ stamp: String) -> Bool { stamp >= from && stamp < until && stamp <= report.moment }

    // MARK: Stages

    func stageRows() -> (pipeline: [YearReport.StageRow], total: YearReport.StageRow,
                         paused: YearReport.StageRow, dropped: YearReport.StageRow) {
        var start: [String: (count: Int, investment: Int)] = [:]
        var end: [String: (count: Int, investment: Int)] = [:]
        for project in report.of(mapping.projects.workflow) {
            let investment = Int(project.data[mapping.projects.investment]?.intValue ?? 0)
            if let stage = openingStage(project) {
                start[stage, default: (0, 0)].count += 1
                start[stage, default: (0, 0)].investment += investment
            }
            if let stage = report.stage(report.now(project)) {
                end[stage, default: (0, 0)].count += 1
                end[stage, default: (0, 0)].investment += investment
            }
        }
        func row(_ stage: String, _ start: (count: Int, investment: Int), _ end: (count: Int, investment: Int))
            -> YearReport.StageRow {
            .init(stage: stage, startCount: start.count, startInvestment: start.investment, endCount: end.count,
                  endInvestment: end.investment, change: end.count - start.count,
                  investmentChange: end.investment - start.investment)
        }
        func row(_ stage: String) -> YearReport.StageRow { row(stage, start[stage] ?? (0, 0), end[stage] ?? (0, 0)) }
        let pipeline = ProjectPipeline.stages.map(row)
        let total = row("合计", (pipeline.reduce(0) { $0 + $1.startCount }, pipeline.reduce(0) { $0 + $1.startInvestment }),
                        (pipeline.reduce(0) { $0 + $1.endCount }, pipeline.reduce(0) { $0 + $1.endInvestment }))
        return (pipeline, total, row(ProjectPipeline.paused), row(ProjectPipeline.dropped))
    }

    /// A project's stage at 期初: where it stood just before the period; for a project
    /// entered in the period before its first dispatch, the stage it was entered in; nil
    /// for one entered later (gained in the period, not on the list it started with).
    func openingStage(_ project: Instance) -> String? {
        if project.createdAt < from { return report.stage(PastInstance(instance: project, moment: opening)) }
        guard project.createdAt <= enteredBy else { return nil }
        return report.stage(PastInstance(instance: project, moment: project.createdAt))
    }

    /// The milestones and the pipeline stage each means.
    static let milestones = [("签约", "签约待备案"), ("备案", "登记/注册/备案"), ("开工", "开工"), ("投产", "投产")]

    /// Projects that reached each milestone in the period: the furthest stage they had been
    /// in was before it at the period's start (or when they were entered, if later: a
    /// project imported as signed did not sign in the period) and at or past it by the end.
    /// A project paused or sent back and moving again does not reach a stage twice.
    func milestones() -> [YearReport.Milestone] {
        var reached: [String: [String]] = [:]
        for project in report.of(mapping.projects.workflow).sorted(by: { $0.id < $1.id })
        where project.createdAt <= report.moment {
            let before = furthest(project) { $0 < from || $0 == project.createdAt }
            let after = furthest(project) { $0 <= report.moment && $0 < until }
            let name = project.data[mapping.projects.name]?.stringValue ?? project.id
            for (milestone, stage) in Self.milestones {
                guard let index = ProjectPipeline.stages.firstIndex(of: stage) else { continue }
                if (before ?? -1) < index, (after ?? -1) >= index { reached[milestone, default: []].append(name) }
            }
        }
        return Self.milestones.map { milestone, stage in
            let names = reached[milestone] ?? []
            return .init(milestone: milestone, stage: stage, count: names.count, projects: names)
        }
    }

    /// The furthest pipeline stage (its index) of the path entries whose time passes `keep`.
    func furthest(_ project: Instance, _ keep: (String) -> Bool) -> Int? {
        project.path.filter { keep($0.at) }.compactMap { entry in
            ProjectPipeline.stages.firstIndex(of: service.stage(of: entry.state, in: project))
        }.max()
    }

    // MARK: Permits and cases

    /// Permits started, issued and open. Issued on time: completed by the due time of the
    /// item it waited on (the department's review), as `ServiceStats` counts 按期.
    func permits() -> YearReport.Handling {
        handling(report.of(mapping.permits.workflow)) { past, finished in
            guard let due = past.decidingItem(finished: finished)?.due,
                  let dueDate = service.timestamps.parse(due), let done = service.timestamps.parse(finished)
            else { return true }
            return done <= dueDate
        }
    }

    /// 督办 or 难点堵点 opened, closed and open. Closed on time: no step of it was finished
    /// after its due time (签收, 办理, 反馈 each within its 时限).
    func cases(_ workflow: String) -> YearReport.Handling {
        handling(report.of(workflow)) { past, _ in
            past.instance.items.filter { $0.status != .removed }.allSatisfy { item in
                guard let due = item.due.flatMap(service.timestamps.parse),
                      let closed = past.closedAt(item).flatMap(service.timestamps.parse) else { return true }
                return closed <= due
            }
        }
    }

    /// Counts instances started in the period, completed in it (and of those, on time by
    /// `onTime`), and running at the end. A cancelled instance is not closed.
    func handling(_ instances: [Instance], onTime: (PastInstance, String) -> Bool) -> YearReport.Handling {
        var figures = YearReport.Handling(opened: 0, closed: 0, onTime: 0, onTimeRate: nil, open: 0)
        for instance in instances {
            let past = report.now(instance)
            guard past.exists else { continue }
            if inPeriod(instance.createdAt) { figures.opened += 1 }
            if past.isRunning { figures.open += 1 }
            if instance.status == .completed, let finished = past.finishedAt, inPeriod(finished) {
                figures.closed += 1
                if onTime(past, finished) { figures.onTime += 1 }
            }
        }
        figures.onTimeRate = StatsFigures.ratio(figures.onTime, figures.closed)
        return figures
    }

    /// Several kinds of handling added up, with their joint rate.
    static func sum(_ parts: [YearReport.Handling]) -> YearReport.Handling {
        var total = YearReport.Handling(opened: 0, closed: 0, onTime: 0, onTimeRate: nil, open: 0)
        for part in parts {
            total.opened += part.opened
            total.closed += part.closed
            total.onTime += part.onTime
            total.open += part.open
        }
        total.onTimeRate = StatsFigures.ratio(total.onTime, total.closed)
        return total
    }
}
