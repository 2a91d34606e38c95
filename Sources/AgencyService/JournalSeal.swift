import AgencyFormats
import AgencyJSON
import WorkflowStore

/// A seal: one short code over the heads of every journal of a store as of a moment,
/// printed on the weekly report and read aloud at the meeting, so that anyone can later
/// prove (`agency verify --seal`) that nothing recorded before that moment changed.
///
/// The rule (Docs/storage.md, "Seals"):
/// - a journal's head as of moment T is its record with the greatest seq whose `at` is
///   at or before T (compared as instants). Records after it are ignored, even one dated
///   earlier (it was written later); the chain binds every record before it.
/// - a journal with no record at or before T (an instance created later) is left out.
/// - the store journal takes part under the id `.store`, except its `seal` records: a
///   seal never seals itself, so printing a report twice gives the same code.
/// - digest = SHA-256 of `fullagency-seal:1\n` followed by one line `<id> <seq> <hash>\n`
///   per journal, sorted by id (UTF-8 bytes).
/// - code = the digest's first 80 bits in Crockford base32, 16 characters in groups of
///   four (`7KQ2-M9XD-P4TA-8WQ1`). 80 bits: no one can find other history with the same
///   code, and it is still short enough to read aloud.
public struct JournalSeal: Sendable, Equatable {
    public let moment: String
    /// Lowercase hex SHA-256 (what the store journal records beside the code).
    public let digest: String
    /// The digested lines after the rule's first line, `<id> <seq> <hash>\n` sorted by id:
    /// kept as bytes, because a seal may cover 100,000 journals and a weekly report needs
    /// only the code; `heads` reads them back when a seal is recorded or compared.
    let lines: [UInt8]

    public init(moment: String, heads: [String: JournalHead]) {
        var text: [UInt8] = []
        let ordered = heads.map { (id: Array($0.key.utf8), head: $0.value) }
            .sorted { $0.id.lexicographicallyPrecedes($1.id) }
        for (id, head) in ordered {
            text += id
            text.append(0x20)
            text += String(head.seq).utf8
            text.append(0x20)
            text += head.hash.utf8
            text.append(0x0A)
        }
        self.init(moment: moment, sortedLines: text)
    }

    /// A seal over lines already in the rule's form and order (`SettledHeads.merge`).
    init(moment: String, sortedLines: [UInt8]) {
        self.moment = moment
        lines = sortedLines
        digest = Digest.sha256Hex(Array("fullagency-seal:1\n".utf8) + sortedLines)
    }

    /// The head of each journal taking part, by id.
    public var heads: [String: JournalHead] {
        var heads: [String: JournalHead] = [:]
        for line in lines.split(separator: 0x0A) {
            let fields = line.split(separator: 0x20)
            guard fields.count == 3, let seq = Int(String(decoding: fields[1], as: UTF8.self)) else { continue }
            heads[String(decoding: fields[0], as: UTF8.self)] =
                JournalHead(seq: seq, hash: String(decoding: fields[2], as: UTF8.self))
        }
        return heads
    }

    public static func == (left: JournalSeal, right: JournalSeal) -> Bool {
        left.moment == right.moment && left.digest == right.digest
    }

    public var code: String { Self.code(digestHex: digest) }

    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// The 16-character code of a hex digest.
    static func code(digestHex: String) -> String {
        var bits: [Bool] = []
        for character in digestHex.prefix(20) {
            let value = character.hexDigitValue ?? 0
            bits += (0..<4).map { (value >> (3 - $0)) & 1 == 1 }
        }
        var characters: [Character] = []
        for start in stride(from: 0, to: 80, by: 5) {
            let value = bits[start..<(start + 5)].reduce(0) { $0 * 2 + ($1 ? 1 : 0) }
            if start > 0, start % 20 == 0 { characters.append("-") }
            characters.append(alphabet[value])
        }
        return String(characters)
    }

    /// A code as someone typed it, in the printed form, or nil: case, spaces and dashes
    /// do not matter, and O, I and L are read as 0, 1 and 1 (Crockford's rule for codes
    /// read aloud and written down by hand).
    public static func normalized(_ typed: String) -> String? {
        var characters: [Character] = []
        for character in typed.uppercased() where character != "-" && character != " " {
            switch character {
            case "O": characters.append("0")
            case "I", "L": characters.append("1")
            default:
                guard alphabet.contains(character) else { return nil }
                characters.append(character)
            }
        }
        guard characters.count == 16 else { return nil }
        return stride(from: 0, to: 16, by: 4).map { String(characters[$0..<($0 + 4)]) }.joined(separator: "-")
    }

    /// The head as of `moment` of a journal's `records`: the greatest seq whose time is at
    /// or before it. `isAtOrBefore` compares a record's `at`; `skip` leaves records out.
    static func head(of records: [JSONValue], isAtOrBefore: (String) -> Bool,
                     skip: (JSONValue) -> Bool = { _ in false }) -> JournalHead? {
        for record in records.reversed() where !skip(record) {
            guard let at = record["at"]?.stringValue, isAtOrBefore(at),
                  let seq = record["seq"]?.intValue, let hash = record["hash"]?.stringValue
            else { continue }
            return JournalHead(seq: Int(seq), hash: hash)
        }
        return nil
    }
}
