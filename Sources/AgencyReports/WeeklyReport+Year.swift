import AgencyCalendar
import AgencyService
import Foundation
import WorkflowEngine

extension AgencyService {
    /// The moment a year's stage counts are compared with (较年初): the dispatch of the
    /// first week whose Monday falls in the year.
    public func yearStartMoment(_ year: Int, mapping: ReportMapping = .zone) -> Date {
        guard let january = CivilDate(year: year, month: 1, day: 1) else { return Date(timeIntervalSince1970: 0) }
        return firstDispatchMoment(onOrAfter: january, mapping: mapping)
    }

    /// When the dispatch of the first week whose Monday is `day` or later ran: the
    /// baseline a period starting on `day` compares its stages with (期初, 较年初). The
    /// zone enters a year's project list before that first meeting.
    public func firstDispatchMoment(onOrAfter day: CivilDate, mapping: ReportMapping = .zone) -> Date {
        var monday = day
        while monday.weekday != 1 { monday = monday.adding(days: 1) }
        return reportMoment(ISOWeek(containing: monday), mapping: mapping)
    }
}

extension ReportContext {
    /// The year of `asOf` so far: permits issued, difficulties resolved, supervision closed,
    /// deadlines kept; and each stage's count against the year's first dispatch.
    func yearToDate(stages: inout [WeeklyReport.StageRow], total: inout WeeklyReport.StageRow) -> WeeklyReport.YearToDate {
        let timeZone = service.timestamps.timeZone
        let year = CivilDate(asOf, in: timeZone).year
        let january = (CivilDate(year: year, month: 1, day: 1) ?? CivilDate(asOf, in: timeZone)).startOfDay(in: timeZone)
        let from = service.timestamps.format(january)
        let stagesSince = min(service.yearStartMoment(year, mapping: mapping), asOf)
        let sinceText = service.timestamps.format(stagesSince)
        var before: [String: Int] = [:]
        for project in of(mapping.projects.workflow) {
            if let stage = stage(PastInstance(instance: project, moment: sinceText)) { before[stage, default: 0] += 1 }
        }
        for index in stages.indices { stages[index].sinceYearStart = stages[index].count - (before[stages[index].stage] ?? 0) }
        total.sinceYearStart = stages.reduce(0) { $0 + ($1.sinceYearStart ?? 0) }
        func finished(_ workflow: String) -> Int {
            of(workflow).filter { $0.status == .completed && now($0).finished(after: from) }.count
        }
        var done = 0, onTime = 0
        for instance in instances {
            for item in instance.items where item.status == .done {
                guard let due = item.due, let acted = item.actedAt, acted > from, acted <= moment else { continue }
                done += 1
                if acted <= due { onTime += 1 }
            }
        }
        return .init(year: year, stagesSince: sinceText, permitsIssued: finished(mapping.permits.workflow),
                     problemsResolved: finished(mapping.cases.problem), supervisionClosed: finished(mapping.cases.supervision),
                     itemsDone: done, itemsOnTime: onTime)
    }
}
