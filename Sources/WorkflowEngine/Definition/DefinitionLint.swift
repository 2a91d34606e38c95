/// Warnings for likely mistakes in a definition that loads fine (`agency lint`): things
/// the engine can run but that a zone would regret.
///
/// Pure: it looks at the definition, its source text (for suppression comments) and the
/// people directory, and touches nothing else. Each warning names its rule; a comment
/// `-- lint: allow RULE` on the warned line or the line above silences that rule there
/// (several rules: `-- lint: allow no-due, no-reject`).
public enum DefinitionLint {
    public enum Rule: String, CaseIterable, Sendable {
        /// A task, approval, wait or checklist with no due time: nothing turns it red,
        /// no ladder can fire, and the weekly report cannot call it overdue.
        case noDue = "no-due"
        /// An approval without a `rejected` route: approvers can only approve or return.
        case noReject = "no-reject"
        /// A state from which no final state can be reached (or a checklist with no
        /// `done` route): only an admin's goto or cancel can end an instance there.
        case noExit = "no-exit"
        /// A role nobody holds in the people directory: a ladder step to it fails the
        /// instance when it fires; an assignment to it cannot be made.
        case unknownRole = "unknown-role"
        /// A person(...) who is not in the people directory.
        case unknownPerson = "unknown-person"
        /// A subflow state without a route for one of the ways its children can end
        /// (`cancelled`, `failed`; `completed` for `each`): that end gives the parent an
        /// incident instead of moving it on.
        case subflowEndRoute = "subflow-end-route"
        /// `each` naming an input field declared as something other than a list.
        case eachNotList = "each-not-list"
        /// head_of(x) where x is neither a department of the people directory nor an input
        /// field that could hold a department id.
        case unknownDepartment = "unknown-department"
        /// manager_of, managers_up_to, head_of or self = "head" while the people directory
        /// has no departments and no managers: every such state would fail.
        case noOrgChart = "no-org-chart"
        /// managers_up_to (逐级审批) in an approval whose rule is not "sequential": the whole
        /// chain would be asked at once, or one manager would decide for all.
        case chainNotSequential = "chain-not-sequential"
        /// A state whose form has `required` fields but whose timeout leaves it without any
        /// command's data: the required fields may never be filled.
        case formTimeout = "form-timeout"
        /// `revoke` naming a final state that ordinary transitions also reach: a revoked
        /// instance would end with the outcome it had, and nobody could tell them apart.
        case revokeSameFinal = "revoke-same-final"
        /// An approval needing {at_least = n} whose role and person approvers have fewer
        /// than n distinct holders: entering it is refused.
        case quorumUnreachable = "quorum-unreachable"
        /// resubmit = "direct" on a state with no earlier state to return to: it never applies.
        case resubmitNoReturn = "resubmit-no-return"
    }

    /// The warnings for `definition`, in line order. Role and person checks need
    /// `people`; without it they are skipped.
    public static func warnings(_ definition: WorkflowDefinition, source: [UInt8] = [],
                                people: PeopleDirectory?) -> [DefinitionProblem] {
        var found: [(Int?, Rule, String)] = []
        for state in definition.states {
            found += dueWarnings(state)
            if state.kind == .approval && state.transition("rejected") == nil {
                found.append((state.line, .noReject, "approval '\(state.name)' has no rejected route: approvers "
                               + "can only approve or return it; add on = { rejected = \"...\" }"))
            }
            if state.kind == .parallel && state.transition("done") == nil {
                found.append((state.line, .noExit, "parallel state '\(state.name)' has no on = { done = ... }: "
                               + "completing its items cannot leave it"))
            }
            if state.kind == .subflow { found += subflowWarnings(state, definition) }
            if let people { found += peopleWarnings(state, people) + orgChartWarnings(state, definition, people) }
            if state.kind == .approval && state.rule != .sequential
                && state.approvers.contains(where: { if case .managersUpTo = $0 { true } else { false } }) {
                found.append((state.line, .chainNotSequential, "approval '\(state.name)' asks managers_up_to(...) "
                               + "with rule \"\(state.rule)\": 逐级审批 needs rule = \"sequential\", nearest manager first"))
            }
            if let people { found += quorumWarnings(state, people) }
            found += resubmitWarnings(state, definition)
        }
        found += applicantWarnings(definition, people: people)
        let trapped = Set(trappedStates(definition))
        for state in definition.states where trapped.contains(state.name) {
            found.append((state.line, .noExit, "no final state can be reached from state '\(state.name)': "
                           + "an instance there can only be ended by an admin (goto or cancel)"))
        }
        let allowed = Suppressions(source)
        return found.filter { !allowed.silences($0.1, at: $0.0) }
            .map { DefinitionProblem(file: definition.file, line: $0.0, message: "\($0.2) [\($0.1.rawValue)]",
                                     severity: .warning, kind: $0.1.rawValue) }
            .sorted { ($0.line ?? 0, $0.message) < ($1.line ?? 0, $1.message) }
    }

