import AgencyCalendar

/// Service statistics (办件时效): how many permits were handled in a span of days, how
/// many on time, how long they took against their statutory limit, how often they were
/// chased, and what is still open; by group, in total and week by week. What `agency
/// report stats` prints in each format, and what `--format json` writes (keys sorted,
/// every key always present, `null` where a figure has no value; Docs/workflows.md,
/// "办件时效统计").
///
/// The rules (the computation is in `ServiceStats+Build.swift`):
/// - **Handled** (办结): a permit instance (`ReportMapping.permits.workflow`) that
///   completed at a moment in [`from` 00:00, `to` + 1 day 00:00) in the store's time
///   zone, and not after `asOf`. A cancelled permit is not handled.
/// - **Its deciding item**: the work item it waited on when it completed, closed at that
///   moment (for `permit`, the department's review 部门审批, opened by the last submission,
///   so a 补正 restarts it); the last item done when none was.
/// - **On time** (按期): completed at or before that item's due time; an item without a
///   due time cannot be late.
/// - **Working days taken** (用时): working days by the store's calendar from the day after
///   the item opened to the day the permit completed, both included, the way a statutory
///   limit counts (the first day is not counted): opened Monday, issued Tuesday is 1.
///   So a permit is on time exactly when its days taken are at most its limit.
/// - **Median** (中位数) of an even count is the mean of the two middle values; the
///   **90th percentile** (P90) is by nearest rank (the ⌈0.9·n⌉-th smallest).
/// - **Limit** (法定时限): the permits' `limit` field in working days; for a group, the
///   median of its handled permits' limits (the permit's own limit when grouped by
///   permit), or of its open ones' when none was handled. **Median to limit** (用时占时限)
///   is the median days taken divided by that limit.
/// - **催办** counts the ladder's reminders and the applicant's urges on the handled
///   permits' items; **督办** their escalations (every level).
/// - **Open** (在办): permits that exist and are not finished at `asOf`; **overdue** (超期)
///   those of them with an open item whose due time is at or before `asOf`.
/// - `asOf` is the end of `to` (the next day's 00:00), or the store's current time
///   when that is earlier (then nothing after it is counted, and a range that starts
///   later has nothing handled and the permits open now).
public struct ServiceStats: Codable, Sendable, Equatable {
    /// What the rows are: one per permit name, department, agent or responsible leader.
    public enum Grouping: String, CaseIterable, Codable, Sendable {
        /// The permit's name (data `item`).
        case permit
        /// The issuing department (data `department`).
        case department
        /// The assignee of the permit's deciding item (open: of its open item), by name.
        case agent
        /// The 包联领导 of the permit's project (the root of its id, `P19` for
        /// `P19.c31.c6`; else its `project` link; else its own `leader` field), by name.
        case leader

        /// The column header in Chinese.
        public var title: String {
            switch self {
            case .permit: return "手续事项"
            case .department: return "办理部门"
            case .agent: return "代办员"
            case .leader: return "包联领导"
            }
        }
    }

    /// One group's figures (or the totals).
    public struct Row: Codable, Sendable, Equatable {
        /// The name shown: a permit's name, a department, or a person's name;
        /// "（未填写）" when the permit does not say; "合计" for the totals.
        public var group: String
        public var handled: Int
        public var onTime: Int
        /// `onTime / handled`, 0…1 rounded to 4 decimals; null with nothing handled.
        public var onTimeRate: Double?
        /// Working days taken: median and 90th percentile; null with nothing handled.
        public var medianDays: Double?
        public var p90Days: Double?
        /// The statutory limit in working days; null when no permit of the group has one.
        public var limitDays: Double?
        /// `medianDays / limitDays`, rounded to 4 decimals; null when either is.
        public var medianToLimit: Double?
        /// 催办 and 督办 on the handled permits.
        public var reminders: Int
        public var escalations: Int
        /// Open at `asOf`, and how many of those are overdue.
        public var open: Int
        public var overdue: Int

        enum CodingKeys: String, CodingKey {
            case group, handled, onTime, onTimeRate, medianDays, p90Days, limitDays, medianToLimit
            case reminders, escalations, open, overdue
        }

        /// Every key always, `null` for a figure without a value.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(group, forKey: .group)
            try container.encode(handled, forKey: .handled)
            try container.encode(onTime, forKey: .onTime)
            try container.encode(onTimeRate, forKey: .onTimeRate)
            try container.encode(medianDays, forKey: .medianDays)
            try container.encode(p90Days, forKey: .p90Days)
            try container.encode(limitDays, forKey: .limitDays)
            try container.encode(medianToLimit, forKey: .medianToLimit)
            try container.encode(reminders, forKey: .reminders)
            try container.encode(escalations, forKey: .escalations)
            try container.encode(open, forKey: .open)
            try container.encode(overdue, forKey: .overdue)
        }
    }

    /// One ISO week of the range: its permits handled and on time. The first and last
    /// weeks are cut to the range (`from`, `to` are the days of the week inside it).
    public struct Week: Codable, Sendable, Equatable {
        /// "2025-W03".
        public var week: String
        public var from: String
        public var to: String
        public var handled: Int
        public var onTime: Int
        /// As in `Row`; null with nothing handled that week.
        public var onTimeRate: Double?

        enum CodingKeys: String, CodingKey { case week, from, to, handled, onTime, onTimeRate }

        /// Every key always, `null` for a rate without a value.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(week, forKey: .week)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try container.encode(handled, forKey: .handled)
            try container.encode(onTime, forKey: .onTime)
            try container.encode(onTimeRate, forKey: .onTimeRate)
        }
    }

    /// The range's first and last day ("2025-01-06"), `to` included.
    public var from: String
    public var to: String
    public var by: Grouping
    /// The permit workflow counted.
    public var workflow: String
    /// The moment open and overdue permits are counted at, as the store writes times.
    public var asOf: String
    /// Groups with permits handled in the range or open at `asOf`: most handled first,
    /// then most open, then by name.
    public var rows: [Row]
    public var total: Row
    /// Every ISO week that meets the range, in order.
    public var weeks: [Week]
    /// Investment of the range's months by 包联领导, then 合计; empty when no project
    /// reported any (`ServiceStats+Investment.swift`).
    public var investment: [InvestmentRow] = []

    /// Whether no permit was handled in the range.
    public var isEmpty: Bool { total.handled == 0 }
}

/// A range `ServiceStats` cannot be computed for.
public enum ServiceStatsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The first day is after the last.
    case reversedRange(from: CivilDate, to: CivilDate)
    /// Working days could not be counted for a permit (its days are in a year the
    /// calendar does not answer for, in a strict store).
    case calendar(instance: String, problem: String)

    public var description: String {
        switch self {
        case let .reversedRange(from, to):
            return "the range starts on \(from), after its last day \(to)"
        case let .calendar(instance, problem):
            return "cannot count the working days \(instance) took: \(problem)"
        }
    }
}
