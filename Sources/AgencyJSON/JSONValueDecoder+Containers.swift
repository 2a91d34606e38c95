// The three container kinds of `JSONValueDecoderImpl`. The primitive overloads are
// required by the Codable protocols and all funnel into the conversions on
// `JSONValueDecoderImpl`, which own the rules (exact integers, finite Floats).

struct JSONValueKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] {
        members.keys.compactMap { Key(stringValue: $0) }
    }

    func contains(_ key: Key) -> Bool {
        members[key.stringValue] != nil
    }

    private func value(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(
                codingPath: codingPath,
                debugDescription: "no value for key \(JSONPath.quoted(key.stringValue))"))
        }
        return value
    }

    private func path(_ key: Key) -> [any CodingKey] {
        codingPath + [key]
    }

    private typealias Impl = JSONValueDecoderImpl

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Impl.bool(value(key), codingPath: path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try Impl.string(value(key), codingPath: path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try Impl.double(value(key), codingPath: path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try Impl.float(value(key), codingPath: path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try Impl.decode(type, from: value(key), codingPath: path(key))
    }

    private func integer<T: FixedWidthInteger>(_ key: Key) throws -> T {
        try Impl.integer(value(key), as: T.self, codingPath: path(key))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try Impl(value: value(key), codingPath: path(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try Impl(value: value(key), codingPath: path(key)).unkeyedContainer()
    }

    /// As in JSONDecoder, a missing `super` member decodes as null rather than failing
    /// here, leaving the superclass to decide whether that is acceptable.
    func superDecoder() throws -> any Decoder {
        let key = JSONCodingKey.superKey
        return Impl(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        Impl(value: members[key.stringValue] ?? .null, codingPath: path(key))
    }
}

struct JSONValueUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private typealias Impl = JSONValueDecoderImpl

    /// Hands the next element to `body` and advances only if decoding succeeded, so a
    /// caller may retry the same element as a different type.
    private mutating func next<T>(
        _ type: T.Type, _ body: (JSONValue, [any CodingKey]) throws -> T
    ) throws -> T {
        let path = codingPath + [JSONCodingKey(index: currentIndex)]
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(
                codingPath: path, debugDescription: "unkeyed container is at its end"))
        }
        let result = try body(elements[currentIndex], path)
        currentIndex += 1
        return result
    }

    /// Consumes the next element only if it is null, as the protocol requires.
    mutating func decodeNil() throws -> Bool {
        let isNull = try next(Bool.self) { value, _ in value.isNull }
        if !isNull { currentIndex -= 1 }
        return isNull
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type, Impl.bool) }
    mutating func decode(_ type: String.Type) throws -> String { try next(type, Impl.string) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type, Impl.double) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type, Impl.float) }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next(type) { value, path in try Impl.decode(type, from: value, codingPath: path) }
    }

    private mutating func integer<T: FixedWidthInteger>() throws -> T {
        try next(T.self) { value, path in try Impl.integer(value, as: T.self, codingPath: path) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next(KeyedDecodingContainer<NestedKey>.self) { value, path in
            try Impl(value: value, codingPath: path).container(keyedBy: type)
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next((any UnkeyedDecodingContainer).self) { value, path in
            try Impl(value: value, codingPath: path).unkeyedContainer()
        }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next((any Decoder).self) { value, path in Impl(value: value, codingPath: path) }
    }
}

struct JSONValueSingleValueDecodingContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    private typealias Impl = JSONValueDecoderImpl

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try Impl.bool(value, codingPath: codingPath) }
    func decode(_ type: String.Type) throws -> String { try Impl.string(value, codingPath: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try Impl.double(value, codingPath: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try Impl.float(value, codingPath: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try Impl.decode(type, from: value, codingPath: codingPath)
    }

    private func integer<T: FixedWidthInteger>() throws -> T {
        try Impl.integer(value, as: T.self, codingPath: codingPath)
    }
}
