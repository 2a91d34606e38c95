import AgencyCalendar

/// The zone's headline figures for a year or a quarter (年度/季度成效) as data: what
/// `agency report year` prints in each format, and what `--format json` writes (keys
/// sorted; Docs/workflows.md, "The year's headline figures").
///
/// The seed reports a zone's year in one paragraph: 重点谋划项目29个，总投资54.7亿元, the
/// projects by stage, 解决难点堵点问题10余个，帮助企业办理手续30余项. This is that paragraph's
/// numbers, each counted from the store, and the tables behind them. The rules (the
/// computation is in `YearReport+Build.swift`):
/// - **期初** (`start`): the pipeline at the period's first day's 00:00, and with it the
///   projects entered (imported) before the period's first weekly dispatch (`enteredBy`:
///   Monday 09:00 of the first week whose Monday lies in the period), at the stage they
///   were entered in. The zone draws up the year's project list (项目谋划清单) at the turn
///   of the year and enters it before that first meeting; those projects are the list the
///   period starts with, not projects gained in it. So one quarter's 期末 is the next
///   one's 期初, plus such entries.
/// - **期末** (`end`): the end of the period's last day, or the store's time when that is
///   earlier (截至目前).
/// - Everything **in the period** (permits issued, cases opened and closed, projects that
///   reached a stage) happened at or after the first day's 00:00, before the period's end
///   and not after `end`, so the four quarters add up to the year.
/// - Investment is in 万元 (亿元 when shown), read from the projects' current data.
public struct YearReport: Codable, Sendable, Equatable {
    /// One stage at the start and at the end of the period.
    public struct StageRow: Codable, Sendable, Equatable {
        public var stage: String
        public var startCount: Int
        /// 万元.
        public var startInvestment: Int
        public var endCount: Int
        public var endInvestment: Int
        /// `endCount - startCount`, and the same for investment.
        public var change: Int
        public var investmentChange: Int
    }

    /// Projects that reached a stage in the period: 签约 is reaching 签约待备案, 备案
    /// 登记/注册/备案, then 开工 and 投产.
    public struct Milestone: Codable, Sendable, Equatable {
        /// 签约, 备案, 开工 or 投产.
        public var milestone: String
        /// The pipeline stage reaching it means.
        public var stage: String
        public var count: Int
        /// The projects by name, in id order.
        public var projects: [String]
    }

    /// Permits (手续), supervision items (督办) or difficulties (难点堵点) in the period.
    public struct Handling: Codable, Sendable, Equatable {
        /// Started in the period.
        public var opened: Int
        /// Completed in the period (permits: issued; difficulties: resolved).
        public var closed: Int
        /// Of `closed`, those done on time (the rule per kind is in `YearReport+Build.swift`).
        public var onTime: Int
        /// `onTime / closed`, 0…1 to 4 decimals; absent when nothing was closed.
        public var onTimeRate: Double?
        /// Still open at `end`.
        public var open: Int
    }

    /// One month's planned and completed investment (万元), over every project that has them.
    public struct InvestmentMonth: Codable, Sendable, Equatable {
        /// "2025-01".
        public var month: String
        public var planned: Double
        public var done: Double
        /// `done / planned` to 4 decimals; absent when nothing was planned.
        public var rate: Double?
    }

    /// 计划投资 and 完成投资 in the period's months, from the projects' `investment_plan`
    /// and `investment_done` (万元 by month).
    public struct Investment: Codable, Sendable, Equatable {
        /// Projects with at least one month of plan or completion.
        public var projects: Int
        /// The period's months up to the one `end` falls in.
        public var months: [InvestmentMonth]
        public var planned: Double
        public var done: Double
        public var rate: Double?
    }

    public var year: Int
    /// 1…4, absent for the whole year.
    public var quarter: Int?
    /// "2025年" or "2025年第一季度".
    public var title: String
    /// The period's first and last day ("2025-01-01", "2025-03-31").
    public var from: String
    public var to: String
    /// 期初 and 期末, as the store writes times.
    public var start: String
    public var end: String
    /// The period's first weekly dispatch: projects entered before it count at 期初.
    public var enteredBy: String
    /// Whether `end` is the end of the period (false: cut at the store's time).
    public var complete: Bool
    /// The pipeline's stages in order, then their total, then 暂缓 and 终止 beside it.
    public var stages: [StageRow]
    public var total: StageRow
    public var paused: StageRow
    public var dropped: StageRow
    public var milestones: [Milestone]
    /// 帮助企业办理手续: permits issued in the period.
    public var permits: Handling
    public var supervision: Handling
    public var problems: Handling
    /// The three together: 按期办结率 over everything closed in the period.
    public var overall: Handling
    /// Absent when no project carries a plan or completion by month.
    public var investment: Investment?
    /// One paragraph in the seed's style, built from the figures above.
    public var headline: String
}

/// A year or one of its quarters.
public struct YearPeriod: Sendable, Equatable {
    public let year: Int
    public let quarter: Int?
    /// The first and the last day of the period.
    public let firstDay: CivilDate
    public let lastDay: CivilDate

    /// Refuses a quarter outside 1…4 and a year a calendar date cannot have.
    public init(year: Int, quarter: Int? = nil) throws(YearReportError) {
        if let quarter, !(1...4).contains(quarter) { throw .quarter(quarter) }
        let lastMonth = quarter.map { 3 * $0 } ?? 12
        guard CivilDate.supportedYears.contains(year),
              let first = CivilDate(year: year, month: quarter.map { 3 * $0 - 2 } ?? 1, day: 1),
              let last = CivilDate(year: year, month: lastMonth, day: CivilDate.daysIn(month: lastMonth, year: year))
        else { throw .year(year) }
        self.year = year
        self.quarter = quarter
        self.firstDay = first
        self.lastDay = last
    }

    /// "2025年", "2025年第一季度".
    public var title: String {
        guard let quarter else { return "\(year)年" }
        return "\(year)年第" + ["一", "二", "三", "四"][quarter - 1] + "季度"
    }

    /// "本年" or "本季度", for sentences about the period itself.
    var within: String { quarter == nil ? "本年" : "本季度" }
}

/// A period the year report cannot be made for.
public enum YearReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A quarter outside 1…4.
    case quarter(Int)
    /// A year outside 1…9999.
    case year(Int)
    /// The store holds no instance at all.
    case emptyStore
    /// The period ends before the store's first record (`first`, a day), or begins after
    /// its current time (`now`, a day): the years that have data are `years`.
    case outsideData(period: String, first: String, now: String, years: ClosedRange<Int>)

    public var description: String {
        switch self {
        case .quarter(let quarter):
            return "--quarter \(quarter): a quarter is 1, 2, 3 or 4 (1 = January to March)"
        case .year(let year):
            return "--year \(year): a year is written with four digits, e.g. 2025"
        case .emptyStore:
            return "the store has no instances yet, so no year has figures: import the projects first "
                + "(agency import projects) or run agency demo"
        case let .outsideData(period, first, now, years):
            let span = years.lowerBound == years.upperBound ? "\(years.lowerBound)" : "\(years.lowerBound) to \(years.upperBound)"
            return "\(period) is outside the store's data, which runs from \(first) to \(now) (the store's time); "
                + "ask for --year \(span)"
        }
    }
}
