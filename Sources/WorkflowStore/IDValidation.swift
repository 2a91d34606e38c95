/// The naming rules for everything that becomes a file name inside the store.
///
/// Names are validated, never escaped: a name that is refused with a clear rule is
/// better than one silently rewritten, and a validated name can be used as a path
/// component as is. Together the rules make path traversal (`../x`, `a/b`) and hidden
/// files impossible, and keep a name from colliding with the store's own files
/// (temporary files and the store lock start with a dot).
public enum NameRules {
    public static let instanceRule = "an instance id is 1 to 128 ASCII letters, digits, "
        + "'-', '_' or '.', not starting with '.' or '-' (so never '.', '..', a hidden file "
        + "or a command-line option) and without '/'"

    public static let definitionRule = "a workflow name is 1 to 64 ASCII letters, digits, "
        + "'_' or '-', not starting with '-'"

    public static let kindRule = "an index kind is 1 to 32 lowercase ASCII letters, digits, "
        + "'_' or '-'"

    public static let keyRule = "an index key is 1 to 200 bytes of UTF-8 (Chinese is fine) "
        + "without '/', NUL or control characters, not starting with '.'"

    public static let shaRule = "a definition version is 64 lowercase hexadecimal digits"

    /// Throws `StoreError.invalidName` unless `id` is a valid instance id.
    public static func checkInstanceID(_ id: String) throws(StoreError) {
        let bytes = Array(id.utf8)
        guard (1...128).contains(bytes.count),
              bytes[0] != UInt8(ascii: "."), bytes[0] != UInt8(ascii: "-"),
              bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-")
                  || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") })
        else { throw .invalidName(what: "instance id", value: id, rule: instanceRule) }
    }

    /// Throws `StoreError.invalidName` unless `name` is a valid workflow name.
    public static func checkDefinitionName(_ name: String) throws(StoreError) {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count), bytes[0] != UInt8(ascii: "-"),
              bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-")
                  || $0 == UInt8(ascii: "_") })
        else { throw .invalidName(what: "workflow name", value: name, rule: definitionRule) }
    }

    /// Throws unless `kind` is a valid index kind.
    public static func checkIndexKind(_ kind: String) throws(StoreError) {
        let bytes = Array(kind.utf8)
        guard (1...32).contains(bytes.count),
              bytes.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                  || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                  || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
        else { throw .invalidName(what: "index kind", value: kind, rule: kindRule) }
    }

    /// Throws unless `key` is a valid index key.
    public static func checkIndexKey(_ key: String) throws(StoreError) {
        let bytes = Array(key.utf8)
        guard (1...200).contains(bytes.count), bytes[0] != UInt8(ascii: "."),
              bytes.allSatisfy({ $0 >= 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "/") })
        else { throw .invalidName(what: "index key", value: key, rule: keyRule) }
    }

    /// Throws unless `sha` looks like a definition version.
    public static func checkSHA(_ sha: String) throws(StoreError) {
        guard JournalHash.isHex(sha) else {
            throw .invalidName(what: "definition version", value: sha, rule: shaRule)
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
