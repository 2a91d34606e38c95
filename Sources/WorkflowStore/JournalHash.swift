import AgencyFormats
import AgencyJSON

/// The position of a journal's last record: its `seq` and `hash`. Stored in the
/// snapshot as `"head": {"seq": n, "hash": "<hex>"}` and printed by the CLI so that it
/// can be kept outside the store (see Docs/storage.md, "What verify proves").
public struct JournalHead: Sendable, Hashable, CustomStringConvertible {
    public let seq: Int
    public let hash: String

    public init(seq: Int, hash: String) {
        self.seq = seq
        self.hash = hash
    }

    /// `{"hash": "<hex>", "seq": n}`.
    public var json: JSONValue {
        ["seq": .integer(Int64(seq)), "hash": .string(hash)]
    }

    /// Reads `{"seq": n, "hash": "<64 hex>"}`; nil if the shape is wrong.
    public init?(json: JSONValue) {
        guard let members = json.objectValue, members.count == 2,
              let seq = members["seq"]?.intValue, seq >= 1, seq <= Int64(Int.max),
              let hash = members["hash"]?.stringValue, JournalHash.isHex(hash)
        else { return nil }
        self.init(seq: Int(seq), hash: hash)
    }

    /// `seq 12 (3f2a9c…)`
    public var description: String { "seq \(seq) (\(hash.prefix(12))…)" }
}

/// The journal's hash chain.
///
/// `hash` = lowercase hex SHA-256 of the canonical JSON encoding (sorted keys, no
/// whitespace) of the record without its `hash` and `sig` keys. `sig` (a signed store's
/// signature over the hash, `JournalSignature`) is left out because it signs the hash and
/// so cannot be part of it; a record without `sig` hashes exactly as before signing existed. `prev` = the previous record's
/// `hash`; for seq 1 it is the hex SHA-256 of the UTF-8 bytes of
/// `"fullagency-journal:" + id`, which binds a journal to its instance: a journal copied
/// under another id fails verification at record 1.
public enum JournalHash {
    /// The prefix of the seed hashed into record 1's `prev`.
    public static let genesisPrefix = "fullagency-journal:"

    /// `prev` of record 1 of instance `id`.
    public static func genesis(for id: String) -> String {
        Digest.sha256Hex(Array((genesisPrefix + id).utf8))
    }

    /// The `hash` a record must carry: the hash of its canonical form minus `hash` and `sig`.
    public static func hash(of record: JSONValue) throws(StoreError) -> String {
        guard case .object(var members) = record else {
            throw .encoding(what: "journal record", problem: "a record must be a JSON object")
        }
        members["hash"] = nil
        members[JournalSignature.key] = nil
        return Digest.sha256Hex(try canonical(.object(members), what: "journal record"))
    }

    /// `hash(of:)` for a record read as a document: the same hash, from the canonical
    /// bytes written straight from the parsed line (no dictionary-backed `JSONValue`).
    public static func hash(of record: JSONDocument) throws(StoreError) -> String {
        guard record.isObject else {
            throw .encoding(what: "journal record", problem: "a record must be a JSON object")
        }
        do {
            return Digest.sha256Hex(try record.canonicalBytes(omitting: ["hash", JournalSignature.key]))
        } catch let error {
            throw .encoding(what: "journal record", problem: error.description)
        }
    }

    /// Completes a draft with `seq`, `prev` and `hash`, returning the record and its
    /// journal line (canonical bytes plus `\n`). Canonical JSON escapes control
    /// characters, so a record never contains a raw newline. Each member is encoded once
    /// (`CanonicalObject`): the hashed bytes and the line differ only by `hash`.
    static func seal(_ draft: [String: JSONValue], seq: Int, prev: String) throws(StoreError)
        -> (record: JSONValue, line: [UInt8], hash: String) {
        var members = draft
        members["seq"] = .integer(Int64(seq))
        members["prev"] = .string(prev)
        do {
            var object = try CanonicalObject(members)
            let hash = Digest.sha256Hex(object.bytes())
            try object.set("hash", .string(hash))
            members["hash"] = .string(hash)
            var line = object.bytes()
            line.append(UInt8(ascii: "\n"))
            return (.object(members), line, hash)
        } catch let error {
            throw .encoding(what: "journal record", problem: error.description)
        }
    }

    /// `sealed` (from `seal`) with its signature `sig` added by `signer`: the record and
    /// its journal line. The hash is unchanged (it does not cover `sig`).
    static func signed(_ sealed: (record: JSONValue, line: [UInt8], hash: String), id: String, seq: Int,
                       signer: JournalSigner) throws(StoreError) -> (record: JSONValue, line: [UInt8], hash: String) {
        guard case .object(var members) = sealed.record else { return sealed }
        members[JournalSignature.key] = .string(try signer.sign(id: id, seq: seq, hash: sealed.hash))
        let record = JSONValue.object(members)
        var line = try canonical(record, what: "journal record")
        line.append(UInt8(ascii: "\n"))
        return (record, line, sealed.hash)
    }

    /// Hex SHA-256 of arbitrary bytes (definition sources).
    public static func sha256(_ bytes: [UInt8]) -> String {
        Digest.sha256Hex(bytes)
    }

    /// Whether `text` is 64 lowercase hex digits.
    public static func isHex(_ text: String) -> Bool { Hex.isSHA256(text) }

    static func canonical(_ value: JSONValue, what: String) throws(StoreError) -> [UInt8] {
        do {
            return try value.canonicalBytes()
        } catch let error {
            throw .encoding(what: what, problem: error.description)
        }
    }
}
