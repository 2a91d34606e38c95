import AgencyCalendar
import AgencyJSON

/// The org chart kept in the people directory: departments (with a head and a parent),
/// each person's department and manager, and standing delegations (代理). All optional:
/// a directory without them works as before. See Docs/people.md.
extension PeopleDirectory {
    /// A department: `{ "id": "zhaoshang", "name": "招商科", "head": "liming", "parent": "office" }`.
    public struct Department: Sendable, Equatable {
        public var id: String
        public var name: String
        /// The person who heads it (their manager_of is looked for above it).
        public var head: String?
        /// The department above it, if any.
        public var parent: String?

        public init(id: String, name: String, head: String? = nil, parent: String? = nil) {
            self.id = id
            self.name = name
            self.head = head
            self.parent = parent
        }

        var json: JSONValue {
            var fields: [String: JSONValue] = ["id": .string(id), "name": .string(name)]
            if let head { fields["head"] = .string(head) }
            if let parent { fields["parent"] = .string(parent) }
            return .object(fields)
        }

        static func list(_ value: JSONValue, source: String) throws -> [Department] {
            guard case .array(let entries) = value else {
                throw PeopleError("\(source): \"departments\" must be a list")
            }
            return try entries.enumerated().map { position, entry in
                let context = "\(source): departments[\(position + 1)]"
                guard case .object(let fields) = entry else { throw PeopleError("\(context) must be an object") }
                for key in fields.keys.sorted() where !["id", "name", "head", "parent"].contains(key) {
                    throw PeopleError("\(context): unknown key '\(key)' (expected id, name, head, parent)")
                }
                guard let id = fields["id"]?.stringValue, let name = fields["name"]?.stringValue else {
                    throw PeopleError("\(context) needs \"id\" and \"name\"")
                }
                return Department(id: id, name: name,
                                  head: try PeopleDirectory.optionalString(fields, "head", context),
                                  parent: try PeopleDirectory.optionalString(fields, "parent", context))
            }
        }
    }

    /// A standing delegation (代理/请假代理): from `from` to `until` (both included, dates in
    /// the store's zone), items given to the person go to `to` instead.
    public struct Delegation: Codable, Sendable, Equatable {
        public var to: String
        public var from: String
        public var until: String
        public var reason: String?

        public init(to: String, from: String, until: String, reason: String? = nil) {
            self.to = to
            self.from = from
            self.until = until
            self.reason = reason
        }

        public func covers(_ day: CivilDate) -> Bool {
            guard let first = CivilDate(from), let last = CivilDate(until) else { return false }
            return first <= day && day <= last
        }

        var json: JSONValue {
            var fields: [String: JSONValue] = ["to": .string(to), "from": .string(from), "until": .string(until)]
            if let reason { fields["reason"] = .string(reason) }
            return .object(fields)
        }

        static func list(_ value: JSONValue, context: String) throws -> [Delegation] {
            guard case .array(let entries) = value else { throw PeopleError("\(context): \"delegations\" must be a list") }
            return try entries.enumerated().map { position, entry in
                let here = "\(context): delegations[\(position + 1)]"
                guard case .object(let fields) = entry else { throw PeopleError("\(here) must be an object") }
                for key in fields.keys.sorted() where !["to", "from", "until", "reason"].contains(key) {
                    throw PeopleError("\(here): unknown key '\(key)' (expected to, from, until, reason)")
                }
                guard let to = fields["to"]?.stringValue, let from = fields["from"]?.stringValue,
                      let until = fields["until"]?.stringValue else {
                    throw PeopleError("\(here) needs \"to\", \"from\" and \"until\" (dates YYYY-MM-DD)")
                }
                return Delegation(to: to, from: from, until: until, reason: fields["reason"]?.stringValue)
            }
        }
    }

    /// How many delegations in a row are followed (张伟 → 王芳 → 刘洋 → 陈静, no further).
    public static let delegationDepth = 3
    /// How far up manager_of and managers_up_to walk before giving up (a guard; cycles are
    /// refused on load).
    static let maxChain = 64