    private static func dueWarnings(_ state: StateDefinition) -> [(Int?, Rule, String)] {
        switch state.kind {
        case .task, .approval, .wait:
            guard state.due == nil else { return [] }
            return [(state.line, .noDue, "\(state.kind.rawValue) '\(state.name)' has no due time: nothing "
                     + "reminds anyone or turns it red; add due = workdays(n)")]
        case .parallel:
            let undated = state.items.filter { $0.due == nil }.map(\.key)
            guard state.due == nil, state.itemsFunction != nil || !undated.isEmpty else { return [] }
            let which = state.itemsFunction != nil ? "its items" : "items " + undated.joined(separator: ", ")
            return [(state.line, .noDue, "parallel '\(state.name)': \(which) have no due time and the state "
                     + "has none; add due = workdays(n)")]
        case .auto, .subflow, .final:
            return []
        }
    }

    /// Roles nobody holds and persons not in the directory, wherever people are named.
    private static func peopleWarnings(_ state: StateDefinition, _ people: PeopleDirectory) -> [(Int?, Rule, String)] {
        var named: [(Int?, String, PeopleSpec)] = []
        if let assignee = state.assignee { named.append((state.line, "assignee", assignee)) }
        for approver in state.approvers { named.append((state.line, "approvers", approver)) }
        if let sender = state.sentBy { named.append((state.line, "by", sender)) }
        for copied in state.cc { named.append((state.line, "cc", copied)) }
        for item in state.items { named.append((state.line, "item '\(item.key)' assignee", item.assignee)) }
        for (index, step) in state.ladder.enumerated() {
            let line = step.line ?? state.line
            switch step.action {
            case .remind(let spec?): named.append((line, "escalate step \(index + 1) (催办)", spec))
            case .escalate(let spec, let level): named.append((line, "escalate step \(index + 1) (\(level))", spec))
            case .remind(nil): break
            }
        }
        // A managers_up_to's stop spec is checked like any role or person.
        named += named.compactMap { line, role, spec in
            if case .managersUpTo(_, let stop) = spec { (line, "\(role) stop", stop) } else { nil }
        }
        return named.compactMap { line, role, spec in
            switch spec {
            case .role(let name) where people.holders(of: name).isEmpty:
                return (line, .unknownRole, "state '\(state.name)' \(role) names role '\(name)', which nobody holds "
                        + "in the people directory")
            case .person(let id) where people.person(id) == nil:
                return (line, .unknownPerson, "state '\(state.name)' \(role) names person '\(id)', who is not "
                        + "in the people directory")
            default:
                return nil
            }
        }
    }

