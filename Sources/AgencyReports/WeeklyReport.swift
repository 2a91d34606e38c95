/// The weekly dispatch report (周报告) as data: what `agency report weekly` prints in
/// each format, and what `--format json` writes (keys sorted; the shape is documented
/// in Docs/workflows.md).
///
/// A week's report is what the Monday dispatch meeting (周调度) looks at: the store as
/// it stood when that week's dispatch ran (`asOf`), and what changed since the previous
/// week's dispatch (`since`). Investment is in 万元.
public struct WeeklyReport: Codable, Sendable, Equatable {
    /// Projects and investment in one stage.
    public struct StageRow: Codable, Sendable, Equatable {
        public var stage: String
        public var count: Int
        /// 万元.
        public var investment: Int
        /// Change of `count` since the previous week.
        public var change: Int
        /// Change of `count` since the year's first dispatch (较年初); absent in reports
        /// written before it was kept.
        public var sinceYearStart: Int? = nil
    }

    /// One project: where it stands, what moved this week, and what comes next.
    public struct ProjectLine: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var enterprise: String
        public var sector: String
        public var stage: String
        /// The title of the state it is in ("重点意向·转入成熟待签约审批").
        public var state: String
        public var investment: Int
        public var leader: String
        public var agent: String
        /// The 联络员, by name; absent in reports written before it was kept.
        public var liaison: String? = nil
        /// What happened this week, one line each; empty: no progress.
        public var progress: [String]
        public var nextStep: String
        /// Flagged: active in the pipeline but nothing moved since last week.
        public var noProgress: Bool
        /// The worst colour of its open work (its own tasks and its permits).
        public var color: String
        /// Permits of its plans: issued so far, and in all.
        public var permitsIssued: Int
        public var permitsTotal: Int
        /// The 联络员's progress report (项目进展周报) for the week, when one was submitted
        /// by the report's moment; its lines also lead `progress`. Absent otherwise, and in
        /// reports written before it was kept.
        public var report: ProgressReport? = nil
        /// `本期未提交` or `与上期雷同`, as the week's dispatch marked the project; absent when
        /// it marked nothing (or the week had no marking).
        public var reportFlag: String? = nil
        /// With `与上期雷同`: how similar the text is to last period's (0…1, two decimals).
        public var reportSimilarity: Double? = nil
    }

    /// A liaison's weekly progress report (项目进展周报) on one project.
    public struct ProgressReport: Codable, Sendable, Equatable {
        /// The report's instance.
        public var id: String
        /// 本周进展, 存在问题 and 下周计划 as submitted.
        public var text: String
        public var problems: String? = nil
        public var nextWeek: String? = nil
        /// Who submitted it (by name), and when.
        public var liaison: String? = nil
        public var submittedAt: String
    }

    /// How the week's progress reports stood when its dispatch marked them: the collection
    /// it read, how many were expected and submitted, and the projects it flagged.
    public struct ProgressTally: Codable, Sendable, Equatable {
        public var collection: String
        public var expected: Int
        public var submitted: Int
        /// Project ids marked 本期未提交 and 与上期雷同.
        public var missing: [String]
        public var similar: [String]
    }

    /// A permit or another item with a due time.
    public struct DueLine: Codable, Sendable, Equatable {
        public var instance: String
        public var project: String
        public var title: String
        /// 办理部门 for permits; the state's title otherwise.
        public var detail: String
        public var assignee: String
        public var due: String
        public var color: String
        /// True when `due` was counted through a year whose holiday arrangement was not
        /// published yet (shown 暂定); absent otherwise.
        public var provisional: Bool? = nil
    }

    /// Permits open at the report's time, by colour.
    public struct PermitSection: Codable, Sendable, Equatable {
        public var red: [DueLine]
        public var yellow: [DueLine]
        public var blue: [DueLine]
        /// Green, due within the coming week.
        public var dueSoon: [DueLine]
        public var open: Int
        public var issuedThisWeek: Int
    }

    /// Supervision items (督办事项) or difficulties (难点堵点).
    public struct CaseSection: Codable, Sendable, Equatable {
        public var new: Int
        /// Open at the report's time and older than this week.
        public var inProgress: Int
        public var closed: Int
        /// Open and past their due time.
        public var overdue: Int
        /// Open ones, worst colour first, then those closed this week.
        public var lines: [CaseLine]
    }

    public struct CaseLine: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        /// 新立, 在办 or 办结 (this week).
        public var status: String
        public var state: String
        public var owner: String
        public var due: String
        public var color: String
        public var project: String
        /// As in `DueLine`.
        public var provisional: Bool? = nil
    }

    /// Someone with overdue or lagging work.
    public struct PersonLine: Codable, Sendable, Equatable {
        public var person: String
        public var name: String
        public var roles: [String]
        /// Open items past due (red) and lagging (yellow).
        public var red: Int
        public var yellow: Int
        /// 督办 this week about their items.
        public var escalated: Int
        /// 催办 so far on their open items.
        public var reminders: Int
    }

    /// The year so far, as the seed counts its headline (帮助企业办理手续 30 余项、解决难点
    /// 堵点问题 10 余个): from 1 January of the report's year to `asOf`.
    public struct YearToDate: Codable, Sendable, Equatable {
        public var year: Int
        /// The moment the year's stage counts are compared with (its first dispatch).
        public var stagesSince: String
        /// Permits issued (办结), 难点堵点 resolved and 督办 items closed this year.
        public var permitsIssued: Int
        public var problemsResolved: Int
        public var supervisionClosed: Int
        /// Work items with a deadline finished this year, and those finished by it.
        public var itemsDone: Int
        public var itemsOnTime: Int
    }

    public var week: String
    public var monday: String
    /// The moment the report describes, and the start of the week it covers.
    public var asOf: String
    public var since: String
    /// The pipeline's stages in order, then the total of the projects in them.
    public var stages: [StageRow]
    public var total: StageRow
    public var paused: StageRow
    public var dropped: StageRow
    public var projects: [ProjectLine]
    public var permits: PermitSection
    public var supervision: CaseSection
    public var problems: CaseSection
    public var behind: [PersonLine]
    /// Notes for the meeting about the data itself: the calendar's declared holidays run
    /// out within 60 days, so deadlines beyond are provisional. Absent when none.
    public var warnings: [String]? = nil
    /// The seal (本周存证码) over every journal head as of `asOf`, when the command that
    /// printed the report computed one (`JournalSeal`); absent otherwise.
    public var seal: String? = nil
    /// The report's moment when it is not the week's dispatch (a report printed before it,
    /// or with `--now`), for `agency verify --seal … --as-of`: without a seal record (an
    /// unsigned store) the check would otherwise take the heads at the dispatch. Absent
    /// when the moment is the dispatch.
    public var sealAsOf: String? = nil
    /// The year so far; absent in reports written before it was kept.
    public var yearToDate: YearToDate? = nil
    /// The liaisons' progress reports as the week's dispatch marked them; absent when it
    /// marked none (no collection that week), and in reports written before it was kept.
    public var progressReports: ProgressTally? = nil
    /// Projects under construction with their planned and completed investment
    /// (在建项目投资); absent when no project has any, and in older reports.
    public var investment: [InvestmentLine]? = nil
    /// Projects with a 专班 or 一企一策 measures; absent when none, and in older reports.
    public var teams: [TeamLine]? = nil

    /// Ids of the projects flagged for no progress.
    public var stalled: [String] { projects.filter(\.noProgress).map(\.id) }

    /// The flags the dispatch puts on a project's progress report.
    public static let reportMissing = "本期未提交", reportSimilar = "与上期雷同"

    /// Project lines whose report the week's dispatch flagged 本期未提交, and 与上期雷同.
    public var reportsMissing: [ProjectLine] { projects.filter { $0.reportFlag == Self.reportMissing } }
    public var reportsSimilar: [ProjectLine] { projects.filter { $0.reportFlag == Self.reportSimilar } }
}
