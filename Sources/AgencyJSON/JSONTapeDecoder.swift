import Foundation

/// The Decoder behind `JSONDocument.decode`: reads Swift types straight off a
/// `JSONTape`, with no dictionary built for an object.
///
/// It must agree with `JSONValueDecoderImpl` (the reference) on every value and every
/// error, so it decides nothing itself: a value of the expected kind is taken at once,
/// and anything else is handed to `JSONValueDecoderImpl`'s conversions, which accept it
/// or throw their error with the same coding path. Coding paths are built only when
/// asked for (an error, or a type that reads `codingPath`), not for every field.
struct JSONTapeDecoderImpl: Decoder {
    let tape: JSONTape
    let position: Int
    let path: LazyCodingPath
    /// Top-level keys that the caller asked to treat as absent (`excludingKeys`).
    let excludedKeys: Set<String>

    var codingPath: [any CodingKey] { path.resolved }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard var members = tape.members(of: position) else {
            throw JSONValueDecoderImpl.mismatch([String: JSONValue].self, expected: "an object",
                                                found: tape.value(at: position), codingPath: codingPath)
        }
        if !excludedKeys.isEmpty { members.removeAll { excludedKeys.contains($0.key) } }
        return KeyedDecodingContainer(JSONTapeKeyedDecodingContainer<Key>(
            tape: tape, members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let elements = tape.elements(of: position) else {
            throw JSONValueDecoderImpl.mismatch([JSONValue].self, expected: "an array",
                                                found: tape.value(at: position), codingPath: codingPath)
        }
        return JSONTapeUnkeyedDecodingContainer(tape: tape, elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONTapeSingleValueDecodingContainer(decoder: self)
    }

    /// The value here as a `JSONValue`, less the excluded keys.
    var materialized: JSONValue {
        let value = tape.value(at: position)
        guard !excludedKeys.isEmpty, case .object(var members) = value else { return value }
        for key in excludedKeys { members.removeValue(forKey: key) }
        return .object(members)
    }

    /// Decodes one value completely. The types the reference decoder reads specially
    /// (`JSONValue` itself, `Data`, `URL`, `Decimal`) are built as a `JSONValue` and
    /// handed to it.
    static func decode<T: Decodable>(_ type: T.Type, tape: JSONTape, position: Int, path: LazyCodingPath,
                                     excludingKeys: Set<String> = []) throws -> T {
        let decoder = JSONTapeDecoderImpl(tape: tape, position: position, path: path, excludedKeys: excludingKeys)
        if T.self == JSONValue.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
            return try JSONValueDecoderImpl.decode(type, from: decoder.materialized, codingPath: path.resolved)
        }
        return try T(from: decoder)
    }

    static func decode<T: Decodable>(_ type: T.Type, tape: JSONTape, position: Int, codingPath: [any CodingKey],
                                     excludingKeys: Set<String>) throws -> T {
        try decode(type, tape: tape, position: position, path: LazyCodingPath(codingPath),
                   excludingKeys: excludingKeys)
    }

    // MARK: Primitives: the expected kind at once, anything else through the reference.

    static func bool(_ tape: JSONTape, _ position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        if case .scalar(.bool(let flag)) = tape.entries[position] { return flag }
        return try JSONValueDecoderImpl.bool(tape.value(at: position), codingPath: path())
    }

    static func string(_ tape: JSONTape, _ position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        if case .scalar(.string(let text)) = tape.entries[position] { return text }
        return try JSONValueDecoderImpl.string(tape.value(at: position), codingPath: path())
    }

    static func integer<T: FixedWidthInteger>(_ tape: JSONTape, _ position: Int, as type: T.Type,
                                              _ path: @autoclosure () -> [any CodingKey]) throws -> T {
        if case .scalar(.integer(let integer)) = tape.entries[position], let exact = T(exactly: integer) {
            return exact
        }
        return try JSONValueDecoderImpl.integer(tape.value(at: position), as: type, codingPath: path())
    }

    static func double(_ tape: JSONTape, _ position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> Double {
        if case .scalar(.double(let number)) = tape.entries[position] { return number }
        return try JSONValueDecoderImpl.double(tape.value(at: position), codingPath: path())
    }

    static func float(_ tape: JSONTape, _ position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> Float {
        try JSONValueDecoderImpl.float(tape.value(at: position), codingPath: path())
    }
}

/// A coding path kept as the parent's resolved path plus one key, and joined only when
/// read: most values decode without anyone asking for their path.
struct LazyCodingPath {
    let parent: [any CodingKey]
    let last: (any CodingKey)?

    init(_ path: [any CodingKey]) {
        parent = path
        last = nil
    }

    init(parent: [any CodingKey], last: any CodingKey) {
        self.parent = parent
        self.last = last
    }

    var resolved: [any CodingKey] {
        guard let last else { return parent }
        return parent + [last]
    }
}
