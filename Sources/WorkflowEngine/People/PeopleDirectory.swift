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
/// person; the role `admin` allows admin actions and acting for others.
public struct PeopleDirectory: Sendable, Equatable {
    public struct Person: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var roles: [String]
        public var login: String?

        public init(id: String, name: String, roles: [String], login: String? = nil) {
            self.id = id
            self.name = name
            self.roles = roles
            self.login = login
        }
    }

    public static let adminRole = "admin"
    public private(set) var people: [Person]
    private var byID: [String: Int] = [:]

    public init(people: [Person]) throws {
        self.people = people
        for (position, person) in people.enumerated() {
            guard Self.isValidID(person.id) else {
                throw PeopleError("person id '\(person.id)' may use only letters, digits, '_', '-' and '.'")
            }
            guard byID[person.id] == nil else { throw PeopleError("person '\(person.id)' is listed twice") }
            byID[person.id] = position
        }
    }

    /// Reads and checks a people file; unknown keys are errors, so typos do not pass.
    public static func load(json: JSONValue, source: String) throws -> PeopleDirectory {
        guard case .object(let top) = json else { throw PeopleError("\(source): expected a JSON object") }
        for key in top.keys where !["format", "people"].contains(key) {
            throw PeopleError("\(source): unknown key '\(key)' (expected format, people)")
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
            for key in fields.keys where !["id", "name", "roles", "login"].contains(key) {
                throw PeopleError("\(source): people[\(position + 1)]: unknown key '\(key)'")
            }
            guard let id = fields["id"]?.stringValue, let name = fields["name"]?.stringValue else {
                throw PeopleError("\(source): people[\(position + 1)] needs \"id\" and \"name\"")
            }
            let roles = fields["roles"]?.arrayValue?.compactMap(\.stringValue) ?? []
            people.append(Person(id: id, name: name, roles: roles, login: fields["login"]?.stringValue))
        }
        return try PeopleDirectory(people: people)
    }

    public var json: JSONValue {
        .object(["format": 1, "people": .array(people.map { person in
            var fields: [String: JSONValue] = [
                "id": .string(person.id), "name": .string(person.name),
                "roles": .array(person.roles.map { .string($0) }),
            ]
            if let login = person.login { fields["login"] = .string(login) }
            return .object(fields)
        })])
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

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
    }
}

public struct PeopleError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
