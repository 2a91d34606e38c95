/// A JSON object kept as its members' canonical bytes, in canonical order, so that the
/// object can be written with a member added, replaced or left out without encoding the
/// other members again: a journal record is written once without its `hash` (what the
/// hash is taken of) and once with it (the journal line), and once more with `sig` in a
/// signed store (Docs/performance.md, "One event in process").
///
/// `bytes(omitting:)` is exactly `JSONValue.object(members).canonicalBytes()` of the
/// same members (`CanonicalObjectTests`).
public struct CanonicalObject: Sendable {
    /// Sorted by the UTF-8 bytes of the key; `bytes` is `"key":value`.
    private var members: [(key: String, bytes: [UInt8])]

    /// Encodes each member once. Throws what `JSONValue.object(members).canonicalBytes()`
    /// throws (a non-finite double, with its path from the object).
    public init(_ members: [String: JSONValue]) throws(JSONEncodingError) {
        var encoded: [(key: String, bytes: [UInt8])] = []
        encoded.reserveCapacity(members.count + 2)
        for (key, value) in members {
            guard let bytes = Self.memberBytes(key, value) else {
                // Only on failure: the whole object's encoding names the value's path.
                _ = try JSONValue.object(members).canonicalBytes()
                throw JSONEncodingError(message: "a value of \(JSONPath.quoted(key)) cannot be encoded",
                                        path: JSONPath.render([.key(key)]))
            }
            encoded.append((key, bytes))
        }
        encoded.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        self.members = encoded
    }

    /// Sets member `key` to `value`, as a dictionary's subscript does: a member whose key
    /// is equal (canonically equivalent) keeps its own spelling and gets the new value.
    /// Throws as `init` does.
    public mutating func set(_ key: String, _ value: JSONValue) throws(JSONEncodingError) {
        let existing = members.firstIndex { $0.key == key }
        let spelling = existing.map { members[$0].key } ?? key
        guard let bytes = Self.memberBytes(spelling, value) else {
            _ = try JSONValue.object([spelling: value]).canonicalBytes()
            throw JSONEncodingError(message: "a value of \(JSONPath.quoted(key)) cannot be encoded",
                                    path: JSONPath.render([.key(key)]))
        }
        if let existing {
            members[existing].bytes = bytes
            return
        }
        let position = members.firstIndex { key.utf8.lexicographicallyPrecedes($0.key.utf8) } ?? members.count
        members.insert((key, bytes), at: position)
    }

    /// The canonical bytes of the object, without the members named in `omitting`.
    public func bytes(omitting: Set<String> = []) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "{")]
        output.reserveCapacity(members.reduce(2) { $0 + $1.bytes.count + 1 })
        var first = true
        for member in members where !omitting.contains(member.key) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output.append(contentsOf: member.bytes)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// `"key":value` in the canonical style; nil for a value that cannot be encoded.
    private static func memberBytes(_ key: String, _ value: JSONValue) -> [UInt8]? {
        var writer = JSONWriter(style: .canonical)
        writer.writeString(key)
        writer.output.append(UInt8(ascii: ":"))
        do {
            try writer.write(value, indent: 1)
        } catch {
            return nil
        }
        return writer.output
    }
}
