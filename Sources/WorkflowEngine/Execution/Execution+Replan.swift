import AgencyCalendar
import AgencyJSON
import Foundation

extension Engine {
    /// Whether `instance` has an open item planned through a year that this engine's
    /// calendar no longer answers for provisionally (the year's notice was imported, a
    /// calendar file declares it, or a newer binary embeds it): a `replan` command would
    /// change it.
    public func needsReplan(_ instance: Instance) -> Bool {
        instance.items.contains { item in
            item.status == .open && (item.plan?.provisional.contains { !calendar.isProvisional($0) } ?? false)
        }
    }
}

extension Execution {
    /// `replan`: counts again, with today's calendar, the due time and pending timers of
    /// each open item whose plan went through a year that is no longer provisional. The
    /// item keeps its timers' ids; each pending reminder, escalation or colour change
    /// moves to the moment the same rung falls on now (fired ones stay fired). The record
    /// lists every item's due time before and after, so the audit shows why it moved.
    ///
    /// Allowed to `system` (tick) and to admins (`agency calendar import`).
    func replanProvisional() throws {
        guard actor == "system" || actorIsAdmin else {
            throw EngineError.notPermitted("replan is done by the system or an admin; "
                                           + "\(people.display(actor)) does not hold the admin role")
        }
        var changes: [JSONValue] = []
        for index in instance.items.indices {
            let item = instance.items[index]
            guard item.status == .open, let plan = item.plan,
                  plan.provisional.contains(where: { !engine.calendar.isProvisional($0) }),
                  let state = definition.state(item.state),
                  let created = engine.timestamps.parse(plan.from) else { continue }
            let duration = plan.due.flatMap(WorkDuration.init)
            let due: Date
            if let duration {
                due = try deadline(from: created, adding: duration)
            } else if let stored = item.due.flatMap(engine.timestamps.parse) {
                due = stored
            } else {
                continue
            }
            let planned = try plannedTimers(state: state, created: created, due: due)
            let moved = retime(item: item.id, to: planned)
            var replanned = item
            replanned.due = engine.timestamps.format(due)
            replanned.plan = duePlan(state: state, created: created, due: due, duration: duration, timers: planned)
            instance.items[index] = replanned
            var change: [String: JSONValue] = [
                "item": .string(item.id), "title": .string(item.title),
                "before": item.due.map(JSONValue.string) ?? .null,
                "after": replanned.due.map(JSONValue.string) ?? .null,
                "timersMoved": .integer(Int64(moved)),
            ]
            if let still = replanned.plan?.provisional {
                change["provisional"] = .array(still.map { .integer(Int64($0)) })
            }
            changes.append(.object(change))
        }
        recordDetails["replanned"] = .array(changes)
    }

    /// Gives the item's pending timers the moments of `planned`, rung by rung: for each
    /// kind and ladder step, the pending timers are the last ones of that rung (the
    /// earlier ones fired), so they take the last planned moments. Returns how many moved.
    private func retime(item: String, to planned: [PlannedTimer]) -> Int {
        struct Rung: Hashable {
            var kind: InstanceTimer.Kind
            var step: Int?
        }
        var plannedByRung: [Rung: [Date]] = [:]
        for timer in planned { plannedByRung[Rung(kind: timer.kind, step: timer.step), default: []].append(timer.at) }
        var pendingByRung: [Rung: [Int]] = [:]
        for (index, timer) in instance.timers.enumerated() where timer.item == item {
            pendingByRung[Rung(kind: timer.kind, step: timer.step), default: []].append(index)
        }
        var moved = 0
        for (rung, indices) in pendingByRung {
            let moments = plannedByRung[rung] ?? []
            let offset = moments.count - indices.count
            for (position, timerIndex) in indices.enumerated() where offset + position >= 0 {
                let at = engine.timestamps.format(moments[offset + position])
                if instance.timers[timerIndex].at != at {
                    instance.timers[timerIndex].at = at
                    moved += 1
                }
            }
        }
        return moved
    }
}
