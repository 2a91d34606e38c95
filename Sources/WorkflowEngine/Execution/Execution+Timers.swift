import AgencyCalendar
import AgencyJSON
import Foundation

extension Execution {
    /// Computes an item's due time and plans its timers: the ladder's reminders and
    /// escalations, the colour changes, and the due time itself. A waiting item (a later
    /// approver in a sequence) gets them when it opens, so nobody is reminded of a turn
    /// that has not come. When any of these was counted through a provisional calendar
    /// year, the item keeps its `plan` so the calendar's official data can re-plan it.
    func scheduleTimers(_ item: inout WorkItem, state: StateDefinition, due: DueSpec?) throws {
        guard item.status != .waiting else { return }
        walked = nil
        guard let (dueDate, duration) = try dueDate(due, state: state) else { return }
        item.due = engine.timestamps.format(dueDate)
        let planned = try plannedTimers(state: state, created: now, due: dueDate)
        for timer in planned {
            addTimer(timer.kind, at: timer.at, item: item.id, step: timer.step)
        }
        item.plan = duePlan(state: state, created: now, due: dueDate, duration: duration, timers: planned)
    }

    /// One timer an item's state plans, before it gets an id.
    struct PlannedTimer {
        var kind: InstanceTimer.Kind
        var at: Date
        var step: Int?
    }

    /// The timers for an item that opened at `created` and is due at `due`, in the order
    /// they are added (ids follow this order, so it never changes): each ladder step with
    /// its repetitions, then blue, yellow, and the due time.
    func plannedTimers(state: StateDefinition, created: Date, due dueDate: Date) throws -> [PlannedTimer] {
        var timers: [PlannedTimer] = []
        for (index, step) in state.ladder.enumerated() {
            var moment = try rungTime(step, created: created, due: dueDate)
            for repetition in 0..<step.times {
                if repetition > 0 {
                    guard let every = step.every else { break }
                    moment = try deadline(after: moment, adding: every)
                }
                let kind: InstanceTimer.Kind
                switch step.action {
                case .remind: kind = .remind
                case .escalate: kind = .escalate
                }
                timers.append(PlannedTimer(kind: kind, at: moment, step: index))
            }
        }
        if let colors = state.colors {
            if let blue = colors.blue {
                let moment = try before(dueDate, blue)
                if moment > created { timers.append(PlannedTimer(kind: .blue, at: moment)) }
            }
            if let yellow = colors.yellow {
                let moment = try before(dueDate, yellow)
                if moment > created { timers.append(PlannedTimer(kind: .yellow, at: moment)) }
            }
        }
        timers.append(PlannedTimer(kind: .due, at: dueDate))
        return timers
    }

    /// The item's plan when its deadlines count working days; its provisional years are
    /// those of the days actually counted over (`walked`, gathered by `deadline` and
    /// `before` since the item's planning began). Nil when no working days are counted, or
    /// (`keepsPlans` off) when none of them was provisional.
    func duePlan(state: StateDefinition, created: Date, due: Date, duration: WorkDuration?,
                 timers: [PlannedTimer]) -> DuePlan? {
        func isWorkdays(_ duration: WorkDuration?) -> Bool {
            if case .workdays? = duration { return true }
            return false
        }
        let usesWorkdays = isWorkdays(duration)
            || state.ladder.contains { isWorkdays($0.after) || isWorkdays($0.every) }
            || isWorkdays(state.colors?.blue) || isWorkdays(state.colors?.yellow)
        guard usesWorkdays else { return nil }
        let years = walked.map { engine.calendar.provisionalYears(from: $0.lowerBound, through: $0.upperBound) } ?? []
        guard engine.keepsPlans || !years.isEmpty else { return nil }
        return DuePlan(from: engine.timestamps.format(created), due: duration?.description, provisional: years,
                       calendar: engine.keepsPlans ? engine.calendarVersion : nil)
    }

    /// When a ladder rung first fires. Counted from the due time, working days count from
    /// the due day itself: a due time of midnight ends the day before, so "1 working day
    /// after the due time" is the end of the next working day, not the one after.
    private func rungTime(_ step: LadderStep, created: Date, due: Date) throws -> Date {
        guard step.anchor == .due else { return try deadline(from: created, adding: step.after) }
        if case .workdays = step.after {
            return try deadline(from: due.addingTimeInterval(-1), adding: step.after)
        }
        return try deadline(from: due, adding: step.after)
    }

    func addTimer(_ kind: InstanceTimer.Kind, at moment: Date, item: String, step: Int? = nil) {
        instance.timers.append(InstanceTimer(id: instance.nextID("t"),
                                             at: engine.timestamps.format(moment),
                                             kind: kind, item: item, step: step))
    }

    /// The due time, and the duration it was counted with (nil for a time given as such).
    func dueDate(_ due: DueSpec?, state: StateDefinition) throws -> (Date, WorkDuration?)? {
        switch due {
        case nil:
            return nil
        case .duration(let duration)?:
            return (try deadline(from: now, adding: duration), duration)
        case .function(let function)?:
            let result = try hooks.call(function, name: "\(state.name).due")
            guard let text = result.stringValue else {
                if result.isNull { return nil }
                throw EngineError.invalid("\(state.name).due must return a duration (workdays(3)) or "
                                          + "a time, got \(result.typeName)")
            }
            if let duration = WorkDuration(text) {
                return (try deadline(from: now, adding: duration), duration)
            }
            if let date = engine.timestamps.parseUserTime(text) { return (date, nil) }
            throw EngineError.invalid("\(state.name).due returned '\(text)', neither a duration nor a time")
        }
    }

