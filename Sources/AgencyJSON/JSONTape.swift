// A parsed document as one flat array, in document order, instead of nested
// dictionaries: what `JSONDocument` keeps so that a snapshot can be decoded into its
// Swift type without first building a dictionary-backed `JSONValue` for every object
// (Docs/performance.md, "One event in process").

/// One entry of a `JSONTape`.
///
/// A container's entry is followed by its contents: an array's elements, an object's
/// members as a `.key` entry then the member's value. `end` is the index just after the
/// container's last entry, so a reader skips a whole value in one step.
enum JSONTapeEntry: Sendable {
    /// null, a boolean, a number or a string: held as the `JSONValue` it parses to.
    case scalar(JSONValue)
    case array(count: Int, end: Int)
    case object(count: Int, end: Int)
    /// An object member's key; its value starts at the next entry.
    case key(String)
}

/// The entries of one document; entry 0 is the top-level value. Immutable once built
/// and shared by reference between the decoder's containers.
final class JSONTape: Sendable {
    let entries: [JSONTapeEntry]

    init(entries: [JSONTapeEntry]) {
        self.entries = entries
    }

    /// The index just after the value starting at `position`.
    func end(of position: Int) -> Int {
        switch entries[position] {
        case .array(_, let end), .object(_, let end): return end
        case .scalar, .key: return position + 1
        }
    }

    /// The members of the object at `position`, as (key, position of its value), in
    /// document order; nil when the value there is not an object.
    func members(of position: Int) -> [(key: String, value: Int)]? {
        guard case .object(let count, _) = entries[position] else { return nil }
        var members: [(key: String, value: Int)] = []
        members.reserveCapacity(count)
        var cursor = position + 1
        for _ in 0..<count {
            guard case .key(let key) = entries[cursor] else { break }
            members.append((key, cursor + 1))
            cursor = end(of: cursor + 1)
        }
        return members
    }

    /// The positions of the elements of the array at `position`; nil when the value
    /// there is not an array.
    func elements(of position: Int) -> [Int]? {
        guard case .array(let count, _) = entries[position] else { return nil }
        var elements: [Int] = []
        elements.reserveCapacity(count)
        var cursor = position + 1
        for _ in 0..<count {
            elements.append(cursor)
            cursor = end(of: cursor)
        }
        return elements
    }

    /// The value starting at `position` as a `JSONValue`: the same value
    /// `JSONValue.parse` gives for the same bytes.
    func value(at position: Int) -> JSONValue {
        switch entries[position] {
        case .scalar(let scalar):
            return scalar
        case .array:
            return .array((elements(of: position) ?? []).map { value(at: $0) })
        case .object(let count, _):
            var object: [String: JSONValue] = [:]
            object.reserveCapacity(count)
            for member in members(of: position) ?? [] {
                object[member.key] = value(at: member.value)
            }
            return .object(object)
        case .key(let key):
            return .string(key)
        }
    }

    /// Whether the value at `position` is JSON null.
    func isNull(_ position: Int) -> Bool {
        if case .scalar(.null) = entries[position] { return true }
        return false
    }
}
