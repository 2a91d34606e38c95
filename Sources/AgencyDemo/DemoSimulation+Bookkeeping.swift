import AgencyCalendar
import AgencyJSON
import AgencyReports
import AgencyService
import Foundation
import WorkflowEngine

/// Keeping up with the store: what changed, what opened, when its assignee acts.
extension DemoSimulation {
    func absorb(_ result: CommandResult) {
        update(result.instance)
        for id in Set(result.delivery.started + result.delivery.signalled).sorted() { refresh(id) }
    }

    func absorb(_ report: TickReport) {
        var touched = Set<String>()
        for fired in report.fired {
            touched.insert(fired.instance)
            let index = weekIndex(service.timestamps.parse(fired.at) ?? clock)
            if fired.kind == "remind" { weeks[index].reminders += 1 }
            if fired.kind == "escalate" { weeks[index].escalations += 1 }
        }
        touched.formUnion(report.started + report.delivery.started + report.delivery.signalled)
        for id in touched.sorted() { refresh(id) }
        for failure in report.failed { failures.append("tick \(failure.instance): \(failure.error)") }
    }

    func refresh(_ id: String) {
        guard let instance = try? service.instance(id) else {
            failures.append("cannot read \(id)")
            return
        }
        update(instance)
    }

    func update(_ instance: Instance) {
        let previous = known[instance.id]
        known[instance.id] = instance
        nextTimers[instance.id] = instance.status == .running
            ? instance.timers.map(\.at).min().flatMap(service.timestamps.parse) : nil
        tell(previous, instance)
        plan(instance)
    }

    /// Gives each newly opened item the time its assignee acts.
    func plan(_ instance: Instance) {
        guard instance.status == .running else { return }
        for item in instance.openItems where planned.insert("\(instance.id)/\(item.id)").inserted {
            // An item opens when it is created, or later, when its turn comes (the second
            // approver of a sequence): never act on it before the change that opened it.
            guard let delay = policy.delay(item, in: instance),
                  let created = service.timestamps.parse(item.createdAt),
                  let changed = service.timestamps.parse(instance.updatedAt) else { continue }
            let opened = max(created, changed)
            enqueue(actionTime(opened: opened, delay: delay, subject: "\(instance.id)/\(item.id)"),
                    .item(instance: instance.id, item: item.id))
        }
    }

    /// `delay` working days after `opened`, at a time of the working day; never before
    /// the item opened.
    func actionTime(opened: Date, delay: Int, subject: String) -> Date {
        let openedDay = CivilDate(opened, in: timeZone)
        let day = delay == 0 ? workday(onOrAfter: openedDay)
            : ((try? calendar.addWorkdays(delay, to: openedDay)) ?? openedDay.adding(days: delay))
        var time = at(day, minutes: 9 * 60 + dice.int(0...480, subject, "minute"))
        if time <= opened {
            time = opened.addingTimeInterval(Double(dice.int(20...90, subject, "soon")) * 60)
            if time > at(day, minutes: 17 * 60 + 30) {
                time = at(nextWorkday(after: day), minutes: 9 * 60 + dice.int(0...120, subject, "next"))
            }
        }
        return time
    }

    func enqueue(_ time: Date, _ action: Action) {
        sequence += 1
        let entry = Entry(at: time, sequence: sequence, action: action)
        var low = 0, high = queue.count
        while low < high {
            let middle = (low + high) / 2
            if (queue[middle].at, queue[middle].sequence) <= (entry.at, entry.sequence) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        queue.insert(entry, at: low)
    }

    // MARK: Calendar helpers

    func at(_ day: CivilDate, minutes: Int) -> Date {
        day.startOfDay(in: timeZone).addingTimeInterval(Double(minutes) * 60)
    }

    func workday(onOrAfter day: CivilDate) -> CivilDate {
        (try? calendar.nextWorkday(onOrAfter: day)) ?? day
    }

    func nextWorkday(after day: CivilDate) -> CivilDate { workday(onOrAfter: day.adding(days: 1)) }

    func stamp(_ date: Date) -> String { service.timestamps.format(date) }

    /// 1 = the first week.
    func weekNumber(_ date: Date) -> Int { CivilDate(date, in: timeZone).daysSince(startDay) / 7 + 1 }

    func weekIndex(_ date: Date) -> Int { max(0, min(weeks.count - 1, weekNumber(date) - 1)) }
}
