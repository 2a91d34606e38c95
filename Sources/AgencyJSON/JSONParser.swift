/// A strict RFC 8259 recursive-descent parser over a contiguous UTF-8 buffer.
///
/// It works on raw bytes rather than `Character`s because grapheme breaking is far too
/// slow for loading many snapshots, and because the grammar is defined on bytes anyway.
/// Positions are tracked only as a byte offset; line and column are recomputed from
/// the buffer when (and only when) an error is reported.
///
/// Containers recurse once per nesting level; `JSONParseLimits.maxDepth` bounds that.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: JSONParseLimits
    /// Offset of the next unread byte.
    var index = 0
    /// Where the value being parsed sits, kept so a duplicate key can be reported with
    /// the path of its object. Pushing a component per child is cheap next to building
    /// the child itself.
    var path: [JSONPathComponent] = []
    /// Reused for strings that contain escapes, so each such string costs one buffer
    /// fill instead of a fresh allocation.
    var scratch: [UInt8] = []

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONParseLimits) -> Result<JSONValue, JSONParseError> {
        var parser = JSONParser(bytes: bytes, limits: limits)
        do {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONParseLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        try beginDocument()
        let value = try parseValue(depth: 0)
        try endDocument()
        return value
    }

    /// The checks before the first value: size limit, empty input, byte-order mark,
    /// whitespace only. Leaves `index` at the first byte of the value.
    mutating func beginDocument() throws(JSONParseError) {
        if let maxBytes = limits.maxBytes, bytes.count > maxBytes {
            throw error("input is \(bytes.count) bytes, over the limit of \(maxBytes) bytes", at: maxBytes)
        }
        if bytes.isEmpty {
            throw error("input is empty; expected a JSON value", at: 0)
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw error("file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM", at: 0)
        }
        skipWhitespace()
        if index == bytes.count {
            throw error("input contains only whitespace; expected a JSON value", at: index)
        }
    }

    /// Nothing but whitespace may follow the value.
    mutating func endDocument() throws(JSONParseError) {
        skipWhitespace()
        if index < bytes.count {
            throw unexpected(expected: "the end of input after the JSON value")
        }
    }

    /// Parses the value starting at `index` (whitespace already skipped). `depth` is
    /// the nesting level of the container holding it.
    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else {
            throw unexpected(expected: "a JSON value")
        }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth + 1)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        default:
            throw invalidValueStart()
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        try checkDepth(depth)
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array([])
        }
        var elements: [JSONValue] = []
        path.append(.index(0))
        while true {
            path[path.count - 1] = .index(elements.count)
            elements.append(try parseValue(depth: depth))
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
                return .array(elements)
            default:
                throw unexpected(expected: "',' or ']' after an array element")
            }
        }
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        try checkDepth(depth)
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object([:])
        }
        var members: [String: JSONValue] = [:]
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
            path.append(.key(key))
            let value = try parseValue(depth: depth)
            path.removeLast()
            if members.updateValue(value, forKey: key) != nil {
                throw duplicateKey(key, in: members, at: keyOffset)
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
                return .object(members)
            default:
                throw unexpected(expected: "',' or '}' after an object member")
            }
        }
    }

    /// Consumes a separating comma and the whitespace after it, refusing the trailing
    /// comma that JavaScript tolerates and JSON does not.
    mutating func skipComma(closing: UInt8) throws(JSONParseError) {
        let commaOffset = index
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == closing {
            let bracket = Character(Unicode.Scalar(closing))
            throw error("trailing comma before '\(bracket)' is not allowed", at: commaOffset)
        }
    }

    func checkDepth(_ depth: Int) throws(JSONParseError) {
        if depth > limits.maxDepth {
            throw error("nesting is deeper than the limit of \(limits.maxDepth) levels", at: index)
        }
    }

    mutating func parseLiteral(_ word: StaticString) throws(JSONParseError) {
        let start = index
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            start + count <= bytes.count && (0..<count).allSatisfy { bytes[start + $0] == expected[$0] }
        }
        guard matches else {
            throw error("invalid literal; expected '\(word)'", at: start)
        }
        index += count
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09:
                index += 1
            default:
                return
            }
        }
    }
}