    func deadline(from start: Date, adding duration: WorkDuration) throws -> Date {
        let result: Date
        do {
            result = try engine.calendar.deadline(from: start, adding: duration,
                                                  timeZone: engine.timestamps.timeZone)
        } catch {
            throw EngineError.invalid("\(error)")
        }
        if case .workdays(let n) = duration {
            // Counted from the day after the start to the last day, which the deadline (local
            // midnight) ends; 0 working days looks at the start day itself.
            let zone = engine.timestamps.timeZone
            let first = CivilDate(start, in: zone).adding(days: n == 0 ? 0 : 1)
            noteWalked(first, CivilDate(result.addingTimeInterval(-1), in: zone))
        }
        return result
    }

    /// Widens `walked` to include `a...b` (in either order).
    private func noteWalked(_ a: CivilDate, _ b: CivilDate) {
        let low = min(a, b), high = max(a, b)
        walked = walked.map { min($0.lowerBound, low)...max($0.upperBound, high) } ?? low...high
    }

    /// The moment `duration` after an earlier timer's moment. A working-day moment is
    /// local midnight, the end of the day before it; counting on from it must start from
    /// that day, or "every workdays(1)" would leave two working days between reminders.
    func deadline(after moment: Date, adding duration: WorkDuration) throws -> Date {
        guard case .workdays = duration else { return try deadline(from: moment, adding: duration) }
        let zone = engine.timestamps.timeZone
        let day = CivilDate(moment, in: zone)
        let start = day.startOfDay(in: zone) == moment ? moment.addingTimeInterval(-1) : moment
        return try deadline(from: start, adding: duration)
    }

    /// The moment `duration` before `due`: working days count back from the due day.
    func before(_ due: Date, _ duration: WorkDuration) throws -> Date {
        let result: Date
        do {
            result = try engine.calendar.moment(duration, before: due, timeZone: engine.timestamps.timeZone)
        } catch {
            throw EngineError.invalid("\(error)")
        }
        if case .workdays = duration {
            // Counted back from the day the due time ends to the day before the result.
            let zone = engine.timestamps.timeZone
            noteWalked(CivilDate(due.addingTimeInterval(-1), in: zone), CivilDate(result, in: zone).adding(days: -1))
        }
        return result
    }

    // MARK: Firing

    /// A timer came due (`agency tick`): remind, escalate, change colour or time out.
    func fireTimer() throws {
        guard let id = command.timer, let index = instance.timers.firstIndex(where: { $0.id == id }) else {
            return  // already fired or its item closed: nothing to do
        }
        let timer = instance.timers.remove(at: index)
        var fired: [String: JSONValue] = ["id": .string(timer.id), "kind": .string(timer.kind.rawValue),
                                          "item": .string(timer.item), "due": .string(timer.at)]
        if let step = timer.step { fired["step"] = .integer(Int64(step + 1)) }
        recordDetails["timer"] = .object(fired)
        guard let itemIndex = instance.items.firstIndex(where: { $0.id == timer.item }),
              instance.items[itemIndex].status == .open || instance.items[itemIndex].status == .waiting
        else { return }
        let state = try currentState()
        var item = instance.items[itemIndex]
        switch timer.kind {
        case .remind:
            item.reminders += 1
            var targets = [item.assignee]
            if let step = timer.step, step < state.ladder.count,
               case .remind(let spec?) = state.ladder[step].action {
                targets = try resolve(spec, context: "state '\(state.name)' escalate step \(step + 1)")
            }
            for person in targets {
                notify(person, kind: "催办", item: item, title: "催办：\(item.title)",
                       body: "\(instance.id) \(item.title) 第\(item.reminders)次催办，截止 \(item.dueText)")
            }
        case .escalate:
            guard let step = timer.step, step < state.ladder.count,
                  case .escalate(let spec, let level) = state.ladder[step].action else { return }
            let targets = try resolve(spec, context: "state '\(state.name)' escalate step \(step + 1)")
            item.escalations.append(Escalation(at: at, to: targets, level: level))
            for person in targets {
                notify(person, kind: level, item: item, title: "\(level)：\(item.title)",
                       body: "\(instance.id) \(item.title) 由 \(people.display(item.assignee)) 办理，"
                           + "截止 \(item.dueText)", level: level)
            }
        case .blue, .yellow:
            let color: WorkItem.Color = timer.kind == .blue ? .blue : .yellow
            if color > item.color {
                item.color = color
                notify(item.assignee, kind: "color", item: item, title: "\(colorName(color))：\(item.title)",
                       body: "\(instance.id) \(item.title) 截止 \(item.dueText)", level: color.rawValue)
            }
        case .due:
            item.color = .red
            notify(item.assignee, kind: "color", item: item, title: "红灯（已超期）：\(item.title)",
                   body: "\(instance.id) \(item.title) 已于 \(item.dueText) 超期", level: "red")
        }
        instance.items[itemIndex] = item
        if timer.kind == .due, let timeout = state.timeout {
            try timeOut(state, timeout)
        }
    }

    private func colorName(_ color: WorkItem.Color) -> String {
        switch color {
        case .green: return "绿灯"
        case .blue: return "蓝灯（临近期限）"
        case .yellow: return "黄灯（进度滞后）"
        case .red: return "红灯（已超期）"
        }
    }

    private func timeOut(_ state: StateDefinition, _ timeout: TimeoutAction) throws {
        switch timeout {
        case .goto(let target):
            try leaveState(event: "timeout")
            try enter(target, event: "timeout")
        case .approve:
            try transition("approved")
        case .reject:
            try transition("rejected")
        case .function(let function):
            let result = try hooks.call(function, name: "\(state.name).timeout")
            if let event = result.stringValue { try transition(event) }
        }
    }
}
