import AgencyJSON
import Foundation

/// The zone's people and their roles (包联领导, 代办员, 联络员, 主任, admin ...).
///
/// File format (`people.json`, versioned):
/// ```json
/// { "format": 1,
///   "people": [ { "id": "zhangwei", "name": "张伟", "roles": ["包联领导"], "login": "zhangwei" } ] }
/// ```
/// `id` is what workflows and commands use; `login` maps an operating-system user to a
/// person; the role `admin` allows admin actions and acting for others. Optional org-chart
/// keys (`departments`, and per person `department`, `manager`, `delegations`) are
/// described in Docs/people.md and checked in PeopleDirectory+OrgChart.swift.
public struct PeopleDirectory: Sendable, Equatable {
    public struct Person: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var roles: [String]
        public var login: String?
        /// The id of the person's department (`departments`).
        public var department: String?
        /// The person's direct manager, when it is not simply their department's head.
        public var manager: String?
        /// Standing delegations (代理): who takes this person's new items, and when.
        public var delegations: [Delegation]?
        /// When the person takes notifications as one daily digest, the zone's local time
        /// it is sent at ("17:30"); nil for one by one as they come (Docs/people.md).
        public var digest: String?

        public init(id: String, name: String, roles: [String], login: String? = nil,
                    department: String? = nil, manager: String? = nil, delegations: [Delegation]? = nil,
                    digest: String? = nil) {
            self.id = id
            self.name = name
            self.roles = roles
            self.login = login
            self.department = department
            self.manager = manager
            self.delegations = delegations
            self.digest = digest
        }

        /// The digest time as (hour, minute), when `digest` is set.
        public var digestTime: (hour: Int, minute: Int)? { digest.flatMap(PeopleDirectory.clockTime) }
    }

    public static let adminRole = "admin"
    public private(set) var people: [Person]
    public private(set) var departments: [Department]
    private var byID: [String: Int] = [:]
    private var departmentByID: [String: Int] = [:]

    public init(people: [Person], departments: [Department] = []) throws {
        self.people = people
        self.departments = departments
        for (position, person) in people.enumerated() {
            guard Self.isValidID(person.id) else {
                throw PeopleError("person id '\(person.id)' may use only letters, digits, '_', '-' and '.'")
            }
            guard byID[person.id] == nil else { throw PeopleError("person '\(person.id)' is listed twice") }
            byID[person.id] = position
        }
        for (position, department) in departments.enumerated() {
            guard Self.isValidID(department.id) else {
                throw PeopleError("department id '\(department.id)' may use only letters, digits, '_', '-' and '.'")
            }
            guard departmentByID[department.id] == nil else {
                throw PeopleError("department '\(department.id)' is listed twice")
            }
            departmentByID[department.id] = position
        }
        try checkOrgChart()
    }

    public func department(_ id: String) -> Department? { departmentByID[id].map { departments[$0] } }

    /// Reads and checks a people file; unknown keys are errors, so typos do not pass.
    public static func load(json: JSONValue, source: String) throws -> PeopleDirectory {
        guard case .object(let top) = json else { throw PeopleError("\(source): expected a JSON object") }
        for key in top.keys.sorted() where !["format", "people", "departments"].contains(key) {
            throw PeopleError("\(source): unknown key '\(key)' (expected format, people, departments)")
        }
        guard top["format"]?.intValue == 1 else {
            throw PeopleError("\(source): \"format\": 1 is required")
        }
        guard case .array(let list)? = top["people"] else {
            throw PeopleError("\(source): \"people\" must be a list")
        }
        var people: [Person] = []
        for (position, entry) in list.enumerated() {
            guard case .object(let fields) = entry else {
                throw PeopleError("\(source): people[\(position + 1)] must be an object")
            }
            let known = ["id", "name", "roles", "login", "department", "manager", "delegations", "digest"]
            for key in fields.keys.sorted() where !known.contains(key) {
                throw PeopleError("\(source): people[\(position + 1)]: unknown key '\(key)' (expected "
                                  + known.joined(separator: ", ") + ")")
            }
            guard let id = fields["id"]?.stringValue, let name = fields["name"]?.stringValue else {
                throw PeopleError("\(source): people[\(position + 1)] needs \"id\" and \"name\"")
            }
            let roles = fields["roles"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let delegations = try fields["delegations"].map {
                try Delegation.list($0, context: "\(source): people[\(position + 1)] (\(id))")
            }
            let digest = try optionalString(fields, "digest", "\(source): person '\(id)'")
            if let digest, clockTime(digest) == nil {
                throw PeopleError("\(source): person '\(id)': \"digest\" must be a time of day such as \"17:30\" "
                                  + "(24-hour, the zone's time), not \"\(digest)\"; leave it out for one notification at a time")
            }
            people.append(Person(id: id, name: name, roles: roles, login: fields["login"]?.stringValue,
                                 department: try optionalString(fields, "department", "\(source): person '\(id)'"),
                                 manager: try optionalString(fields, "manager", "\(source): person '\(id)'"),
                                 delegations: delegations, digest: digest))
        }
        let departments = try top["departments"].map { try Department.list($0, source: source) } ?? []
        do {
            return try PeopleDirectory(people: people, departments: departments)
        } catch let error as PeopleError where !departments.isEmpty || people.contains(where: \.hasOrgChart) {
            // Org-chart problems name entries, not the file: say which file.
            throw PeopleError("\(source): \(error.description)")
        }
    }

    static func optionalString(_ fields: [String: JSONValue], _ key: String, _ context: String) throws -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw PeopleError("\(context): \"\(key)\" must be a string (an id), got \(other.typeName)")
        }
    }

    /// The canonical document; a directory without org-chart keys encodes exactly as
    /// before they existed, so its version (sha) is unchanged.
    public var json: JSONValue {
        var top: [String: JSONValue] = ["format": 1, "people": .array(people.map { person in
            var fields: [String: JSONValue] = [
                "id": .string(person.id), "name": .string(person.name),
                "roles": .array(person.roles.map { .string($0) }),
            ]
            if let login = person.login { fields["login"] = .string(login) }
            if let department = person.department { fields["department"] = .string(department) }
            if let manager = person.manager { fields["manager"] = .string(manager) }
            if let delegations = person.delegations { fields["delegations"] = .array(delegations.map(\.json)) }
            if let digest = person.digest { fields["digest"] = .string(digest) }
            return .object(fields)
        })]
        if !departments.isEmpty { top["departments"] = .array(departments.map(\.json)) }
        return .object(top)
    }

    public func person(_ id: String) -> Person? { byID[id].map { people[$0] } }

    public func person(login: String) -> Person? { people.first { $0.login == login } }

    public func holders(of role: String) -> [Person] { people.filter { $0.roles.contains(role) } }

    public func isAdmin(_ id: String) -> Bool {
        person(id)?.roles.contains(Self.adminRole) ?? false
    }

    /// "张伟 (zhangwei)" for messages.
    public func display(_ id: String) -> String {
        person(id).map { "\($0.name) (\(id))" } ?? id
    }

    /// "HH:MM" (00:00–23:59) as numbers, or nil.
    public static func clockTime(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return (hour, minute)
    }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
    }
}

public struct PeopleError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
