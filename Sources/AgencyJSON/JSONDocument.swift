/// A parsed JSON document that can be decoded into a Swift type directly, without
/// building a dictionary-backed `JSONValue` for the whole document first.
///
/// `JSONDocument.parse` accepts and refuses exactly what `JSONValue.parse` does, with the
/// same `JSONParseError`s; `decode(_:excludingKeys:)` gives the same value, or throws the
/// same `DecodingError` (kind, coding path and description), as
/// `JSONValue.parse(bytes).decode(_:)` with those keys removed from the top-level object.
/// (One difference no caller can rely on either way: an object decoded as a dictionary
/// with several bad values names the first in the document, where the reference names
/// one in its hash order, which changes from run to run.)
/// The parsed form is a flat list of entries (`JSONTape`); only the parts decoded as
/// `JSONValue` (a field holding arbitrary JSON, or `value`) are built as dictionaries.
///
/// A document can also wrap a `JSONValue` already in memory (a store that keeps values,
/// not bytes); it then decodes through `JSONValue.decode`, the reference path.
public struct JSONDocument: Sendable {
    enum Storage: Sendable {
        case tape(JSONTape)
        case value(JSONValue)
    }

    let storage: Storage

    /// A document holding `value` as it is.
    public init(_ value: JSONValue) {
        storage = .value(value)
    }

    private init(tape: JSONTape) {
        storage = .tape(tape)
    }

    /// Parses one strict RFC 8259 document from UTF-8 bytes, with the rules, limits and
    /// errors of `JSONValue.parse`.
    public static func parse(_ bytes: some Collection<UInt8>,
                             limits: JSONParseLimits = .default) throws(JSONParseError) -> JSONDocument {
        let inPlace = bytes.withContiguousStorageIfAvailable { buffer in
            JSONParser.parseTape(buffer, limits: limits)
        }
        if let inPlace {
            return JSONDocument(tape: try inPlace.get())
        }
        let copy = Array(bytes)
        return JSONDocument(tape: try copy.withUnsafeBufferPointer { buffer in
            JSONParser.parseTape(buffer, limits: limits)
        }.get())
    }

    /// The whole document as a `JSONValue`, equal to what `JSONValue.parse` returns for
    /// the same bytes. Builds every object's dictionary: prefer `decode` or `member`.
    public var value: JSONValue {
        switch storage {
        case .tape(let tape): return tape.value(at: 0)
        case .value(let value): return value
        }
    }

    /// `typeName` of the top-level value ("object", "array", …).
    public var typeName: String {
        switch storage {
        case .tape(let tape):
            switch tape.entries[0] {
            case .object: return JSONValue.object([:]).typeName
            case .array: return JSONValue.array([]).typeName
            case .scalar(let scalar): return scalar.typeName
            case .key: return JSONValue.string("").typeName
            }
        case .value(let value):
            return value.typeName
        }
    }

    /// Whether the top-level value is an object.
    public var isObject: Bool {
        switch storage {
        case .tape(let tape):
            if case .object = tape.entries[0] { return true }
            return false
        case .value(let value):
            return value.objectValue != nil
        }
    }

    /// The top-level object's member `key` as a `JSONValue` (only that member is built);
    /// nil when the document is not an object or has no such member.
    public func member(_ key: String) -> JSONValue? {
        switch storage {
        case .tape(let tape):
            guard let found = tape.members(of: 0)?.first(where: { $0.key == key }) else { return nil }
            return tape.value(at: found.value)
        case .value(let value):
            return value[key]
        }
    }

    /// Decodes `type` from the document, as `JSONValue.decode` would from the document
    /// with `excludingKeys` removed from its top-level object (keys a store adds that are
    /// not part of the type).
    public func decode<T: Decodable>(_ type: T.Type = T.self, excludingKeys: Set<String> = []) throws -> T {
        switch storage {
        case .tape(let tape):
            return try JSONTapeDecoderImpl.decode(type, tape: tape, position: 0, codingPath: [],
                                                  excludingKeys: excludingKeys)
        case .value(let value):
            guard !excludingKeys.isEmpty, case .object(var members) = value else {
                return try value.decode(type)
            }
            for key in excludingKeys { members.removeValue(forKey: key) }
            return try JSONValue.object(members).decode(type)
        }
    }
}
