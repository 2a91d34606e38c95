import AgencyCalendar
import LuaRuntime

extension DefinitionReader {
    static let commonKeys: Set<String> = ["title", "on", "enter", "exit", "cc"]
    static let deadlineKeys: Set<String> = ["due", "escalate", "colors", "timeout"]
    static let keysByKind: [StateKind: Set<String>] = [
        .task: commonKeys.union(deadlineKeys).union(["assignee", "return_to", "resubmit", "fields"]),
        .approval: commonKeys.union(deadlineKeys)
            .union(["approvers", "rule", "remove_sign", "return_to", "resubmit", "fields"]).union(policyKeys),
        .auto: commonKeys.union(["choose"]),
        .wait: commonKeys.union(deadlineKeys).union(["by", "fields"]),
        .parallel: commonKeys.union(deadlineKeys).union(["items", "join", "fields"]),
        .subflow: commonKeys.union(deadlineKeys).union(["workflow", "input", "by", "each", "complete"]),
        .final: ["title", "outcome", "enter", "cc"],
    ]

    func readState(name: String, _ table: LuaRef, line: Int?) throws -> StateDefinition? {
        let context = "state '\(name)'"
        let spec = try fields(table, context, line: line)
        guard let kindName = spec.kind, let kind = StateKind(rawValue: kindName) else {
            problems.add(spec.line, "\(context) must be declared with one of "
                         + StateKind.allCases.map { "\($0.rawValue) { ... }" }.joined(separator: ", "))
            return nil
        }
        spec.rejectUnknownKeys(allowed: Self.keysByKind[kind] ?? [])
        var state = StateDefinition(name: name, kind: kind, title: spec.string("title") ?? name,
                                    line: spec.line)
        state.onEnter = spec.function("enter")
        state.onExit = spec.function("exit")
        if let on = spec.table("on") { state.transitions = try readTransitions(on, spec) }

        switch kind {
        case .task:
            state.assignee = people(spec, "assignee", required: true)
            state.returnTo = stringList(spec, "return_to")
            state.resubmit = readResubmit(spec)
        case .approval:
            state.approvers = try peopleList(spec, "approvers")
            state.rule = try readRule(spec)
            state.allowRemoveSign = spec.boolean("remove_sign") ?? false
            state.policy = readApproverPolicy(spec)
            state.returnTo = stringList(spec, "return_to")
            state.resubmit = readResubmit(spec)
        case .auto:
            state.choose = spec.function("choose")
            if state.choose == nil && !spec.has("choose") {
                problems.add(spec.line, "\(context): auto needs choose = function(ctx) return \"event\" end")
            }
        case .wait:
            state.sentBy = people(spec, "by", required: false)
        case .parallel:
            try readParallel(&state, spec)
        case .subflow:
            state.childWorkflow = spec.string("workflow", required: true)
            state.childInput = spec.function("input")
            try readSubflow(&state, spec)
        case .final:
            state.outcome = spec.string("outcome") ?? name
        }
        if spec.has("cc") { state.cc = try peopleList(spec, "cc") }
        if Self.keysByKind[kind]?.contains("due") == true {
            try readDeadlines(&state, spec)
        }
        if spec.has("fields") { state.fields = try readFormFields(spec) }
        return state
    }

    func readTransitions(_ table: LuaRef, _ owner: LuaTableFields) throws -> [TransitionSpec] {
        let spec = try fields(table, "\(owner.context) on", line: owner.line)
        var result: [TransitionSpec] = []
        for event in spec.values.keys.sorted() {
            let context = "\(owner.context): event '\(event)'"
            switch spec.values[event] {
            case .string(let target)?:
                result.append(TransitionSpec(event: event, target: target, line: owner.line))
            case .table(let ref)?:
                let entry = try fields(ref, context, line: owner.line)
                entry.rejectUnknownKeys(allowed: ["to", "guard", "action", "stay", "by"])
                let stays = entry.boolean("stay") ?? false
                if stays && entry.has("to") {
                    problems.add(entry.line, "\(context): 'stay = true' keeps the instance in its state, so it "
                                 + "takes no 'to'; remove one of them")
                }
                if !stays && entry.has("by") {
                    problems.add(entry.line, "\(context): 'by' names who may send an internal event; it goes "
                                 + "with 'stay = true' (a wait state's senders are the state's own 'by')")
                }
                let target = stays ? "" : (entry.string("to", required: true) ?? "")
                var transition = TransitionSpec(event: event, target: target,
                                                guardFunction: entry.function("guard"),
                                                action: entry.function("action"), line: entry.line)
                transition.stays = stays
                if stays && entry.has("by") { transition.senders = try peopleList(entry, "by") }
                result.append(transition)
            case let other:
                problems.add(owner.line, "\(context) must name a state or be { to = \"state\", "
                             + "guard = ..., action = ... }, got \(other?.typeName ?? "nil")")
            }
        }
        return result
    }

