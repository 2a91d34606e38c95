// Literal conformances let tests, fixtures and host code spell documents inline:
// `let input: JSONValue = ["id": 7, "tags": ["a", "b"], "ratio": 0.5, "note": nil]`.
// Integer literals become `.integer` and float literals `.double`, mirroring the parser,
// so a literal and its parsed text compare equal.

extension JSONValue: ExpressibleByNilLiteral {
    /// `nil` in a literal means JSON `null`. Beware that where the static type is
    /// `JSONValue?` (for example a subscript result) `nil` means "absent" instead.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }
}

extension JSONValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) {
        self = .double(value)
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// A key written twice in one literal is a programming error and traps, exactly as
    /// it does for a `Dictionary` literal; the parser reports the same mistake in a
    /// document as a recoverable error.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var members: [String: JSONValue] = [:]
        members.reserveCapacity(elements.count)
        for (key, value) in elements {
            let previous = members.updateValue(value, forKey: key)
            precondition(previous == nil, "duplicate key \"\(key)\" in JSONValue dictionary literal")
        }
        self = .object(members)
    }
}
