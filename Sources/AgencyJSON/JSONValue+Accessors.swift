// Accessors answer "is it this kind, and if so what is inside" without a switch.
// They never convert between kinds, except `doubleValue`, because silently turning a
// string "1" into a number is how workflow data gets corrupted; callers that want
// coercion should say so explicitly.

extension JSONValue {
    /// The payload of `.string`, otherwise `nil`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The payload of `.integer`, otherwise `nil`. A double such as `2.0` is not an
    /// integer here: the distinction is part of the data and is kept.
    public var intValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// Any number as a `Double`: the payload of `.double`, or an `.integer` converted.
    /// Integers beyond ±2^53 are rounded to the nearest representable double, so use
    /// `intValue` whenever exactness matters.
    public var doubleValue: Double? {
        switch self {
        case .double(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }

    /// The payload of `.bool`, otherwise `nil`. Numbers and strings are not truthy.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements of `.array`, otherwise `nil`.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members of `.object`, otherwise `nil`.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is JSON `null` (a present key with an empty value).
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key` of an object. `nil` means "absent or not an object";
    /// a member that is present and null comes back as `.null`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` of an array; `nil` when out of bounds or not an array,
    /// so lookups into untrusted documents never trap.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) {
            return elements[index]
        }
        return nil
    }

    /// The kind of value in the words used by error messages ("expected a string but
    /// found integer"). Integers and doubles are told apart because the difference can
    /// be the very cause of the error.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
