import AgencyCalendar
import LuaRuntime

extension DefinitionReader {
    func readDeadlines(_ state: inout StateDefinition, _ spec: LuaTableFields) throws {
        switch spec.values["due"] {
        case .string(let text)?: state.due = spec.parseDuration(text, key: "due").map { .duration($0) }
        case .function(let ref)?: state.due = .function(ref)
        case nil, .nil?: break
        case let other?:
            problems.add(spec.line, "\(spec.context): 'due' must be a duration such as workdays(3) "
                         + "or a function, got \(other.typeName)")
        }
        if let ladder = spec.table("escalate") {
            let steps = try fields(ladder, "\(spec.context) escalate", line: spec.line)
            for (_, value) in steps.items {
                guard case .table(let ref) = value else {
                    problems.add(spec.line, "\(spec.context): each escalate step must be a table "
                                 + "such as { after = workdays(2), remind = \"assignee\" }")
                    continue
                }
                if let step = try readLadderStep(ref, spec) { state.ladder.append(step) }
            }
            if !steps.values.isEmpty {
                problems.add(spec.line, "\(spec.context): escalate is a list of steps: "
                             + "escalate = { { after = ..., remind = ... }, ... }")
            }
        }
        if let colors = spec.table("colors") {
            let thresholds = try fields(colors, "\(spec.context) colors", line: spec.line)
            thresholds.rejectUnknownKeys(allowed: ["blue", "yellow"])
            state.colors = ColorThresholds(blue: thresholds.duration("blue"),
                                           yellow: thresholds.duration("yellow"))
            if state.due == nil {
                problems.add(spec.line, "\(spec.context): colors need a due time ('due')")
            }
        }
        switch spec.values["timeout"] {
        case .string("approve")?:
            state.timeout = .approve
        case .string("reject")?:
            state.timeout = .reject
        case .string(let target)?:
            state.timeout = .goto(target)
        case .function(let ref)?:
            state.timeout = .function(ref)
        case nil, .nil?:
            break
        case let other?:
            problems.add(spec.line, "\(spec.context): 'timeout' must be a state name, \"approve\", "
                         + "\"reject\" or a function, got \(other.typeName)")
        }
        if state.timeout != nil && state.due == nil {
            problems.add(spec.line, "\(spec.context): a timeout needs a due time ('due')")
        }
        if case .approve? = state.timeout, state.kind != .approval {
            problems.add(spec.line, "\(spec.context): timeout = \"approve\" is for approvals only")
        }
        if case .reject? = state.timeout, state.kind != .approval {
            problems.add(spec.line, "\(spec.context): timeout = \"reject\" is for approvals only")
        }
    }

    func readLadderStep(_ table: LuaRef, _ owner: LuaTableFields) throws -> LadderStep? {
        let step = try fields(table, "\(owner.context) escalate step", line: owner.line)
        step.rejectUnknownKeys(allowed: ["after", "from", "remind", "escalate_to", "level", "every", "times"])
        guard let after = step.duration("after") else {
            if !step.has("after") { problems.add(step.line, "\(step.context): 'after' is required") }
            return nil
        }
        let action: LadderStep.Action
        if step.has("escalate_to") {
            guard let target = people(step, "escalate_to", required: true) else { return nil }
            action = .escalate(target, level: step.string("level") ?? "督办")
        } else if step.has("remind") {
            switch step.values["remind"] {
            case .boolean(true)?, .string("assignee")?: action = .remind(nil)
            default: action = .remind(people(step, "remind", required: true))
            }
        } else {
            problems.add(step.line, "\(step.context): give remind = \"assignee\" (催办) or "
                         + "escalate_to = role(\"包联领导\") (督办)")
            return nil
        }
        let times = step.integer("times") ?? (step.has("every") ? 2 : 1)
        if times < 1 { problems.add(step.line, "\(step.context): times must be at least 1") }
        var anchor = LadderStep.Anchor.created
        if let from = step.string("from") {
            if let parsed = LadderStep.Anchor(rawValue: from) {
                anchor = parsed
            } else {
                problems.add(step.line, "\(step.context): from = \"\(from)\" is not \"created\" or \"due\"")
            }
        }
        if anchor == .due && owner.values["due"] == nil {
            problems.add(step.line, "\(step.context): from = \"due\" needs a due time ('due')")
        }
        return LadderStep(after: after, anchor: anchor, action: action, every: step.duration("every"),
                          times: max(1, times), line: step.line)
    }

