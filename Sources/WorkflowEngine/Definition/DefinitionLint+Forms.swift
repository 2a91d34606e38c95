/// Lint rules for per-state forms and the applicant keys (`revoke`, `revoke_by`).
extension DefinitionLint {
    static func applicantWarnings(_ definition: WorkflowDefinition,
                                  people: PeopleDirectory?) -> [(Int?, Rule, String)] {
        var found: [(Int?, Rule, String)] = []
        for state in definition.states {
            let required = state.fields.filter { $0.value == .required }.keys.sorted()
            guard !required.isEmpty, let timeout = state.timeout else { continue }
            let how: String
            switch timeout {
            case .goto(let target): how = "goes to '\(target)'"
            case .approve: how = "approves"
            case .reject: how = "rejects"
            case .function: how = "runs its timeout function"
            }
            found.append((state.line, .formTimeout, "state '\(state.name)' requires "
                          + required.joined(separator: ", ") + " in its form, but its timeout \(how) without "
                          + "anyone filling them in; fill them in the timeout's target or drop the timeout"))
        }
        let policy = definition.applicant
        if let target = policy.revokeState, let state = definition.state(target), state.kind == .final {
            let reached = definition.states.contains { $0.targets.contains(target) }
            if reached {
                found.append((policy.line, .revokeSameFinal, "revoke = \"\(target)\" names a final state that "
                              + "ordinary transitions also reach: a revoked instance ends with outcome "
                              + "'\(state.outcome ?? target)' like one that was not; add a final state of its own, "
                              + "such as revoked = final { outcome = \"revoked\" }"))
            }
        }
        if let people, let spec = policy.revokeBy {
            switch spec {
            case .role(let name) where people.holders(of: name).isEmpty:
                found.append((policy.line, .unknownRole, "workflow revoke_by names role '\(name)', which nobody "
                              + "holds in the people directory"))
            case .person(let id) where people.person(id) == nil:
                found.append((policy.line, .unknownPerson, "workflow revoke_by names person '\(id)', who is not "
                              + "in the people directory"))
            default:
                break
            }
        }
        return found
    }
}
