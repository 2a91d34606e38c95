import LuaRuntime

extension DefinitionReader {
    /// A subflow's watcher (`by`), and for a multi-instance subflow its list (`each`)
    /// and completion rule (`complete`).
    func readSubflow(_ state: inout StateDefinition, _ spec: LuaTableFields) throws {
        state.sentBy = people(spec, "by", required: false)
        state.each = spec.string("each")
        if let each = state.each, each.isEmpty {
            problems.add(spec.line, "\(spec.context): each must name a data field holding a list")
        }
        switch spec.values["complete"] {
        case nil, .nil?, .string("all")?: state.childCompletion = .all
        case .string("any")?: state.childCompletion = .any
        case .table(let ref)?:
            let rule = try fields(ref, "\(spec.context) complete", line: spec.line)
            rule.rejectUnknownKeys(allowed: ["at_least"])
            let n = rule.integer("at_least") ?? 0
            if n < 1 { problems.add(spec.line, "\(spec.context): complete = { at_least = n } needs n ≥ 1") }
            state.childCompletion = .atLeast(max(1, n))
        case let other?:
            problems.add(spec.line, "\(spec.context): complete must be \"all\", \"any\" or "
                         + "{ at_least = n }, got " + Self.shown(other))
        }
        if state.each == nil && spec.has("complete") {
            problems.add(spec.line, "\(spec.context): complete applies to a multi-instance subflow; "
                         + "add each = \"field\" (a data field holding a list) or remove it")
        }
    }

    /// A value as a problem message shows it: a string with its text, else its type.
    static func shown(_ value: LuaValue) -> String {
        if case .string(let text) = value { return "\"\(text)\"" }
        return value.typeName
    }
}
