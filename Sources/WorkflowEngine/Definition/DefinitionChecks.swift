/// Whole-definition checks that need every state: targets exist, every state can be
/// reached, there is a final state, no state traps an instance, names are unique.
enum DefinitionChecks {
    /// Events the engine itself takes to leave a state; an internal event may not use them.
    static let engineEvents: Set<String> = ["approved", "rejected", "done", "completed", "cancelled", "failed", "timeout"]

    static func check(_ definition: WorkflowDefinition?, problems: ProblemCollector,
                      source: [UInt8]) {
        reportDuplicateStates(source: source, problems: problems)
        guard let definition else { return }
        let names = Set(definition.states.map(\.name))
        if definition.state(definition.start) == nil && !definition.start.isEmpty {
            problems.add(nil, "workflow: start state '\(definition.start)' is not defined"
                         + suggestion(definition.start, names))
        }
        if !definition.states.contains(where: { $0.kind == .final }) {
            problems.add(nil, "workflow: there is no final state; add one such as done = final { }")
        }
        for state in definition.states {
            for transition in state.transitions where transition.stays && Self.engineEvents.contains(transition.event) {
                problems.add(transition.line ?? state.line,
                             "state '\(state.name)': event '\(transition.event)' is taken by the engine to leave "
                             + "the state (an approval's verdict, a checklist's or a subflow's end, a timeout); "
                             + "it cannot be stay = true")
            }
            for transition in state.transitions where !transition.stays && !names.contains(transition.target) {
                problems.add(transition.line ?? state.line,
                             "state '\(state.name)': event '\(transition.event)' goes to unknown state "
                             + "'\(transition.target)'" + suggestion(transition.target, names))
            }
            if case .goto(let target)? = state.timeout, !names.contains(target) {
                problems.add(state.line, "state '\(state.name)': timeout goes to unknown state '\(target)'"
                             + suggestion(target, names))
            }
            for target in state.returnTo where !names.contains(target) {
                problems.add(state.line, "state '\(state.name)': return_to names unknown state '\(target)'")
            }
            if state.kind != .final && state.targets.isEmpty {
                let stays = state.transitions.isEmpty ? "" : "; events with stay = true do not leave"
                problems.add(state.line, "state '\(state.name)' has no transitions: nothing can leave it "
                             + "(add on = { event = \"next_state\" }\(stays))")
            }
            if state.kind == .approval && state.transition("approved") == nil {
                problems.add(state.line, "state '\(state.name)': an approval needs on = { approved = ... }")
            }
        }
        checkApplicant(definition, names: names, problems: problems)
        for state in unreachable(definition) {
            problems.add(state.line, "state '\(state.name)' cannot be reached from the start state "
                         + "'\(definition.start)'")
        }
    }

    static func unreachable(_ definition: WorkflowDefinition) -> [StateDefinition] {
        guard definition.state(definition.start) != nil else { return [] }
        // A revoked instance re-enters the revoke state: `agency revoke` reaches it.
        let revoke = definition.applicant.revokeState.flatMap { definition.state($0)?.name }
        var seen = Set([definition.start] + (revoke.map { [$0] } ?? []))
        var queue = Array(seen)
        while let name = queue.popLast() {
            guard let state = definition.state(name) else { continue }
            for target in state.targets + state.returnTo where !seen.contains(target) {
                seen.insert(target)
                queue.append(target)
            }
        }
        return definition.states.filter { !seen.contains($0.name) }
    }

    static func suggestion(_ name: String, _ names: Set<String>) -> String {
        LuaTableFields.closest(to: name, in: names).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Lua keeps only the last of two equal keys in a table constructor, so a duplicated
    /// state name would silently replace the first; the source text still shows both.
    ///
    /// Lines are found as bytes, and only a line with `=` followed by a state kind's name is
    /// read as text: splitting a large workflow's source into `String` lines took half of
    /// loading it (about 2.5 ms of every command on a project).
    static func reportDuplicateStates(source: [UInt8], problems: ProblemCollector) {
        let kinds = StateKind.allCases.map(\.rawValue)
        let kindBytes = kinds.map { Array($0.utf8) }
        var seen: [String: Int] = [:]
        var offset = -1
        var start = 0
        while start <= source.count {
            var end = start
            while end < source.count && source[end] != 0x0A { end += 1 }
            offset += 1
            defer { start = end + 1 }
            guard mayDeclareState(source[start..<end], kinds: kindBytes) else { continue }
            let line = Substring(String(decoding: source[start..<end], as: UTF8.self))
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            let name = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            let rest = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                  let kind = kinds.first(where: { rest.hasPrefix($0) }) else { continue }
            let after = rest.dropFirst(kind.count).trimmingCharacters(in: .whitespaces)
            guard after.hasPrefix("{") || after.hasPrefix("(") else { continue }
            if let first = seen[name] {
                problems.add(offset + 1, "duplicate state name '\(name)' (first declared on line \(first)); "
                             + "Lua would keep only the last one")
            } else {
                seen[name] = offset + 1
            }
        }
    }

    /// Whether some `=` in `line` is followed, after spaces, tabs or any non-ASCII byte (a
    /// wide space), by a state kind's name: every line the text check above accepts passes.
    private static func mayDeclareState(_ line: ArraySlice<UInt8>, kinds: [[UInt8]]) -> Bool {
        var index = line.startIndex
        while let equals = line[index...].firstIndex(of: 0x3D) {
            var next = equals + 1
            while next < line.endIndex, line[next] == 0x20 || line[next] == 0x09 || line[next] >= 0x80 { next += 1 }
            let rest = line[next...]
            if kinds.contains(where: { rest.starts(with: $0) }) { return true }
            index = equals + 1
        }
        return false
    }
}
