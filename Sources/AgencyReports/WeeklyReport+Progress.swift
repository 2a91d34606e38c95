import AgencyCalendar
import AgencyJSON
import AgencyService
import Foundation
import WorkflowEngine

/// The liaisons' weekly progress reports (项目进展周报) in the weekly report: each
/// project's report for the week as its 本周进展, and the flags the week's dispatch put
/// on it (本期未提交, 与上期雷同).
///
/// Both are read as they stood at the report's moment, so an old week reads the same
/// later: a report counts once it completed by then (its text never changes after), and
/// the dispatch's marking is written when it starts, which is the report's moment.
extension ReportContext {
    /// Whether a stored date ("2025-03-10") falls in the report's week.
    private func inWeek(_ value: JSONValue?) -> Bool {
        guard let text = value?.stringValue, let day = CivilDate(String(text.prefix(10))) else { return false }
        return ISOWeek(containing: day) == week
    }

    /// Per project: the week's report submitted by the report's moment (the latest, when
    /// there are several).
    func progressReports() -> [String: WeeklyReport.ProgressReport] {
        let fields = mapping.progress
        var found: [String: (at: String, report: WeeklyReport.ProgressReport)] = [:]
        for instance in of(fields.workflow) where instance.status == .completed && inWeek(instance.data[fields.week]) {
            guard let at = now(instance).finishedAt, at <= moment,
                  let project = instance.data[mapping.projectLink]?.stringValue,
                  let text = Self.text(instance.data[fields.text]) else { continue }
            if let earlier = found[project], earlier.at > at { continue }
            let liaison = instance.items.first { $0.status == .done }?.actedBy
                ?? instance.data[mapping.projects.liaison]?.stringValue
            found[project] = (at, .init(id: instance.id, text: text, problems: Self.text(instance.data[fields.problems]),
                                        nextWeek: Self.text(instance.data[fields.nextWeek]),
                                        liaison: liaison.map(name), submittedAt: at))
        }
        return found.mapValues(\.report)
    }

    /// The marking of the week's dispatch (the latest one of the week started by the
    /// report's moment): per project its flag and similarity, and the tally.
    func progressMarking() -> (flags: [String: (flag: String, similarity: Double?)], tally: WeeklyReport.ProgressTally?) {
        let fields = mapping.dispatch
        let dispatch = of(fields.workflow)
            .filter { $0.createdAt <= moment && inWeek($0.data[fields.weekOf]) }
            .max { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        guard let marking = dispatch?.data[fields.progress], let collection = marking["collection"]?.stringValue
        else { return ([:], nil) }
        var flags: [String: (flag: String, similarity: Double?)] = [:]
        let missing = (marking["missing"]?.arrayValue ?? []).compactMap { $0["project"]?.stringValue }
        let similar = (marking["similar"]?.arrayValue ?? []).compactMap { entry -> String? in
            guard let project = entry["project"]?.stringValue else { return nil }
            flags[project] = (WeeklyReport.reportSimilar, entry["similarity"]?.doubleValue)
            return project
        }
        for project in missing { flags[project] = (WeeklyReport.reportMissing, nil) }
        let tally = WeeklyReport.ProgressTally(
            collection: collection, expected: Int(marking["expected"]?.intValue ?? 0),
            submitted: Int(marking["submitted"]?.intValue ?? 0), missing: missing, similar: similar)
        return (flags, tally)
    }

    /// A report's lines as they lead the project's 本周进展.
    static func progressLines(_ report: WeeklyReport.ProgressReport) -> [String] {
        var lines = ["联络员周报（\(report.liaison.map { $0 + " " } ?? "")\(ReportFormatting.day(report.submittedAt))）："
                     + report.text]
        if let problems = report.problems { lines.append("存在问题：" + problems) }
        if let next = report.nextWeek { lines.append("下周计划：" + next) }
        return lines
    }

    /// A text field's value, nil when absent or only blanks.
    private static func text(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty
        else { return nil }
        return text
    }
}
