import Foundation

// The bridge between `JSONValue` and Swift's Codable types.
//
// `init(encoding:)` and `decode(_:)` use this module's own Encoder and Decoder, which
// build and read `JSONValue`s directly. Going through Foundation's JSONEncoder and
// JSONDecoder instead would lose exactly what this module exists to keep: JSONEncoder
// writes the Double 1.0 as `1`, and JSONDecoder happily reads `1.0` into an Int64, so
// a `JSONValue` stored inside a Codable snapshot would not come back unchanged.
//
// The conventions match JSONEncoder's defaults, so a type encodes to the same shape
// either way: `Data` as a base64 string, `URL` as its absolute string, `Decimal` as a
// number, `Date` as seconds since 2001-01-01 (its own Codable form), optionals that are
// nil left out of objects, and a type that encodes nothing as `{}`. Integers are Int64:
// an unsigned value above Int64.max is refused with an error rather than rounded.

extension JSONValue {
    /// Encodes any `Encodable` into a `JSONValue`, keeping doubles as `.double` and
    /// integers as `.integer`. Throws `EncodingError` for non-finite floating-point
    /// values and for unsigned integers above Int64.max.
    public init<T: Encodable>(encoding value: T) throws {
        self = try JSONValueEncoderImpl.encode(value, codingPath: [])
    }

    /// Decodes a `Decodable` type from this value. Integers are accepted where a
    /// floating-point type is expected and integral doubles (2.0) where an integer type
    /// is, as JSONDecoder does; a number the integer type cannot hold exactly (2.5 into
    /// Int, 300 into UInt8) throws `DecodingError`, as does a type mismatch, with the
    /// coding path of the value.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONValueDecoderImpl.decode(type, from: self, codingPath: [])
    }
}

extension JSONValue: Codable {
    /// With this module's decoder the value is taken as is. With any other decoder
    /// (JSONDecoder, for instance) the kind is found by trial: null, boolean, a number
    /// that fits Int64 becomes `.integer` and any other number `.double`, then string,
    /// array, object. Through JSONDecoder, `1.0` therefore arrives as `.integer(1)`;
    /// parse documents with `JSONValue.parse` when that distinction matters.
    public init(from decoder: any Decoder) throws {
        if let ours = decoder as? JSONValueDecoderImpl {
            self = ours.value
            return
        }
        if let tape = decoder as? JSONTapeDecoderImpl {
            self = tape.materialized
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .double(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let elements = try? container.decode([JSONValue].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if let ours = encoder as? JSONValueEncoderImpl {
            try ours.node.setScalar(self, codingPath: ours.codingPath)
            return
        }
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .integer(let integer): try container.encode(integer)
        case .double(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let elements): try container.encode(elements)
        case .object(let members): try container.encode(members)
        }
    }
}
