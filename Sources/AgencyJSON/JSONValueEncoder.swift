import Foundation

/// A value being built by the Codable bridge.
///
/// Encoders hand out containers that keep writing after the call that created them
/// returns (nested containers, `superEncoder`), so the tree under construction must be
/// shared by reference. Finished children are stored as plain `JSONValue`s; only
/// containers that may still be written to are stored as nodes, and the whole node is
/// turned into a `JSONValue` once the `encode(to:)` that owns it has returned.
final class EncodingNode {
    enum Kind {
        case empty
        case scalar
        case object
        case array
    }

    enum Slot {
        case value(JSONValue)
        case node(EncodingNode)
    }

    private(set) var kind: Kind
    private var scalar: JSONValue = .null
    /// In the order first encoded; a key encoded again replaces its slot in place.
    /// An array, not a dictionary: writers sort the keys once, and nothing is hashed.
    private(set) var members: [(key: String, slot: Slot)] = []
    var elements: [Slot] = []

    init(kind: Kind = .empty) {
        self.kind = kind
    }

    /// Mixing a single value with a container in one encoder is a bug in the type's
    /// `encode(to:)`, reported as an error rather than a trap.
    func setScalar(_ value: JSONValue, codingPath: [any CodingKey]) throws {
        guard kind == .empty || kind == .scalar else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath,
                debugDescription: "a single value was encoded into an encoder that already holds a container"))
        }
        kind = .scalar
        scalar = value
    }

    /// Asking twice for the same kind of container returns the same storage, as in
    /// JSONEncoder; asking for a different kind is a programming error in the type.
    func become(_ container: Kind, codingPath: [any CodingKey]) {
        switch kind {
        case .empty:
            kind = container
        case container:
            break
        default:
            preconditionFailure(
                "encode(to:) at \(codingPath.map(\.stringValue)) requested \(container) storage after encoding \(kind)")
        }
    }

    func materialize() -> JSONValue {
        switch kind {
        case .empty: return .object([:])
        case .scalar: return scalar
        case .object:
            var object: [String: JSONValue] = [:]
            object.reserveCapacity(members.count)
            for member in members { object[member.key] = Self.materialize(member.slot) }
            return .object(object)
        case .array: return .array(elements.map(Self.materialize))
        }
    }

    /// Sets member `key`, replacing one encoded before under the same key (as a
    /// dictionary would: the last value wins, in the first one's place).
    func setMember(_ key: String, _ slot: Slot) {
        // A linear search is cheapest for a struct's few keys; a large dictionary being
        // encoded gets an index, so its encoding stays linear.
        if members.count >= 32 {
            if positions == nil {
                positions = Dictionary(members.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { $1 })
            }
            if let position = positions?[key] {
                members[position].slot = slot
            } else {
                positions?[key] = members.count
                members.append((key, slot))
            }
        } else if let position = members.firstIndex(where: { $0.key == key }) {
            members[position].slot = slot
        } else {
            members.append((key, slot))
        }
    }

    /// Member positions by key, once there are many members.
    private var positions: [String: Int]?

    /// The scalar of a `.scalar` node.
    var scalarValue: JSONValue { scalar }

    static func materialize(_ slot: Slot) -> JSONValue {
        switch slot {
        case .value(let value): return value
        case .node(let node): return node.materialize()
        }
    }
}

/// The Encoder behind `JSONValue(encoding:)`.
final class JSONValueEncoderImpl: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: EncodingNode, codingPath: [any CodingKey]) {
        self.node = node
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.become(.object, codingPath: codingPath)
        return KeyedEncodingContainer(JSONValueKeyedEncodingContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.become(.array, codingPath: codingPath)
        return JSONValueUnkeyedEncodingContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONValueSingleValueEncodingContainer(node: node, codingPath: codingPath)
    }

    /// Encodes one value completely. Foundation types whose own Codable form differs
    /// from what JSONEncoder writes are special-cased to JSONEncoder's form.
    static func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSONValue {
        EncodingNode.materialize(try slot(value, codingPath: codingPath))
    }

    /// `value` as a slot of its container: a leaf value, or its node tree left
    /// unmaterialized, so that a writer can write it without building dictionaries
    /// (`JSONWriter.write(node:)`).
    static func slot<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> EncodingNode.Slot {
        // Exact type checks rather than `as?` casts alone, so no bridging conversion
        // (a number cast to Decimal, say) can ever pick the wrong branch.
        if T.self == JSONValue.self, let json = value as? JSONValue {
            return .value(json)
        }
        if T.self == Data.self, let data = value as? Data {
            return .value(.string(data.base64EncodedString()))
        }
        if T.self == URL.self, let url = value as? URL {
            return .value(.string(url.absoluteString))
        }
        if T.self == Decimal.self, let decimal = value as? Decimal {
            return .value(try number(decimal, codingPath: codingPath))
        }
        let encoder = JSONValueEncoderImpl(node: EncodingNode(), codingPath: codingPath)
        try value.encode(to: encoder)
        return .node(encoder.node)
    }

    // MARK: Primitives

    static func integer<T: BinaryInteger>(_ value: T, codingPath: [any CodingKey]) throws -> JSONValue {
        guard let exact = Int64(exactly: value) else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath,
                debugDescription: "\(value) does not fit in a 64-bit signed JSON integer; encode it as a string"))
        }
        return .integer(exact)
    }

    static func double(_ value: Double, codingPath: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw nonFinite(value, codingPath: codingPath)
        }
        return .double(value)
    }

    /// A Float is stored as the Double nearest to its shortest decimal text, so 0.1f
    /// becomes 0.1 (as JSONEncoder writes it) rather than 0.10000000149011612; decoding
    /// back to Float still yields the identical Float.
    static func float(_ value: Float, codingPath: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw nonFinite(value, codingPath: codingPath)
        }
        return .double(Double(value.description) ?? Double(value))
    }

    private static func number(_ value: Decimal, codingPath: [any CodingKey]) throws -> JSONValue {
        let text = value.description
        if let integer = Int64(text) {
            return .integer(integer)
        }
        if let number = Double(text), number.isFinite {
            return .double(number)
        }
        throw EncodingError.invalidValue(value, EncodingError.Context(
            codingPath: codingPath,
            debugDescription: "Decimal \(text) cannot be represented as a JSON number"))
    }

    private static func nonFinite(_ value: some BinaryFloatingPoint, codingPath: [any CodingKey]) -> EncodingError {
        EncodingError.invalidValue(value, EncodingError.Context(
            codingPath: codingPath,
            debugDescription: "\(value) is not finite; JSON cannot represent NaN or infinity"))
    }
}
