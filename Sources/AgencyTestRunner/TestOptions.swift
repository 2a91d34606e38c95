import AgencyJSON
import AgencyService
import LuaRuntime

/// The options table of a test API call (`{ as = "sunli", comment = "同意" }`), read
/// strictly: an unknown key is an error naming the keys that are allowed, so a typo such
/// as `commment` fails the test instead of being silently ignored.
struct TestOptions {
    let fields: [String: JSONValue]
    let context: String

    init(_ value: JSONValue?, allowed: Set<String>, context: String) throws {
        self.context = context
        switch value {
        case nil, .null?:
            fields = [:]
        case .object(let object)?:
            fields = object
        case .array(let items)? where items.isEmpty:
            fields = [:]
        case let other?:
            throw HostCallError("\(context): options must be a table such as { as = \"wangfang\" }, "
                                + "got \(other.typeName)")
        }
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw HostCallError("\(context): unknown option '\(unknown)' (allowed: "
                                + allowed.sorted().joined(separator: ", ") + ")")
        }
    }

    func string(_ key: String) throws -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?:
            throw HostCallError("\(context): option '\(key)' must be a string, got \(other.typeName)")
        }
    }

    func json(_ key: String) -> JSONValue? {
        switch fields[key] {
        case nil, .null?: return nil
        case let value?: return value
        }
    }

    /// A string or a list of strings (`attach = "a.pdf"` or `attach = { "a.pdf", "b.pdf" }`).
    func strings(_ key: String) throws -> [String]? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let text)?: return [text]
        case .array(let items)?:
            return try items.map { item in
                guard let text = item.stringValue else {
                    throw HostCallError("\(context): option '\(key)' must list strings")
                }
                return text
            }
        case let other?:
            throw HostCallError("\(context): option '\(key)' must be a string or a list, got \(other.typeName)")
        }
    }

    /// A table of strings to strings (`mapping = { old = "new" }`).
    func stringMap(_ key: String) throws -> [String: String] {
        guard let value = fields[key], !value.isNull else { return [:] }
        guard case .object(let object) = value else {
            if case .array(let items) = value, items.isEmpty { return [:] }
            throw HostCallError("\(context): option '\(key)' must be a table { old_state = \"new_state\" }")
        }
        return try object.mapValues { item in
            guard let text = item.stringValue else {
                throw HostCallError("\(context): option '\(key)' must map state names to state names")
            }
            return text
        }
    }
}
