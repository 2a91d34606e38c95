import AgencyCalendar
import AgencyJSON
import Foundation

extension YearContext {
    /// 计划投资 and 完成投资 of the period's months up to `lastDay` (the day the report's
    /// end falls in), summed over the projects that exist at the end; nil when none of
    /// them carries a plan or a completion by month. Read from the projects' current data,
    /// so a completion reported late still counts in its month.
    func investment(lastDay: CivilDate, period: YearPeriod) -> YearReport.Investment? {
        var planned: [String: Double] = [:], done: [String: Double] = [:]
        var projects = 0
        for project in report.of(mapping.projects.workflow) where project.createdAt <= report.moment {
            let plan = MonthlyAmounts.read(project.data[mapping.projects.investmentPlan])
            let completed = MonthlyAmounts.read(project.data[mapping.projects.investmentDone])
            guard !plan.isEmpty || !completed.isEmpty else { continue }
            projects += 1
            for (month, amount) in plan { planned[month, default: 0] += amount }
            for (month, amount) in completed { done[month, default: 0] += amount }
        }
        guard projects > 0 else { return nil }
        // Whole months only: a month's completion is reported at its end.
        let until = min(lastDay, period.lastDay)
        let whole = until.adding(days: 1).day == 1 ? until : until.adding(days: -until.day)
        let months = MonthlyAmounts.months(from: period.firstDay, through: whole).map { month in
            let plan = MonthlyAmounts.rounded(planned[month] ?? 0), actual = MonthlyAmounts.rounded(done[month] ?? 0)
            return YearReport.InvestmentMonth(month: month, planned: plan, done: actual,
                                              rate: MonthlyAmounts.ratio(actual, plan))
        }
        guard !months.isEmpty else { return nil }  // no whole month of the period has passed
        let plan = MonthlyAmounts.rounded(months.reduce(0) { $0 + $1.planned })
        let actual = MonthlyAmounts.rounded(months.reduce(0) { $0 + $1.done })
        return .init(projects: projects, months: months, planned: plan, done: actual,
                     rate: MonthlyAmounts.ratio(actual, plan))
    }
}

/// A project's amounts by month, as its data keeps them: an object `"YYYY-MM"` → 万元.
/// Read defensively, since the fields are filled in by hand: a missing field or one that
/// is not an object reads as nothing; a key that is not a month, or a value that is not a
/// finite number of at least 0, is skipped.
enum MonthlyAmounts {
    static func read(_ value: JSONValue?) -> [String: Double] {
        guard let members = value?.objectValue else { return [:] }
        var amounts: [String: Double] = [:]
        for (key, amount) in members {
            guard isMonth(key), let number = amount.doubleValue, number.isFinite, number >= 0 else { continue }
            amounts[key] = number
        }
        return amounts
    }

    /// "2025-01" … "2025-12": four digits, a dash, a month 01–12.
    static func isMonth(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let month = Int(parts[1]) else { return false }
        return (1...12).contains(month)
    }

    /// The months from `first`'s through `last`'s, as "YYYY-MM"; none when `last` is earlier.
    static func months(from first: CivilDate, through last: CivilDate) -> [String] {
        var result: [String] = []
        var (year, month) = (first.year, first.month)
        while (year, month) <= (last.year, last.month) {
            result.append(String(format: "%04d-%02d", year, month))
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        return result
    }

    /// 万元 to two decimals, so sums of hand-entered amounts print as entered.
    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// `part / whole` to 4 decimals; nil when nothing was planned.
    static func ratio(_ part: Double, _ whole: Double) -> Double? {
        whole > 0 ? (part / whole * 10_000).rounded() / 10_000 : nil
    }
}
