import AgencyCalendar
import AgencyService
import Foundation
import WorkflowEngine

extension AgencyService {
    /// The service statistics (办件时效) of the permits handled from `from` to `to`
    /// (both included, days in the store's time zone), grouped `by`, with open permits
    /// counted at the end of `to` or at `now` when that is earlier. The rules are
    /// `ServiceStats`'s. Throws `ServiceStatsError.reversedRange` when `from` is after
    /// `to`, `.calendar` when a permit's working days cannot be counted, and the store's
    /// errors when instances cannot be read.
    public func serviceStats(from: CivilDate, to: CivilDate, by grouping: ServiceStats.Grouping,
                             now: Date? = nil, mapping: ReportMapping = .zone) throws -> ServiceStats {
        guard from <= to else { throw ServiceStatsError.reversedRange(from: from, to: to) }
        let zone = timestamps.timeZone
        let start = from.startOfDay(in: zone)
        let end = to.adding(days: 1).startOfDay(in: zone)
        let asOf = now.map { min($0, end) } ?? end
        var context = StatsContext(service: self, mapping: mapping, grouping: grouping,
                                   asOf: asOf, moment: timestamps.format(asOf))
        // A permit finished before the range was not handled in it (nor open at its end).
        let handled = InstanceFilter(workflow: mapping.permits.workflow, activeSince: timestamps.format(start))
        for permit in ReportContext.counted(try list(handled)) {
            try context.add(permit, handledIn: start..<end)
        }
        var rows = context.groups.map { name, figures in figures.row(name) }
        rows.sort { ($1.handled, $1.open, $0.group) < ($0.handled, $0.open, $1.group) }
        let all = context.groups.values.reduce(into: StatsFigures()) { $0.merge($1) }
        return ServiceStats(from: from.description, to: to.description, by: grouping,
                            workflow: mapping.permits.workflow, asOf: context.moment,
                            rows: rows, total: all.row("合计"), weeks: context.weeks(from: from, to: to),
                            investment: try investmentRows(from: from, to: to, mapping: mapping))
    }
}

/// What one statistics run collects, permit by permit.
struct StatsContext {
    let service: AgencyService
    let mapping: ReportMapping
    let grouping: ServiceStats.Grouping
    let asOf: Date
    /// `asOf` as the store writes times, for comparing with stored times.
    let moment: String
    var groups: [String: StatsFigures] = [:]
    /// Handled permits by the Monday of their week: (handled, on time).
    var byWeek: [CivilDate: (handled: Int, onTime: Int)] = [:]
    /// Root project instances already read (nil: none, or unreadable).
    var projects: [String: Instance?] = [:]

    static let unnamed = "（未填写）"

    init(service: AgencyService, mapping: ReportMapping, grouping: ServiceStats.Grouping, asOf: Date, moment: String) {
        self.service = service
        self.mapping = mapping
        self.grouping = grouping
        self.asOf = asOf
        self.moment = moment
    }

    var zone: TimeZone { service.timestamps.timeZone }

    /// Counts `permit` as handled when it completed within `range` and not after `asOf`,
    /// and as open when it is running at `asOf`.
    mutating func add(_ permit: Instance, handledIn range: Range<Date>) throws {
        let past = PastInstance(instance: permit, moment: moment)
        let limit = permit.data[mapping.permits.limit]?.intValue.map(Int.init)
        if permit.status == .completed, let finishedText = past.finishedAt,
           let finished = service.timestamps.parse(finishedText), range.contains(finished), finished <= asOf {
            let item = past.decidingItem(finished: finishedText)
            let due = item?.due.flatMap(service.timestamps.parse)
            let onTime = due.map { finished <= $0 } ?? true
            var sample = HandledPermit(onTime: onTime, days: try days(permit, item: item, finished: finished),
                                       limit: limit)
            for item in permit.items {
                sample.reminders += item.reminders + item.history.filter { $0.action == "urge" }.count
                sample.escalations += item.escalations.count
            }
            let key = group(of: permit, item: item)
            groups[key, default: StatsFigures()].handled.append(sample)
            let monday = ISOWeek(containing: CivilDate(finished, in: zone)).monday
            byWeek[monday, default: (0, 0)].handled += 1
            if onTime { byWeek[monday, default: (0, 0)].onTime += 1 }
        } else if past.isRunning {
            let items = past.openItems
            let overdue = items.contains { item in
                item.due.flatMap(service.timestamps.parse).map { $0 <= asOf } ?? false
            }
            let key = group(of: permit, item: items.first)
            groups[key, default: StatsFigures()].open += 1
            if overdue { groups[key, default: StatsFigures()].overdue += 1 }
            if let limit { groups[key, default: StatsFigures()].openLimits.append(limit) }
        }
    }

