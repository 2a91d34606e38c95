import AgencyCalendar
import AgencyJSON
import Foundation

extension Engine {
    /// Whether a `replan` command would change `instance`: an open item whose plan was
    /// counted with another calendar now counts to another due time, other timer moments
    /// or other provisional years (a notice imported, a calendar file added or edited, a
    /// newer binary's embedded data). Items planned with this very calendar are not
    /// counted again, so nothing else (a migration to another version, say) moves them.
    public func needsReplan(_ instance: Instance) -> Bool {
        guard hasStalePlans(instance),
              let definition = try? definitions(instance.workflow, instance.version),
              let execution = try? Execution(engine: self, definition: definition, instance: instance, id: instance.id,
                                             command: Command(kind: .replan, actor: "system", at: instance.updatedAt)),
              let changes = try? execution.replannedItems() else { return false }
        return !changes.isEmpty
    }

    /// Whether an open item was planned with another calendar: the cheap first look (no
    /// counting) before a `replan` is worth running.
    public func hasStalePlans(_ instance: Instance) -> Bool {
        instance.items.contains { isStale($0) }
    }

    /// An open item planned with a calendar other than this engine's.
    func isStale(_ item: WorkItem) -> Bool {
        guard item.status == .open, let plan = item.plan else { return false }
        if let version = plan.calendar, let current = calendarVersion { return version != current }
        // Plans without a version (kept only when provisional): stale once a year is declared.
        return plan.provisional.contains { !calendar.isProvisional($0) }
    }
}

extension Execution {
    /// `replan`: counts again, with this engine's calendar, the due time and pending timers
    /// of each open item planned with another calendar, and records those that moved.
    /// The item keeps its timers' ids; each pending reminder, escalation or colour change
    /// moves to the moment the same rung falls on now (fired ones stay fired). The record
    /// lists every item's due time before and after, so the audit shows why it moved.
    ///
    /// Allowed to `system` (tick, or before another command) and to admins
    /// (`agency calendar import`).
    func replanAfterCalendarChange() throws {
        guard actor == "system" || actorIsAdmin else {
            throw EngineError.notPermitted("replan is done by the system or an admin; "
                                           + "\(people.display(actor)) does not hold the admin role")
        }
        var changes: [JSONValue] = []
        for change in try replannedItems() {
            instance.items[change.index] = change.item
            for (timerIndex, at) in change.timers { instance.timers[timerIndex].at = at }
            for timerIndex in change.removed.sorted(by: >) { instance.timers.remove(at: timerIndex) }
            for timer in change.added { addTimer(timer.kind, at: timer.at, item: change.item.id, step: timer.step) }
            var details: [String: JSONValue] = [
                "item": .string(change.item.id), "title": .string(change.item.title),
                "before": change.before.map(JSONValue.string) ?? .null,
                "after": change.item.due.map(JSONValue.string) ?? .null,
                "timersMoved": .integer(Int64(change.timers.count + change.removed.count + change.added.count)),
            ]
            if change.item.dueIsProvisional, let years = change.item.plan?.provisional {
                details["provisional"] = .array(years.map { .integer(Int64($0)) })
            }
            changes.append(.object(details))
        }
        recordDetails["replanned"] = .array(changes)
    }

    /// One open item counted again: its new value, its due time before, the pending
    /// timers (by index) whose moment changed, those to remove (a colour change the new
    /// count puts before the item opened) and those to add (one it now puts after).
    struct ReplannedItem {
        var index: Int
        var item: WorkItem
        var before: String?
        var timers: [(Int, String)]
        var removed: [Int]
        var added: [PlannedTimer]
    }

    /// The open items planned with another calendar whose due time, pending timers or
    /// provisional years come out differently now. Changes nothing.
    func replannedItems() throws -> [ReplannedItem] {
        var result: [ReplannedItem] = []
        for (index, item) in instance.items.enumerated() where engine.isStale(item) {
            guard let plan = item.plan, let state = definition.state(item.state),
                  let created = engine.timestamps.parse(plan.from) else { continue }
            let duration = plan.due.flatMap(WorkDuration.init)
            walked = nil
            let due: Date
            if let duration {
                due = try deadline(from: created, adding: duration)
            } else if let stored = item.due.flatMap(engine.timestamps.parse) {
                due = stored
            } else {
                continue
            }
            let planned = try plannedTimers(state: state, created: created, due: due)
            let (moved, removed, added) = retimed(item, to: planned)
            var replanned = item
            replanned.due = engine.timestamps.format(due)
            replanned.plan = duePlan(state: state, created: created, due: due, duration: duration, timers: planned)
            let provisionalChanged = (replanned.plan?.provisional ?? []) != plan.provisional
            guard replanned.due != item.due || !moved.isEmpty || !removed.isEmpty || !added.isEmpty
                    || provisionalChanged else { continue }
            result.append(ReplannedItem(index: index, item: replanned, before: item.due, timers: moved,
                                        removed: removed, added: added))
        }
        return result
    }

    /// The item's pending timers that `planned` moves, rung by rung: for each kind and
    /// ladder step the pending timers are the last ones of that rung (the earlier ones
    /// fired), so they take the last planned moments. A colour change is planned only
    /// when it falls after the item opened, so the new count may drop a pending one
    /// (removed) or plan one that is neither pending nor reached (added).
    private func retimed(_ item: WorkItem, to planned: [PlannedTimer])
        -> (moved: [(Int, String)], removed: [Int], added: [PlannedTimer]) {
        struct Rung: Hashable {
            var kind: InstanceTimer.Kind
            var step: Int?
        }
        var plannedByRung: [Rung: [PlannedTimer]] = [:]
        for timer in planned { plannedByRung[Rung(kind: timer.kind, step: timer.step), default: []].append(timer) }
        var pendingByRung: [Rung: [Int]] = [:]
        for (index, timer) in instance.timers.enumerated() where timer.item == item.id {
            pendingByRung[Rung(kind: timer.kind, step: timer.step), default: []].append(index)
        }
        var moved: [(Int, String)] = []
        var removed: [Int] = []
        var added: [PlannedTimer] = []
        for (rung, indices) in pendingByRung {
            let moments = plannedByRung[rung] ?? []
            let offset = moments.count - indices.count
            for (position, timerIndex) in indices.enumerated() {
                guard offset + position >= 0 else {
                    if rung.kind == .blue || rung.kind == .yellow { removed.append(timerIndex) }
                    continue
                }
                let at = engine.timestamps.format(moments[offset + position].at)
                if instance.timers[timerIndex].at != at { moved.append((timerIndex, at)) }
            }
        }
        for colour in [(InstanceTimer.Kind.blue, WorkItem.Color.blue), (.yellow, .yellow)]
        where pendingByRung[Rung(kind: colour.0, step: nil)] == nil && item.color < colour.1 {
            added += plannedByRung[Rung(kind: colour.0, step: nil)] ?? []
        }
        return (moved.sorted { $0.0 < $1.0 }, removed, added)
    }
}