    /// Refuses references to unknown ids and cycles, naming the entry, so that manager_of
    /// always ends.
    func checkOrgChart() throws {
        for department in departments {
            if let head = department.head, person(head) == nil {
                throw PeopleError("department '\(department.id)': head '\(head)' is not in the people list")
            }
            if let parent = department.parent, self.department(parent) == nil {
                throw PeopleError("department '\(department.id)': parent '\(parent)' is not a department")
            }
        }
        for department in departments {
            var seen: [String] = [department.id]
            var current = department.parent
            while let id = current {
                if seen.contains(id) {
                    throw PeopleError("department '\(department.id)': its parents form a cycle ("
                                      + (seen + [id]).joined(separator: " → ") + ")")
                }
                seen.append(id)
                current = self.department(id)?.parent
            }
        }
        for person in people {
            if let department = person.department, self.department(department) == nil {
                throw PeopleError("person '\(person.id)': department '\(department)' is not a department")
            }
            if let manager = person.manager {
                guard self.person(manager) != nil else {
                    throw PeopleError("person '\(person.id)': manager '\(manager)' is not in the people list")
                }
                guard manager != person.id else { throw PeopleError("person '\(person.id)' is their own manager") }
            }
            for delegation in person.delegations ?? [] {
                let here = "person '\(person.id)': delegation to '\(delegation.to)'"
                guard self.person(delegation.to) != nil else { throw PeopleError("\(here): not in the people list") }
                guard delegation.to != person.id else { throw PeopleError("\(here): a person cannot delegate to themself") }
                guard let from = CivilDate(delegation.from) else {
                    throw PeopleError("\(here): from '\(delegation.from)' is not a date YYYY-MM-DD")
                }
                guard let until = CivilDate(delegation.until) else {
                    throw PeopleError("\(here): until '\(delegation.until)' is not a date YYYY-MM-DD")
                }
                guard from <= until else { throw PeopleError("\(here): from \(delegation.from) is after until \(delegation.until)") }
            }
        }
        // The effective relation (explicit managers and department heads together) must
        // end: 张伟's manager 李明 heading the department 张伟 heads would loop.
        for person in people {
            var chain = [person.id]
            var current = manager(of: person.id)
            while let id = current {
                if chain.contains(id) {
                    throw PeopleError("person '\(person.id)': managers form a cycle ("
                                      + (chain + [id]).joined(separator: " → ") + "); check manager and department head")
                }
                chain.append(id)
                current = manager(of: id)
            }
        }
    }

    /// manager_of(p): p's `manager` if set; else the head of p's department if that is not
    /// p; else the head of the nearest department above it; nil at the top.
    public func manager(of id: String) -> String? {
        guard let person = person(id) else { return nil }
        if let manager = person.manager { return manager }
        var current = person.department
        var steps = 0
        while let departmentID = current, let department = department(departmentID), steps < Self.maxChain {
            if let head = department.head, head != id { return head }
            current = department.parent
            steps += 1
        }
        return nil
    }

    /// The head of a department (nil when it names none).
    public func head(of department: String) -> String? { self.department(department)?.head }

    /// Whom an item given to `id` on `day` goes to: follows delegations covering the day,
    /// at most `delegationDepth` of them. `cycle` is true when the chain came back to
    /// someone already in it (the caller falls back to the admin).
    public func delegate(of id: String, on day: CivilDate) -> (chain: [String], cycle: Bool) {
        var chain = [id]
        var current = id
        while chain.count <= Self.delegationDepth,
              let next = person(current)?.delegations?.first(where: { $0.covers(day) })?.to {
            if chain.contains(next) { return (chain, true) }
            chain.append(next)
            current = next
        }
        return (chain, false)
    }

    /// The delegation of `id` covering `day`, for its reason.
    public func delegation(of id: String, on day: CivilDate) -> Delegation? {
        person(id)?.delegations?.first { $0.covers(day) }
    }
}

extension PeopleDirectory.Person {
    var hasOrgChart: Bool { department != nil || manager != nil || delegations != nil }
}
