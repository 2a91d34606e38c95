import AgencyJSON

/// What changes between two versions of the people directory: who joins, who leaves, and
/// who gains or loses a role, a login or a new name. Shown by `agency people apply` before
/// anything is written, and kept in the store journal's record of the change.
public struct PeopleChange: Sendable, Equatable {
    /// One person present in both versions whose entry differs.
    public struct Changed: Sendable, Equatable {
        public var id: String
        public var name: String
        public var previousName: String?
        public var rolesAdded: [String]
        public var rolesRemoved: [String]
        /// The login before and after, when it changed (nil: none).
        public var login: (before: String?, after: String?)?
        /// Org-chart changes, one phrase each: "department a → b", "manager - → liming",
        /// "delegations" (see Docs/people.md).
        public var orgChart: [String] = []

        public static func == (lhs: Changed, rhs: Changed) -> Bool {
            lhs.id == rhs.id && lhs.name == rhs.name && lhs.previousName == rhs.previousName
                && lhs.rolesAdded == rhs.rolesAdded && lhs.rolesRemoved == rhs.rolesRemoved
                && lhs.login?.before == rhs.login?.before && lhs.login?.after == rhs.login?.after
                && lhs.orgChart == rhs.orgChart
        }
    }

    public var joined: [PeopleDirectory.Person]
    public var left: [PeopleDirectory.Person]
    public var changed: [Changed]
    /// Whether the list of departments (names, heads, parents) differs.
    public var departmentsChanged = false

    public var isEmpty: Bool { joined.isEmpty && left.isEmpty && changed.isEmpty && !departmentsChanged }

    /// The difference from `before` to `after`, in the order of the files.
    public init(from before: PeopleDirectory, to after: PeopleDirectory) {
        joined = after.people.filter { before.person($0.id) == nil }
        left = before.people.filter { after.person($0.id) == nil }
        changed = after.people.compactMap { person -> Changed? in
            guard let old = before.person(person.id), old != person else { return nil }
            var orgChart: [String] = []
            if old.department != person.department {
                orgChart.append("department \(old.department ?? "-") → \(person.department ?? "-")")
            }
            if old.manager != person.manager { orgChart.append("manager \(old.manager ?? "-") → \(person.manager ?? "-")") }
            if old.delegations != person.delegations { orgChart.append("delegations") }
            return Changed(id: person.id, name: person.name,
                           previousName: old.name == person.name ? nil : old.name,
                           rolesAdded: person.roles.filter { !old.roles.contains($0) },
                           rolesRemoved: old.roles.filter { !person.roles.contains($0) },
                           login: old.login == person.login ? nil : (old.login, person.login),
                           orgChart: orgChart)
        }
        departmentsChanged = before.departments != after.departments
    }

    /// People whose open items need a decision: those who leave and those who lose a role.
    public var affected: [String] {
        left.map(\.id) + changed.filter { !$0.rolesRemoved.isEmpty }.map(\.id)
    }

    /// `{"joined": [...], "left": [...], "changed": [...]}` for journals and `--json`.
    public var json: JSONValue {
        func person(_ person: PeopleDirectory.Person) -> JSONValue {
            var fields: [String: JSONValue] = ["id": .string(person.id), "name": .string(person.name),
                                               "roles": .array(person.roles.map { .string($0) })]
            if let login = person.login { fields["login"] = .string(login) }
            return .object(fields)
        }
        var result: [String: JSONValue] = ["joined": .array(joined.map(person)), "left": .array(left.map(person)),
                "changed": .array(changed.map { change in
                    var fields: [String: JSONValue] = [
                        "id": .string(change.id), "name": .string(change.name),
                        "rolesAdded": .array(change.rolesAdded.map { .string($0) }),
                        "rolesRemoved": .array(change.rolesRemoved.map { .string($0) }),
                    ]
                    if let previous = change.previousName { fields["previousName"] = .string(previous) }
                    if !change.orgChart.isEmpty { fields["orgChart"] = .array(change.orgChart.map { .string($0) }) }
                    if let login = change.login {
                        fields["login"] = ["before": login.before.map { .string($0) } ?? .null,
                                           "after": login.after.map { .string($0) } ?? .null]
                    }
                    return .object(fields)
                })]
        if departmentsChanged { result["departmentsChanged"] = true }
        return .object(result)
    }
}
