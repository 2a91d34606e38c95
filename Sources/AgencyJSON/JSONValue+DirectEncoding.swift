// Encodable → bytes without the dictionary-backed `JSONValue` in between: for the
// snapshots written on every event (Docs/performance.md, "One event in process").

extension JSONValue {
    /// The bytes of `JSONValue(encoding: value).prettyBytes()`, byte for byte, written
    /// straight from the encoder's tree. `members` sets (or replaces) top-level members
    /// of an object, as a store stamps its own keys into a snapshot; the value a
    /// replaced member had comes back in `replaced`. Throws `EncodingError` as
    /// `init(encoding:)` does, `JSONEncodingError` as `prettyBytes()` does, and
    /// `EncodingError.invalidValue` when `members` is given for a value that does not
    /// encode as an object.
    public static func prettyBytes<T: Encodable>(encoding value: T, settingMembers members: [String: JSONValue] = [:])
        throws -> (bytes: [UInt8], replaced: [String: JSONValue]) {
        try directBytes(encoding: value, settingMembers: members, style: .pretty)
    }

    /// As `prettyBytes(encoding:settingMembers:)`, in the canonical style.
    public static func canonicalBytes<T: Encodable>(encoding value: T, settingMembers members: [String: JSONValue] = [:])
        throws -> (bytes: [UInt8], replaced: [String: JSONValue]) {
        try directBytes(encoding: value, settingMembers: members, style: .canonical)
    }

    private static func directBytes<T: Encodable>(encoding value: T, settingMembers members: [String: JSONValue],
                                                  style: JSONWriter.Style) throws -> (bytes: [UInt8], replaced: [String: JSONValue]) {
        let node: EncodingNode
        switch try JSONValueEncoderImpl.slot(value, codingPath: []) {
        case .node(let tree):
            node = tree
        case .value(let leaf):
            guard members.isEmpty else { throw notAnObject(value) }
            return (try JSONWriter.encode(leaf, style: style), [:])
        }
        var replaced: [String: JSONValue] = [:]
        if !members.isEmpty {
            switch node.kind {
            case .object, .empty: node.become(.object, codingPath: [])
            case .scalar, .array: throw notAnObject(value)
            }
            for (key, member) in members {
                if let old = node.members.first(where: { $0.key == key }) {
                    replaced[key] = EncodingNode.materialize(old.slot)
                }
                node.setMember(key, .value(member))
            }
        }
        return (try JSONWriter.encode(node: node, style: style), replaced)
    }

    private static func notAnObject<T>(_ value: T) -> EncodingError {
        EncodingError.invalidValue(value, EncodingError.Context(
            codingPath: [], debugDescription: "members can only be set in a value that encodes as an object"))
    }
}
