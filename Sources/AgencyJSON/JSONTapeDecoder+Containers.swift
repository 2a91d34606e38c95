// The three container kinds of `JSONTapeDecoderImpl`, mirroring those of
// `JSONValueDecoderImpl` (JSONValueDecoder+Containers.swift) member for member, errors
// included; only where a value is found differs (a position on the tape).

struct JSONTapeKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let tape: JSONTape
    /// The object's members in document order. Keys are compared as `String`s, that is
    /// by canonical equivalence, as a dictionary lookup compares them.
    let members: [(key: String, value: Int)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] {
        members.compactMap { Key(stringValue: $0.key) }
    }

    func contains(_ key: Key) -> Bool {
        find(key) != nil
    }

    private func find(_ key: Key) -> Int? {
        let name = key.stringValue
        for member in members where member.key == name { return member.value }
        return nil
    }

    private func position(_ key: Key) throws -> Int {
        guard let position = find(key) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(
                codingPath: codingPath,
                debugDescription: "no value for key \(JSONPath.quoted(key.stringValue))"))
        }
        return position
    }

    private func path(_ key: Key) -> [any CodingKey] {
        codingPath + [key]
    }

    private typealias Impl = JSONTapeDecoderImpl

    func decodeNil(forKey key: Key) throws -> Bool { tape.isNull(try position(key)) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Impl.bool(tape, position(key), path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try Impl.string(tape, position(key), path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try Impl.double(tape, position(key), path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try Impl.float(tape, position(key), path(key)) }
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
        try Impl.decode(type, tape: tape, position: position(key), path: LazyCodingPath(parent: codingPath, last: key))
    }

    private func integer<T: FixedWidthInteger>(_ key: Key) throws -> T {
        try Impl.integer(tape, position(key), as: T.self, path(key))
    }

    private func decoder(_ key: Key) throws -> JSONTapeDecoderImpl {
        JSONTapeDecoderImpl(tape: tape, position: try position(key),
                            path: LazyCodingPath(parent: codingPath, last: key), excludedKeys: [])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(key).unkeyedContainer()
    }

    /// As the reference: a missing `super` member decodes as null, which the tape has
    /// no entry for, so that case gets the reference decoder on a null.
    func superDecoder() throws -> any Decoder {
        superDecoder(named: JSONCodingKey.superKey)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        superDecoder(named: key)
    }

    private func superDecoder(named key: any CodingKey) -> any Decoder {
        let name = key.stringValue
        guard let found = members.first(where: { $0.key == name }) else {
            return JSONValueDecoderImpl(value: .null, codingPath: codingPath + [key])
        }
        return JSONTapeDecoderImpl(tape: tape, position: found.value,
                                   path: LazyCodingPath(parent: codingPath, last: key), excludedKeys: [])
    }
}

struct JSONTapeUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let tape: JSONTape
    let elements: [Int]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(tape: JSONTape, elements: [Int], codingPath: [any CodingKey]) {
        self.tape = tape
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private typealias Impl = JSONTapeDecoderImpl

    /// Hands the next element to `body` and advances only if decoding succeeded, so a
    /// caller may retry the same element as a different type.
    private mutating func next<T>(
        _ type: T.Type, _ body: (JSONTape, Int, LazyCodingPath) throws -> T
    ) throws -> T {
        let path = LazyCodingPath(parent: codingPath, last: JSONCodingKey(index: currentIndex))
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(
                codingPath: path.resolved, debugDescription: "unkeyed container is at its end"))
        }
        let result = try body(tape, elements[currentIndex], path)
        currentIndex += 1
        return result
    }

    /// Consumes the next element only if it is null, as the protocol requires.
    mutating func decodeNil() throws -> Bool {
        let isNull = try next(Bool.self) { tape, position, _ in tape.isNull(position) }
        if !isNull { currentIndex -= 1 }
        return isNull
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) { try Impl.bool($0, $1, $2.resolved) } }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) { try Impl.string($0, $1, $2.resolved) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) { try Impl.double($0, $1, $2.resolved) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) { try Impl.float($0, $1, $2.resolved) } }
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
        try next(type) { tape, position, path in try Impl.decode(type, tape: tape, position: position, path: path) }
    }

    private mutating func integer<T: FixedWidthInteger>() throws -> T {
        try next(T.self) { tape, position, path in try Impl.integer(tape, position, as: T.self, path.resolved) }
    }

    private static func decoder(_ tape: JSONTape, _ position: Int, _ path: LazyCodingPath) -> JSONTapeDecoderImpl {
        JSONTapeDecoderImpl(tape: tape, position: position, path: path, excludedKeys: [])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next(KeyedDecodingContainer<NestedKey>.self) { tape, position, path in
            try Self.decoder(tape, position, path).container(keyedBy: type)
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next((any UnkeyedDecodingContainer).self) { tape, position, path in
            try Self.decoder(tape, position, path).unkeyedContainer()
        }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next((any Decoder).self) { tape, position, path in Self.decoder(tape, position, path) }
    }
}

struct JSONTapeSingleValueDecodingContainer: SingleValueDecodingContainer {
    let decoder: JSONTapeDecoderImpl

    var codingPath: [any CodingKey] { decoder.codingPath }

    private typealias Impl = JSONTapeDecoderImpl
    private var tape: JSONTape { decoder.tape }
    private var position: Int { decoder.position }

    func decodeNil() -> Bool { tape.isNull(position) }
    func decode(_ type: Bool.Type) throws -> Bool { try Impl.bool(tape, position, codingPath) }
    func decode(_ type: String.Type) throws -> String { try Impl.string(tape, position, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try Impl.double(tape, position, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try Impl.float(tape, position, codingPath) }
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
        try Impl.decode(type, tape: tape, position: position, path: decoder.path, excludingKeys: decoder.excludedKeys)
    }

    private func integer<T: FixedWidthInteger>() throws -> T {
        try Impl.integer(tape, position, as: T.self, codingPath)
    }
}