    /// Working days from the day after `item` opened (the permit's start without one) to
    /// the day it finished.
    func days(_ permit: Instance, item: WorkItem?, finished: Date) throws -> Int {
        guard let opened = service.timestamps.parse(item?.createdAt ?? permit.createdAt) else { return 0 }
        let first = CivilDate(opened, in: zone).adding(days: 1)
        do {
            return try service.engine.calendar.countWorkdays(from: first, to: CivilDate(finished, in: zone))
        } catch {
            throw ServiceStatsError.calendar(instance: permit.id, problem: "\(error)")
        }
    }

    /// The name of the group `permit` belongs to; `item` is its deciding or open item.
    mutating func group(of permit: Instance, item: WorkItem?) -> String {
        let text: String?
        switch grouping {
        case .permit: text = permit.data[mapping.permits.title]?.stringValue
        case .department: text = permit.data[mapping.permits.department]?.stringValue
        case .agent: text = (item?.assignee ?? permit.data[mapping.projects.agent]?.stringValue).map(name)
        case .leader: text = leader(of: permit).map(name)
        }
        guard let text, !text.isEmpty else { return Self.unnamed }
        return text
    }

    /// The 包联领导's person id: the root project's (`P19` for `P19.c31.c6`), else that of
    /// the project the permit links to, else the permit's own `leader` field.
    mutating func leader(of permit: Instance) -> String? {
        let field = mapping.projects.leader
        var candidates: [String] = []
        if let root = permit.id.split(separator: ".").first.map(String.init), root != permit.id {
            candidates.append(root)
        }
        if let link = permit.data[mapping.projectLink]?.stringValue { candidates.append(link) }
        for id in candidates {
            if projects[id] == nil { projects[id] = .some(try? service.instance(id)) }
            if let project = projects[id] ?? nil, let leader = project.data[field]?.stringValue, !leader.isEmpty {
                return leader
            }
        }
        return permit.data[field]?.stringValue
    }

    /// A person's name from the directory (the id itself only for someone not in it).
    func name(_ person: String) -> String { service.engine.people.person(person)?.name ?? person }

    /// Every ISO week meeting [from, to], cut to the range.
    func weeks(from: CivilDate, to: CivilDate) -> [ServiceStats.Week] {
        var result: [ServiceStats.Week] = []
        var week = ISOWeek(containing: from)
        while week.monday <= to {
            let counts = byWeek[week.monday] ?? (0, 0)
            result.append(.init(week: week.description, from: max(week.monday, from).description,
                                to: min(week.monday.adding(days: 6), to).description, handled: counts.handled,
                                onTime: counts.onTime, onTimeRate: StatsFigures.ratio(counts.onTime, counts.handled)))
            week = ISOWeek(containing: week.monday.adding(days: 7))
        }
        return result
    }
}

/// One handled permit's figures.
struct HandledPermit {
    var onTime: Bool
    var days: Int
    var limit: Int?
    var reminders = 0
    var escalations = 0
}

/// A group's permits: those handled, and the open ones counted.
struct StatsFigures {
    var handled: [HandledPermit] = []
    var open = 0
    var overdue = 0
    /// The open permits' limits, used when none was handled.
    var openLimits: [Int] = []

    mutating func merge(_ other: StatsFigures) {
        handled += other.handled
        open += other.open
        overdue += other.overdue
        openLimits += other.openLimits
    }

    func row(_ group: String) -> ServiceStats.Row {
        let onTime = handled.filter(\.onTime).count
        let days = handled.map(\.days).sorted()
        let handledLimits = handled.compactMap(\.limit)
        let median = Self.median(days)
        let limit = Self.median((handledLimits.isEmpty ? openLimits : handledLimits).sorted())
        return .init(group: group, handled: handled.count, onTime: onTime,
                     onTimeRate: Self.ratio(onTime, handled.count), medianDays: median,
                     p90Days: Self.percentile90(days), limitDays: limit,
                     medianToLimit: median.flatMap { median in limit.flatMap { $0 > 0 ? Self.rounded(median / $0) : nil } },
                     reminders: handled.reduce(0) { $0 + $1.reminders },
                     escalations: handled.reduce(0) { $0 + $1.escalations }, open: open, overdue: overdue)
    }

    /// The median of sorted values: the middle one, or the mean of the two middle ones.
    static func median(_ sorted: [Int]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The 90th percentile of sorted values by nearest rank: the ⌈0.9·n⌉-th smallest.
    static func percentile90(_ sorted: [Int]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = (9 * sorted.count + 9) / 10
        return Double(sorted[rank - 1])
    }

    /// `part / whole` rounded to 4 decimals, nil for an empty whole.
    static func ratio(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : rounded(Double(part) / Double(whole))
    }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
