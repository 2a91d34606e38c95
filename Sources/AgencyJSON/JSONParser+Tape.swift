// Parsing into a `JSONTape` instead of a `JSONValue`. The grammar, the limits and every
// refusal are the parser's own (strings, numbers, literals, commas, depth and the error
// builders are shared); only where a value goes differs. Two things need care to stay
// identical to `parseObject`: a duplicate key is found by `String` equality (Unicode
// canonical equivalence, as a dictionary finds it), and it is reported after the
// member's value has been parsed, as `parseObject` does.

extension JSONParser {
    static func parseTape(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONParseLimits) -> Result<JSONTape, JSONParseError> {
        var parser = JSONParser(bytes: bytes, limits: limits)
        var builder = TapeBuilder()
        do {
            try parser.beginDocument()
            try parser.parseTapeValue(depth: 0, into: &builder)
            try parser.endDocument()
            return .success(JSONTape(entries: builder.entries))
        } catch {
            return .failure(error)
        }
    }

    private mutating func parseTapeValue(depth: Int, into builder: inout TapeBuilder) throws(JSONParseError) {
        guard index < bytes.count else {
            throw unexpected(expected: "a JSON value")
        }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            builder.entries.append(.scalar(.string(try parseString())))
        case UInt8(ascii: "{"):
            try parseTapeObject(depth: depth + 1, into: &builder)
        case UInt8(ascii: "["):
            try parseTapeArray(depth: depth + 1, into: &builder)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            builder.entries.append(.scalar(try parseNumber()))
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            builder.entries.append(.scalar(.bool(true)))
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            builder.entries.append(.scalar(.bool(false)))
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            builder.entries.append(.scalar(.null))
        default:
            throw invalidValueStart()
        }
    }

    private mutating func parseTapeArray(depth: Int, into builder: inout TapeBuilder) throws(JSONParseError) {
        try checkDepth(depth)
        index += 1
        skipWhitespace()
        let start = builder.entries.count
        builder.entries.append(.array(count: 0, end: 0))
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            builder.entries[start] = .array(count: 0, end: builder.entries.count)
            return
        }
        var count = 0
        path.append(.index(0))
        while true {
            path[path.count - 1] = .index(count)
            try parseTapeValue(depth: depth, into: &builder)
            count += 1
            skipWhitespace()
            guard index < bytes.count else {
                throw unexpected(expected: "',' or ']' after an array element")
            }
            switch bytes[index] {
            case UInt8(ascii: ","):
                try skipComma(closing: UInt8(ascii: "]"))
            case UInt8(ascii: "]"):
                index += 1
                path.removeLast()
                builder.entries[start] = .array(count: count, end: builder.entries.count)
                return
            default:
                throw unexpected(expected: "',' or ']' after an array element")
            }
        }
    }

    private mutating func parseTapeObject(depth: Int, into builder: inout TapeBuilder) throws(JSONParseError) {
        try checkDepth(depth)
        index += 1
        skipWhitespace()
        let start = builder.entries.count
        builder.entries.append(.object(count: 0, end: 0))
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            builder.entries[start] = .object(count: 0, end: builder.entries.count)
            return
        }
        let keysBase = builder.keys.count
        var seen: Set<String>?
        defer { builder.keys.removeSubrange(keysBase...) }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw invalidKeyStart()
            }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw unexpected(expected: "':' after the object key")
            }
            index += 1
            skipWhitespace()
            builder.entries.append(.key(key))
            path.append(.key(key))
            try parseTapeValue(depth: depth, into: &builder)
            path.removeLast()
            if builder.isDuplicate(key, since: keysBase, seen: &seen) {
                let earlier = builder.keys[keysBase...]
                throw duplicateKey(key, in: Dictionary(earlier.map { ($0, JSONValue.null) }) { first, _ in first },
                                   at: keyOffset)
            }
            skipWhitespace()
            guard index < bytes.count else {
                throw unexpected(expected: "',' or '}' after an object member")
            }
            switch bytes[index] {
            case UInt8(ascii: ","):
                try skipComma(closing: UInt8(ascii: "}"))
            case UInt8(ascii: "}"):
                index += 1
                let count = builder.keys.count - keysBase
                builder.entries[start] = .object(count: count, end: builder.entries.count)
                return
            default:
                throw unexpected(expected: "',' or '}' after an object member")
            }
        }
    }
}

/// The tape being built, and the keys of the objects still open (a stack: each object
/// owns the keys from the count it started at).
struct TapeBuilder {
    var entries: [JSONTapeEntry] = []
    var keys: [String] = []

    /// Objects up to this many members are checked for duplicates by comparing with each
    /// earlier key; larger ones keep a set, so a hostile object of many keys stays linear.
    private static let linearLimit = 16

    /// Whether `key` equals (by canonical equivalence) a key of the current object;
    /// records it otherwise.
    mutating func isDuplicate(_ key: String, since base: Int, seen: inout Set<String>?) -> Bool {
        if seen == nil, keys.count - base >= Self.linearLimit {
            seen = Set(keys[base...])
        }
        if seen != nil {
            if seen?.insert(key).inserted == false { return true }
        } else if keys[base...].contains(key) {
            return true
        }
        keys.append(key)
        return false
    }
}
