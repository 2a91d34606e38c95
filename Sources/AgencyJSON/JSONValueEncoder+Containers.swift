// The three container kinds of `JSONValueEncoderImpl`. Each primitive overload is
// required by the Codable protocols; they all funnel into the conversions on
// `JSONValueEncoderImpl`, which own the rules (Int64 range, finite numbers).

struct JSONValueKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    private func store(_ value: JSONValue, forKey key: Key) {
        node.setMember(key.stringValue, .value(value))
    }

    private func path(_ key: Key) -> [any CodingKey] {
        codingPath + [key]
    }

    mutating func encodeNil(forKey key: Key) throws { store(.null, forKey: key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { store(.bool(value), forKey: key) }
    mutating func encode(_ value: String, forKey key: Key) throws { store(.string(value), forKey: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        store(try JSONValueEncoderImpl.double(value, codingPath: path(key)), forKey: key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        store(try JSONValueEncoderImpl.float(value, codingPath: path(key)), forKey: key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { store(.integer(Int64(value)), forKey: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { store(.integer(Int64(value)), forKey: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { store(.integer(Int64(value)), forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { store(.integer(Int64(value)), forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { store(.integer(value), forKey: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        store(try JSONValueEncoderImpl.integer(value, codingPath: path(key)), forKey: key)
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { store(.integer(Int64(value)), forKey: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { store(.integer(Int64(value)), forKey: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { store(.integer(Int64(value)), forKey: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        store(try JSONValueEncoderImpl.integer(value, codingPath: path(key)), forKey: key)
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.setMember(key.stringValue, try JSONValueEncoderImpl.slot(value, codingPath: path(key)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode(kind: .object)
        node.setMember(key.stringValue, .node(child))
        return KeyedEncodingContainer(JSONValueKeyedEncodingContainer<NestedKey>(node: child, codingPath: path(key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingNode(kind: .array)
        node.setMember(key.stringValue, .node(child))
        return JSONValueUnkeyedEncodingContainer(node: child, codingPath: path(key))
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(named: JSONCodingKey.superKey)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(named: key)
    }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        let child = EncodingNode()
        node.setMember(key.stringValue, .node(child))
        return JSONValueEncoderImpl(node: child, codingPath: codingPath + [key])
    }
}

struct JSONValueUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    var count: Int { node.elements.count }

    private func append(_ value: JSONValue) {
        node.elements.append(.value(value))
    }

    private var nextPath: [any CodingKey] {
        codingPath + [JSONCodingKey(index: count)]
    }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try JSONValueEncoderImpl.double(value, codingPath: nextPath)) }
    mutating func encode(_ value: Float) throws { append(try JSONValueEncoderImpl.float(value, codingPath: nextPath)) }
    mutating func encode(_ value: Int) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { append(.integer(value)) }
    mutating func encode(_ value: UInt) throws { append(try JSONValueEncoderImpl.integer(value, codingPath: nextPath)) }
    mutating func encode(_ value: UInt8) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { append(try JSONValueEncoderImpl.integer(value, codingPath: nextPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        node.elements.append(try JSONValueEncoderImpl.slot(value, codingPath: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        let child = EncodingNode(kind: .object)
        node.elements.append(.node(child))
        return KeyedEncodingContainer(JSONValueKeyedEncodingContainer<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        let child = EncodingNode(kind: .array)
        node.elements.append(.node(child))
        return JSONValueUnkeyedEncodingContainer(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        let child = EncodingNode()
        node.elements.append(.node(child))
        return JSONValueEncoderImpl(node: child, codingPath: path)
    }
}

struct JSONValueSingleValueEncodingContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    private func store(_ value: JSONValue) throws {
        try node.setScalar(value, codingPath: codingPath)
    }

    mutating func encodeNil() throws { try store(.null) }
    mutating func encode(_ value: Bool) throws { try store(.bool(value)) }
    mutating func encode(_ value: String) throws { try store(.string(value)) }
    mutating func encode(_ value: Double) throws { try store(JSONValueEncoderImpl.double(value, codingPath: codingPath)) }
    mutating func encode(_ value: Float) throws { try store(JSONValueEncoderImpl.float(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int) throws { try store(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { try store(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { try store(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { try store(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { try store(.integer(value)) }
    mutating func encode(_ value: UInt) throws { try store(JSONValueEncoderImpl.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt8) throws { try store(.integer(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { try store(.integer(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { try store(.integer(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { try store(JSONValueEncoderImpl.integer(value, codingPath: codingPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try store(JSONValueEncoderImpl.encode(value, codingPath: codingPath))
    }
}