    func readParallel(_ state: inout StateDefinition, _ spec: LuaTableFields) throws {
        switch spec.values["items"] {
        case .function(let ref)?:
            state.itemsFunction = ref
        case .table(let ref)?:
            let list = try fields(ref, "\(spec.context) items", line: spec.line)
            for (position, value) in list.items {
                guard case .table(let itemRef) = value else {
                    problems.add(spec.line, "\(spec.context): each item must be a table "
                                 + "{ key = ..., title = ..., assignee = ... }")
                    continue
                }
                let item = try fields(itemRef, "\(spec.context) item \(position)", line: spec.line)
                item.rejectUnknownKeys(allowed: ["key", "title", "assignee", "due"])
                let key = item.string("key") ?? "item\(position)"
                guard let assignee = people(item, "assignee", required: true) else { continue }
                let due = item.duration("due").map { DueSpec.duration($0) }
                state.items.append(ParallelItemSpec(key: key, title: item.string("title") ?? key,
                                                    assignee: assignee, due: due))
            }
            if state.items.isEmpty && list.items.isEmpty {
                problems.add(spec.line, "\(spec.context): items is empty")
            }
        default:
            problems.add(spec.line, "\(spec.context): parallel needs items = { ... } or a function")
        }
        switch spec.values["join"] {
        case nil, .nil?, .string("all")?: state.join = .all
        case .string("any")?: state.join = .any
        case .table(let ref)?:
            let join = try fields(ref, "\(spec.context) join", line: spec.line)
            join.rejectUnknownKeys(allowed: ["at_least"])
            state.join = .atLeast(max(1, join.integer("at_least") ?? 1))
        case let other?:
            problems.add(spec.line, "\(spec.context): join must be \"all\", \"any\" or "
                         + "{ at_least = n }, got \(other.typeName)")
        }
    }

    static let weekdays = ["MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6, "SUN": 7]

    func readSchedule(_ table: LuaRef, line: Int?) throws -> ScheduleSpec? {
        let spec = try fields(table, "schedule", line: line)
        let frequency: ScheduleSpec.Frequency
        switch spec.kind {
        case "weekly":
            spec.rejectUnknownKeys(allowed: ["day", "at", "shift", "input"])
            let day = spec.string("day", required: true) ?? "MON"
            guard let weekday = Self.weekdays[day.uppercased()] else {
                problems.add(spec.line, "schedule: day '\(day)' is not one of MON TUE WED THU FRI SAT SUN")
                return nil
            }
            frequency = .weekly(weekday: weekday)
        case "monthly":
            spec.rejectUnknownKeys(allowed: ["day", "at", "shift", "input"])
            let day = spec.integer("day") ?? 1
            if !(1...28).contains(day) {
                problems.add(spec.line, "schedule: monthly day must be 1...28 (every month has it)")
            }
            frequency = .monthly(day: day)
        case "every":
            spec.rejectUnknownKeys(allowed: ["workdays", "at", "from", "input"])
            let n = spec.integer("workdays") ?? 0
            if n < 1 { problems.add(spec.line, "schedule: every needs workdays = n (n >= 1)") }
            frequency = .everyWorkdays(max(1, n))
        default:
            problems.add(spec.line, "schedule must be weekly { ... }, monthly { ... } or every { ... }")
            return nil
        }
        let at = spec.string("at") ?? "09:00"
        let parts = at.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else {
            problems.add(spec.line, "schedule: at = \"\(at)\" is not a time HH:MM")
            return nil
        }
        let shiftName = spec.string("shift") ?? "next_workday"
        guard let shift = ScheduleSpec.HolidayShift(rawValue: shiftName) else {
            problems.add(spec.line, "schedule: shift '\(shiftName)' is not one of "
                         + ScheduleSpec.HolidayShift.allCases.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        let from = spec.string("from")
        if let from, CivilDate(from) == nil {
            problems.add(spec.line, "schedule: from = \"\(from)\" is not a date YYYY-MM-DD")
        }
        return ScheduleSpec(frequency: frequency, hour: parts[0], minute: parts[1], shift: shift,
                            from: from, input: spec.function("input"))
    }
}
