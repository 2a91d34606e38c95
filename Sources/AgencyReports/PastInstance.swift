import AgencyCalendar
import AgencyService
import Foundation
import WorkflowEngine

/// An instance as it stood at a past moment, rebuilt from what the snapshot keeps: the
/// path says which state it was in, items carry when they opened and closed, comments
/// and escalations their times. A report for an earlier week reads the same store as
/// one for this week.
///
/// Moments are compared as the engine writes them (ISO 8601 in the store's zone, one
/// fixed format), where text order is time order.
struct PastInstance {
    let instance: Instance
    let moment: String

    var exists: Bool { instance.createdAt <= moment }

    /// The state it was in at the moment (nil before it was created).
    var state: String? { instance.path.last { $0.at <= moment }?.state }

    /// When it finished (completed or cancelled), if it has.
    var finishedAt: String? {
        switch instance.status {
        case .completed: return instance.path.last?.at
        case .cancelled: return instance.updatedAt
        case .running, .failed: return nil
        }
    }

    var isRunning: Bool { exists && (finishedAt.map { $0 > moment } ?? true) }

    /// Finished in (from, moment].
    func finished(after from: String) -> Bool {
        guard let at = finishedAt else { return false }
        return at > from && at <= moment
    }

    func created(after from: String) -> Bool { instance.createdAt > from && instance.createdAt <= moment }

    /// When an item stopped being open: its decision, or the state being left.
    func closedAt(_ item: WorkItem) -> String? {
        switch item.status {
        case .open, .waiting:
            return nil
        case .done:
            return item.actedAt ?? instance.updatedAt
        case .removed:
            return item.history.last?.at ?? instance.updatedAt
        case .cancelled:
            return item.visit < instance.path.count ? instance.path[item.visit].at : instance.updatedAt
        }
    }

    /// Items someone could act on at the moment.
    var openItems: [WorkItem] {
        guard isRunning else { return [] }
        let acted = Dictionary(instance.items.compactMap { item in item.actedAt.map { (item.id, $0) } },
                               uniquingKeysWith: { first, _ in first })
        return instance.items.filter { item in
            guard item.createdAt <= moment, item.status != .removed else { return false }
            if let closed = closedAt(item), closed <= moment { return false }
            return item.after.allSatisfy { acted[$0].map { $0 <= moment } ?? false }
        }
    }

    /// The item it waited on when it finished at `finished`: one closed at that moment
    /// (done, or closed by the move to the final state; the one with a due time, the
    /// latest opened, if several), else the last one done. Whether a permit was handled
    /// on time is read from this item's due time (`ServiceStats`, `YearReport`).
    func decidingItem(finished: String) -> WorkItem? {
        let items = instance.items.filter { $0.status != .removed }
        let closing = items.filter { closedAt($0) == finished }
        if let item = closing.max(by: { ($0.due == nil ? 0 : 1, $0.createdAt) < ($1.due == nil ? 0 : 1, $1.createdAt) }) {
            return item
        }
        return items.filter { $0.status == .done }.max { ($0.actedAt ?? "") < ($1.actedAt ?? "") }
    }

    /// Path entries in (from, moment].
    func steps(after from: String) -> [PathEntry] {
        instance.path.filter { $0.at > from && $0.at <= moment }
    }
}

extension AgencyService {
    /// The colour an open item had at `moment`: red once due, yellow and blue from the
    /// thresholds its state declares, as the engine's colour timers set them.
    func color(of item: WorkItem, in instance: Instance, at moment: Date) -> WorkItem.Color {
        guard let dueText = item.due, let due = timestamps.parse(dueText) else { return .green }
        if due <= moment { return .red }
        guard let state = try? definition(instance.workflow, instance.version).state(item.state),
              let colors = state.colors else { return .green }
        let zone = timestamps.timeZone
        let calendar = engine.calendar
        if let yellow = colors.yellow, let start = try? calendar.moment(yellow, before: due, timeZone: zone),
           start <= moment { return .yellow }
        if let blue = colors.blue, let start = try? calendar.moment(blue, before: due, timeZone: zone),
           start <= moment { return .blue }
        return .green
    }
}

extension WorkItem.Color {
    /// 红灯, 黄灯, 蓝灯, 绿灯.
    public var chinese: String {
        switch self {
        case .red: return "红"
        case .yellow: return "黄"
        case .blue: return "蓝"
        case .green: return "绿"
        }
    }
}
