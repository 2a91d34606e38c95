/// Lint rules for approval quorums and 退回 resubmit modes (Docs/approvals.md).
extension DefinitionLint {
    /// {at_least = n} with fewer than n people behind the approvers, when every approver
    /// spec is a role or a person (a data field, a function or an org-chart spec is only
    /// known at run time).
    static func quorumWarnings(_ state: StateDefinition, _ people: PeopleDirectory) -> [(Int?, Rule, String)] {
        guard state.kind == .approval, case .atLeast(let n) = state.rule else { return [] }
        var holders: [String] = []
        for spec in state.approvers {
            switch spec {
            case .role(let role):
                holders += people.holders(of: role).map(\.id).filter { !holders.contains($0) }
            case .person(let id):
                if !holders.contains(id) { holders.append(id) }
            case .field, .function, .managerOf, .managersUpTo, .headOf:
                return []  // who they are depends on the instance
            }
        }
        guard holders.count < n else { return [] }
        let who = holders.isEmpty ? "nobody" : holders.map { people.display($0) }.joined(separator: ", ")
        return [(state.line, .quorumUnreachable, "approval '\(state.name)' needs at_least = \(n) approvals, but its "
                 + "approvers are only \(holders.count) people (\(who)): entering it will be refused; "
                 + "lower at_least or give the role to more people")]
    }

    /// resubmit = "direct" where no earlier state could be returned to: no state lies on a
    /// way from the start to this one (reachable from the start without passing through it,
    /// and leading to it).
    static func resubmitWarnings(_ state: StateDefinition, _ definition: WorkflowDefinition) -> [(Int?, Rule, String)] {
        guard state.resubmit == .direct else { return [] }
        func closure(from names: [String], next: (String) -> [String]) -> Set<String> {
            var seen = Set(names)
            var frontier = names
            while let name = frontier.popLast() {
                for other in next(name) where other != state.name && seen.insert(other).inserted {
                    frontier.append(other)
                }
            }
            return seen
        }
        let fromStart = definition.start == state.name ? [] : closure(from: [definition.start]) {
            definition.state($0)?.targets ?? []
        }
        let leadingHere = closure(from: [state.name]) { name in
            definition.states.filter { $0.targets.contains(name) }.map(\.name)
        }
        var before = fromStart.intersection(leadingHere)
        before.remove(state.name)
        let allowed = state.returnTo.isEmpty ? before : before.intersection(state.returnTo)
        guard allowed.isEmpty else { return [] }
        return [(state.line, .resubmitNoReturn, "state '\(state.name)' has resubmit = \"direct\", but no earlier "
                 + "state can be returned to from it"
                 + (state.returnTo.isEmpty ? "" : " (return_to names none that comes before it)")
                 + ", so it never applies; remove it or fix return_to")]
    }
}
