import AgencyFormats
import AgencyJSON
import Foundation

/// One thing an instance is findable by without reading its snapshot: a `kind` (what
/// is indexed: "due", "inbox", "status", "workflow"…) and a `key` (the value: a due
/// time, a person, a status, a workflow name). On disk it is the empty marker file
/// `index/<kind>/<key>/<id>`. Names follow `NameRules` (keys may be Chinese but may not
/// contain `/`); they are checked when a commit writes them.
public struct IndexEntry: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let kind: String
    public let key: String

    public init(_ kind: String, _ key: String) {
        self.kind = kind
        self.key = key
    }

    /// A "due" entry whose key is the time in compact UTC (`20250106T010000Z`), so that
    /// due keys sort lexicographically in time order and `keys(kind: "due", through:)`
    /// finds everything due up to a moment.
    public static func due(_ date: Date) -> IndexEntry {
        IndexEntry("due", dueKey(date))
    }

    /// The key `due(_:)` uses for `date`.
    public static func dueKey(_ date: Date) -> String {
        ISOTime.compactUTC(date)
    }

    /// Throws `invalidName` if the kind or key breaks its rule.
    public func validate() throws(StoreError) {
        try NameRules.checkIndexKind(kind)
        try NameRules.checkIndexKey(key)
    }

    public static func < (lhs: IndexEntry, rhs: IndexEntry) -> Bool {
        if lhs.kind != rhs.kind { return byteOrder(lhs.kind, rhs.kind) }
        return byteOrder(lhs.key, rhs.key)
    }

    public var description: String { "\(kind)=\(key)" }
}

/// The entries of one instance.
public typealias IndexEntries = Set<IndexEntry>

extension Set where Element == IndexEntry {
    /// The entries recorded in a snapshot's `"indexed"` value
    /// (`{"<kind>": ["<key>", …], …}`); anything unreadable counts as none.
    public init(indexedJSON value: JSONValue?) {
        self.init()
        guard let kinds = value?.objectValue else { return }
        for (kind, keys) in kinds {
            for key in keys.arrayValue ?? [] {
                if let key = key.stringValue { insert(IndexEntry(kind, key)) }
            }
        }
    }

    /// The snapshot's `"indexed"` value: `{"<kind>": ["<key>", …]}` with sorted keys.
    public var indexedJSON: JSONValue {
        var kinds: [String: [String]] = [:]
        for entry in self { kinds[entry.kind, default: []].append(entry.key) }
        return .object(kinds.mapValues { keys in
            .array(keys.sorted(by: byteOrder).map { .string($0) })
        })
    }
}

/// Orders strings by their UTF-8 bytes, the order of the canonical JSON encoder and of
/// `ls` in the C locale.
func byteOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
}