    /// Subflow routes for every way children end, and `each` naming a list.
    private static func subflowWarnings(_ state: StateDefinition, _ definition: WorkflowDefinition)
        -> [(Int?, Rule, String)] {
        var found: [(Int?, Rule, String)] = []
        var events = ["cancelled", "failed"]
        if state.each != nil { events.insert("completed", at: 0) }
        let missing = events.filter { state.transition($0) == nil }
        if !missing.isEmpty {
            let list = missing.map { "\($0) = ..." }.joined(separator: ", ")
            found.append((state.line, .subflowEndRoute, "subflow '\(state.name)' has no route for "
                          + missing.joined(separator: ", ") + ": a child ending that way gives the parent an "
                          + "incident instead of moving it on; add on = { \(list) }"))
        }
        if let each = state.each, let field = definition.inputs.first(where: { $0.name == each }),
           field.type != .list {
            found.append((state.line, .eachNotList, "subflow '\(state.name)': each = \"\(each)\" names input field "
                          + "'\(each)', declared \(field.type.rawValue); each needs a list (declare it \"list\")"))
        }
        return found
    }

    /// head_of naming no department, and org-chart specs with no org chart to read.
    private static func orgChartWarnings(_ state: StateDefinition, _ definition: WorkflowDefinition,
                                         _ people: PeopleDirectory) -> [(Int?, Rule, String)] {
        var specs = state.approvers + [state.assignee, state.sentBy].compactMap { $0 } + state.items.map(\.assignee)
        specs += state.ladder.compactMap {
            switch $0.action {
            case .remind(let spec): spec
            case .escalate(let spec, _): spec
            }
        }
        var found: [(Int?, Rule, String)] = []
        let hasChart = !people.departments.isEmpty || people.people.contains { $0.manager != nil }
        for spec in specs {
            switch spec {
            case .headOf(let name) where people.department(name) == nil && !definition.inputs.contains(where: { $0.name == name }):
                found.append((state.line, .unknownDepartment, "state '\(state.name)' asks head_of(\"\(name)\"), but '\(name)' "
                              + "is neither a department in the people directory nor an input field"))
            case .managerOf, .managersUpTo, .headOf:
                if !hasChart {
                    found.append((state.line, .noOrgChart, "state '\(state.name)' asks \(spec), but the people directory "
                                  + "has no departments and no managers (add them to people.json, Docs/people.md)"))
                }
            default:
                break
            }
        }
        if state.policy.selfApproval == .head && !hasChart {
            found.append((state.line, .noOrgChart, "approval '\(state.name)' has self = \"head\", but the people "
                          + "directory has no departments and no managers"))
        }
        return found
    }

    /// Reachable, non-final states from which no final state can be reached through
    /// transitions, timeouts and declared returns.
    static func trappedStates(_ definition: WorkflowDefinition) -> [String] {
        let unreachable = Set(DefinitionChecks.unreachable(definition).map(\.name))
        var canFinish = Set(definition.states.filter { $0.kind == .final }.map(\.name))
        var changed = true
        while changed {
            changed = false
            for state in definition.states where !canFinish.contains(state.name) {
                if (state.targets + state.returnTo).contains(where: canFinish.contains) {
                    canFinish.insert(state.name)
                    changed = true
                }
            }
        }
        return definition.states.map(\.name).filter { !canFinish.contains($0) && !unreachable.contains($0) }
    }
}

/// `-- lint: allow RULE, RULE` comments, by line.
struct Suppressions {
    private var rulesByLine: [Int: Set<String>] = [:]

    init(_ source: [UInt8]) {
        let lines = String(decoding: source, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, line) in lines.enumerated() {
            guard let comment = line.range(of: "--"),
                  let marker = line[comment.upperBound...].range(of: "lint: allow") else { continue }
            let names = line[marker.upperBound...].split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
                .map(String.init).filter { !$0.isEmpty }
            rulesByLine[offset + 1, default: []].formUnion(names)
        }
    }

    func silences(_ rule: DefinitionLint.Rule, at line: Int?) -> Bool {
        guard let line else { return false }
        return [line, line - 1].contains { rulesByLine[$0]?.contains(rule.rawValue) == true }
    }
}
