import Foundation

/// The Decoder behind `JSONValue.decode(_:)`: reads Swift types straight out of a
/// `JSONValue`, with no text round trip.
struct JSONValueDecoderImpl: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw Self.mismatch([String: JSONValue].self, expected: "an object", found: value, codingPath: codingPath)
        }
        return KeyedDecodingContainer(JSONValueKeyedDecodingContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw Self.mismatch([JSONValue].self, expected: "an array", found: value, codingPath: codingPath)
        }
        return JSONValueUnkeyedDecodingContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONValueSingleValueDecodingContainer(value: value, codingPath: codingPath)
    }

    /// Decodes one value completely. `JSONValue` itself is returned untouched, and the
    /// Foundation types JSONEncoder writes specially are read back in that form.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: [any CodingKey]) throws -> T {
        if T.self == JSONValue.self, let same = value as? T {
            return same
        }
        if T.self == Data.self, let data = try decodeData(value, codingPath: codingPath) as? T {
            return data
        }
        if T.self == URL.self, let url = try decodeURL(value, codingPath: codingPath) as? T {
            return url
        }
        if T.self == Decimal.self, let decimal = try decodeDecimal(value, codingPath: codingPath) as? T {
            return decimal
        }
        return try T(from: JSONValueDecoderImpl(value: value, codingPath: codingPath))
    }

    // MARK: Primitives

    static func bool(_ value: JSONValue, codingPath: [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else {
            throw mismatch(Bool.self, expected: "a boolean", found: value, codingPath: codingPath)
        }
        return flag
    }

    static func string(_ value: JSONValue, codingPath: [any CodingKey]) throws -> String {
        guard case .string(let text) = value else {
            throw mismatch(String.self, expected: "a string", found: value, codingPath: codingPath)
        }
        return text
    }

    static func integer<T: FixedWidthInteger>(_ value: JSONValue, as type: T.Type, codingPath: [any CodingKey]) throws -> T {
        switch value {
        case .integer(let integer):
            if let exact = T(exactly: integer) { return exact }
            throw corrupted("number \(integer) does not fit in \(T.self)", codingPath: codingPath)
        case .double(let number):
            if let exact = T(exactly: number) { return exact }
            throw corrupted("number \(number) is not an integer that fits in \(T.self)", codingPath: codingPath)
        default:
            throw mismatch(T.self, expected: "an integer", found: value, codingPath: codingPath)
        }
    }

    static func double(_ value: JSONValue, codingPath: [any CodingKey]) throws -> Double {
        switch value {
        case .double(let number): return number
        case .integer(let integer): return Double(integer)
        default: throw mismatch(Double.self, expected: "a number", found: value, codingPath: codingPath)
        }
    }

    static func float(_ value: JSONValue, codingPath: [any CodingKey]) throws -> Float {
        let number = try double(value, codingPath: codingPath)
        let narrowed = Float(number)
        guard narrowed.isFinite else {
            throw corrupted("number \(number) is out of the range of Float", codingPath: codingPath)
        }
        return narrowed
    }

    private static func decodeData(_ value: JSONValue, codingPath: [any CodingKey]) throws -> Data {
        let text = try string(value, codingPath: codingPath)
        guard let data = Data(base64Encoded: text) else {
            throw corrupted("string is not valid base64 data", codingPath: codingPath)
        }
        return data
    }

    private static func decodeURL(_ value: JSONValue, codingPath: [any CodingKey]) throws -> URL {
        let text = try string(value, codingPath: codingPath)
        guard let url = URL(string: text) else {
            throw corrupted("string \(JSONPath.quoted(text)) is not a valid URL", codingPath: codingPath)
        }
        return url
    }

    private static func decodeDecimal(_ value: JSONValue, codingPath: [any CodingKey]) throws -> Decimal {
        switch value {
        case .integer(let integer):
            return Decimal(integer)
        case .double(let number):
            // From the shortest text, so 0.1 becomes exactly 0.1 rather than the
            // binary approximation's 0.1000000000000000055511151231257827.
            return Decimal(string: number.description, locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(number)
        default:
            throw mismatch(Decimal.self, expected: "a number", found: value, codingPath: codingPath)
        }
    }

    // MARK: Errors

    /// A JSON null where a value is required is "value not found", as in JSONDecoder,
    /// so `Optional` handling and error messages behave the same with both decoders.
    static func mismatch(_ type: Any.Type, expected: String, found value: JSONValue, codingPath: [any CodingKey]) -> DecodingError {
        let context = DecodingError.Context(
            codingPath: codingPath,
            debugDescription: "expected \(expected) but found \(value.typeName)")
        if value.isNull {
            return .valueNotFound(type, context)
        }
        return .typeMismatch(type, context)
    }

    static func corrupted(_ message: String, codingPath: [any CodingKey]) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: message))
    }
}
