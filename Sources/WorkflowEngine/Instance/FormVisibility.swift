import AgencyJSON

/// Which data fields `agency show` hides from whom (`fields = { secret = "hidden" }`).
///
/// A field marked hidden in state S is hidden from every person who takes part in S of
/// this instance — holds or held one of its items (assignee, 委派 owner, the principal a
/// standing delegate (代理) holds it for, the person who
/// acted, anyone who transferred, delegated, reassigned or added a signer on it) —
/// whatever else they are in the instance (the initiator too), unless they are an admin.
/// A viewer the people directory does not know sees no hidden field. Hiding is for
/// display: the journal (`agency log`, `verify`) keeps every command's data whole.
extension Instance {
    public func hiddenFields(for viewer: String?, definition: WorkflowDefinition,
                             people: PeopleDirectory) -> Set<String> {
        let marked = definition.states.map { state in
            (state.name, Set(state.fields.filter { $0.value == .hidden }.keys))
        }.filter { !$0.1.isEmpty }
        guard !marked.isEmpty else { return [] }
        guard let viewer, people.person(viewer) != nil else {
            return marked.reduce(into: Set<String>()) { $0.formUnion($1.1) }
        }
        if people.isAdmin(viewer) { return [] }
        var hidden = Set<String>()
        for (state, fields) in marked where items.contains(where: { $0.state == state && $0.involves(viewer) }) {
            hidden.formUnion(fields)
        }
        return hidden
    }

    /// The instance with `fields` taken out of its data and input.
    public func hiding(_ fields: Set<String>) -> Instance {
        guard !fields.isEmpty else { return self }
        var copy = self
        for key in fields {
            if case .object(var values) = copy.data {
                values[key] = nil
                copy.data = .object(values)
            }
            if case .object(var values) = copy.input {
                values[key] = nil
                copy.input = .object(values)
            }
        }
        return copy
    }
}

extension WorkItem {
    /// Whether `person` takes part in this item (an applicant's 催办 does not count).
    func involves(_ person: String) -> Bool {
        assignee == person || owner == person || onBehalfOf == person || actedBy == person
            || history.contains { $0.action != "urge" && ($0.actor == person || $0.to == person) }
    }
}
