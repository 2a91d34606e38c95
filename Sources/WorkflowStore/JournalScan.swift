import AgencyJSON

/// The first thing wrong with a journal, found by reading it from the start.
public struct JournalProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The last line has no newline or is not JSON: an append was cut short.
        case tornTail = "torn tail"
        /// A line before the last is not JSON (a middle record cut or overwritten).
        case unreadable = "unreadable record"
        /// A line is JSON but lacks an integer `seq` or string `prev`/`hash`.
        case malformed = "malformed record"
        /// `seq` is not the line's position: a record was deleted, inserted or moved.
        case seqMismatch = "seq mismatch"
        /// `hash` does not match the record's content: the record was edited.
        case hashMismatch = "hash mismatch"
        /// `prev` is not the previous record's hash: a record before it was replaced
        /// (with a recomputed hash) or records were spliced from elsewhere.
        case prevMismatch = "prev mismatch"
    }

    public let kind: Kind
    /// 1-based line number in the file.
    public let line: Int
    /// The seq expected at that line (lines and seqs coincide in a sound journal).
    public let seq: Int
    public let message: String

    public var description: String { "line \(line) (seq \(seq)): \(kind.rawValue): \(message)" }
}

/// The result of reading a journal from the start and checking its chain.
struct JournalScan {
    /// The records before the first problem, in order.
    var records: [JSONValue] = []
    /// Bytes up to and including the newline of the last good record.
    var goodLength = 0
    /// The last good record's head, or nil if there is none.
    var head: JournalHead?
    var problem: JournalProblem?

    /// Reads `bytes` line by line, checking each record's seq, hash and prev link, and
    /// stops at the first problem.
    init(bytes: [UInt8], id: String) {
        var prev = JournalHash.genesis(for: id)
        var offset = 0
        var line = 0
        while offset < bytes.count {
            line += 1
            guard let newline = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) else {
                problem = JournalProblem(kind: .tornTail, line: line, seq: line, message:
                    "the last line has no newline (\(bytes.count - offset) bytes): a write was cut short")
                return
            }
            let isLast = newline == bytes.count - 1
            let record: JSONValue
            do {
                record = try JSONValue.parse(bytes[offset..<newline])
            } catch let error {
                problem = JournalProblem(kind: isLast ? .tornTail : .unreadable, line: line,
                                         seq: line, message: "not JSON (\(error.description))")
                return
            }
            if let found = Self.check(record, line: line, prev: prev) {
                problem = found
                return
            }
            // `check` has verified these fields exist.
            let hash = record["hash"]?.stringValue ?? ""
            records.append(record)
            head = JournalHead(seq: line, hash: hash)
            prev = hash
            offset = newline + 1
            goodLength = offset
        }
    }

    /// The problem with one parsed record at `line` whose predecessor's hash is `prev`.
    static func check(_ record: JSONValue, line: Int, prev: String) -> JournalProblem? {
        guard case .object(let members) = record,
              let seq = members["seq"]?.intValue,
              let recordPrev = members["prev"]?.stringValue,
              let hash = members["hash"]?.stringValue
        else {
            return JournalProblem(kind: .malformed, line: line, seq: line, message:
                "a record must be an object with an integer \"seq\" and string \"prev\" and \"hash\"")
        }
        if seq != Int64(line) {
            return JournalProblem(kind: .seqMismatch, line: line, seq: line, message:
                "expected seq \(line) but found \(seq): a record was deleted, inserted or moved")
        }
        // A record without a computable hash (a non-finite number cannot come from the
        // parser) is reported as a mismatch.
        let actual = (try? JournalHash.hash(of: record)) ?? ""
        if actual != hash {
            return JournalProblem(kind: .hashMismatch, line: line, seq: line, message:
                "the record's content hashes to \(actual.prefix(12))…, not to its hash "
                + "\(hash.prefix(12))…: the record was edited")
        }
        if recordPrev != prev {
            let what = line == 1
                ? "the journal's start is not bound to this instance (copied from another id?)"
                : "it does not link to record \(line - 1): record \(line - 1) was replaced "
                    + "with a recomputed hash, or records were spliced in"
            return JournalProblem(kind: .prevMismatch, line: line, seq: line, message:
                "prev \(recordPrev.prefix(12))… does not match \(prev.prefix(12))…: " + what)
        }
        return nil
    }
}