    func people(_ spec: LuaTableFields, _ key: String, required: Bool) -> PeopleSpec? {
        switch spec.values[key] {
        case .string(let text)?: return parsePeople(text, spec, key)
        case .function(let ref)?: return .function(ref)
        case nil, .nil?:
            if required { problems.add(spec.line, "\(spec.context): '\(key)' is required") }
            return nil
        case let other?:
            problems.add(spec.line, "\(spec.context): '\(key)' must be a data field name, "
                         + "role(\"...\"), person(\"...\") or a function, got \(other.typeName)")
            return nil
        }
    }

    func parsePeople(_ text: String, _ spec: LuaTableFields, _ key: String) -> PeopleSpec? {
        if let reference = PeopleSpec(reference: text) { return reference }
        if text.isEmpty || text.contains(":") {
            problems.add(spec.line, "\(spec.context): '\(key)' = \"\(text)\" is not a data field, "
                         + "role(\"...\"), person(\"...\"), manager_of(...), managers_up_to(...) or head_of(...)")
            return nil
        }
        return .field(text)
    }

    func peopleList(_ spec: LuaTableFields, _ key: String) throws -> [PeopleSpec] {
        switch spec.values[key] {
        case .table(let ref)?:
            let list = try fields(ref, "\(spec.context) \(key)", line: spec.line)
            var result: [PeopleSpec] = []
            for (_, value) in list.items {
                switch value {
                case .string(let text): parsePeople(text, spec, key).map { result.append($0) }
                case .function(let fn): result.append(.function(fn))
                default: problems.add(spec.line, "\(spec.context): each of '\(key)' must be a "
                                      + "field name, role, person or function, got \(value.typeName)")
                }
            }
            if result.isEmpty { problems.add(spec.line, "\(spec.context): '\(key)' is empty") }
            return result
        default:
            return people(spec, key, required: true).map { [$0] } ?? []
        }
    }

    func stringList(_ spec: LuaTableFields, _ key: String) -> [String] {
        switch spec.values[key] {
        case .string(let text)?: return [text]
        case .table(let ref)?:
            let list = (try? fields(ref, "\(spec.context) \(key)", line: spec.line))?.items ?? []
            return list.compactMap { if case .string(let text) = $0.1 { return text } else { return nil } }
        case nil, .nil?: return []
        case let other?:
            problems.add(spec.line, "\(spec.context): '\(key)' must be a state name or a list, got \(other.typeName)")
            return []
        }
    }

    func readRule(_ spec: LuaTableFields) throws -> ApprovalRule {
        switch spec.values["rule"] {
        case nil, .nil?: return .all
        case .string(let name)?:
            switch name {
            case "any": return .any
            case "all": return .all
            case "sequential": return .sequential
            default:
                problems.add(spec.line, "\(spec.context): rule '\(name)' is unknown (use \"any\", "
                             + "\"all\", \"sequential\", { at_least = n } or { ratio = 0.6 })")
                return .all
            }
        case .table(let ref)?:
            let rule = try fields(ref, "\(spec.context) rule", line: spec.line)
            rule.rejectUnknownKeys(allowed: ["at_least", "ratio"])
            if rule.has("at_least") && rule.has("ratio") {
                problems.add(spec.line, "\(spec.context): rule has both at_least and ratio; give one "
                             + "({ at_least = n } or { ratio = r })")
            }
            if let n = rule.integer("at_least") {
                if n < 1 { problems.add(spec.line, "\(spec.context): at_least must be at least 1") }
                return .atLeast(max(1, n))
            }
            if let ratio = rule.number("ratio") {
                if !(ratio > 0 && ratio <= 1) {
                    problems.add(spec.line, "\(spec.context): ratio must be above 0 and at most 1")
                }
                return .ratio(ratio)
            }
            problems.add(spec.line, "\(spec.context): rule table needs at_least = n or ratio = r")
            return .all
        case let other?:
            problems.add(spec.line, "\(spec.context): rule must be a string or table, got \(other.typeName)")
            return .all
        }
    }

    func readResubmit(_ spec: LuaTableFields) -> ResubmitMode {
        guard let text = spec.string("resubmit") else { return .flow }
        guard let mode = ResubmitMode(rawValue: text) else {
            problems.add(spec.line, "\(spec.context): resubmit = \"\(text)\" is unknown (use \"flow\", "
                         + "正常流转, or \"direct\", 直达)")
            return .flow
        }
        return mode
    }
}
