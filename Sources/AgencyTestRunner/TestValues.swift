import AgencyJSON
import AgencyService

/// How the test API compares and shows values. Test authors write Lua, so equality
/// follows Lua's rules where JSON's would surprise them: `3 == 3.0`, and an empty table
/// `{}` equals an empty JSON array (Lua cannot tell them apart without `json.array`).
enum TestValues {
    /// Deep equality with Lua's number rule and the empty-table rule.
    static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.integer(let a), .integer(let b)):
            return a == b
        case (.integer, .double), (.double, .integer), (.double, .double):
            return left.doubleValue == right.doubleValue
        case (.array(let a), .object(let o)), (.object(let o), .array(let a)):
            return a.isEmpty && o.isEmpty
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
        default:
            return left == right
        }
    }

    /// Whether `actual` has everything `pattern` asks for: each key of a pattern object
    /// must match (extra keys in `actual` are fine); arrays and scalars must be equal.
    static func matches(_ actual: JSONValue, _ pattern: JSONValue) -> Bool {
        switch (actual, pattern) {
        case (.object(let fields), .object(let wanted)):
            return wanted.allSatisfy { key, value in
                fields[key].map { matches($0, value) } ?? value.isNull
            }
        case (.array(let items), .array(let wanted)):
            return items.count == wanted.count && zip(items, wanted).allSatisfy { matches($0, $1) }
        default:
            return equal(actual, pattern)
        }
    }

    /// A compact, single-line rendering for failure messages: JSON with Chinese kept as
    /// is, cut at `limit` characters.
    static func show(_ value: JSONValue, limit: Int = 300) -> String {
        let text = (try? value.canonicalString()) ?? value.typeName
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// Lists several values, one per line, indented, for "there are: ..." messages.
    static func showList(_ values: [JSONValue], limit: Int = 10) -> String {
        if values.isEmpty { return "(none)" }
        var lines = values.prefix(limit).map { "\n      " + show($0, limit: 200) }
        if values.count > limit { lines.append("\n      … and \(values.count - limit) more") }
        return lines.joined()
    }
}
