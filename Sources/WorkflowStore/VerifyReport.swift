/// One thing `verify` found wrong.
public struct VerifyProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        // The chain (first problem only: what follows a break cannot be judged).
        case tornTail = "torn tail"
        case unreadableRecord = "unreadable record"
        case malformedRecord = "malformed record"
        case seqMismatch = "seq mismatch"
        case hashMismatch = "hash mismatch"
        case prevMismatch = "prev mismatch"
        // Signatures (a signed store only).
        /// A `sig` that is not the store key's signature of its record's hash.
        case badSignature = "bad signature"
        /// The journal ends in records no signature covers.
        case unsignedRecord = "unsigned record"
        // Journal against snapshot.
        case missingJournal = "missing journal"
        case missingSnapshot = "missing snapshot"
        case corruptSnapshot = "corrupt snapshot"
        /// The snapshot claims records the journal does not have: records were cut off.
        case snapshotAhead = "snapshot ahead of journal"
        /// The journal has records the snapshot does not reflect yet: a crash between
        /// the two writes of a commit. Not tampering; the next command rolls it forward.
        case journalAhead = "journal ahead of snapshot"
        /// Same seq, different hash: the last record or the snapshot's head was replaced.
        case headMismatch = "head mismatch"
        /// The journal does not contain a head kept outside the store.
        case knownHeadMismatch = "known head mismatch"
        /// A record dated before the record it follows: an instance's history runs forward.
        case timeOrder = "time order"
        // Replay.
        case replayFailed = "replay failed"
        /// A stored definition the replay needs no longer hashes to its name: it was
        /// changed after it was stored (the message names the file, left as found).
        case tamperedDefinition = "tampered definition"
        /// A stored calendar version a record names no longer hashes to its name.
        case tamperedCalendar = "tampered calendar version"
        case tamperedPeople = "tampered people directory version"
        case replayMismatch = "replay mismatch"
    }

    public let kind: Kind
    /// The first record seq concerned, when there is one.
    public let seq: Int?
    /// The journal line, for chain problems.
    public let line: Int?
    public let message: String

    public init(kind: Kind, seq: Int?, line: Int? = nil, message: String) {
        self.kind = kind
        self.seq = seq
        self.line = line
        self.message = message
    }

    public var description: String {
        var place = ""
        if let line { place += "line \(line) " }
        if let seq { place += "seq \(seq) " }
        return place.isEmpty ? "\(kind.rawValue): \(message)"
            : "\(place.dropLast()): \(kind.rawValue): \(message)"
    }
}

/// The result of `verify`.
public struct VerifyReport: Sendable, CustomStringConvertible {
    public let id: String
    /// Records that passed every chain check (all of them when the chain is sound).
    public let recordCount: Int
    /// The last sound record; print it and keep it outside the store.
    public let journalHead: JournalHead?
    /// The head recorded in the snapshot, when it could be read.
    public let snapshotHead: JournalHead?
    /// Whether a replay ran and its snapshot was compared.
    public let replayChecked: Bool
    /// Everything found wrong, chain problems first; empty when all is well.
    public let problems: [VerifyProblem]

    public var isOK: Bool { problems.isEmpty }

    /// The first bad record's seq, if any problem names one.
    public var firstBadSeq: Int? { problems.lazy.compactMap(\.seq).first }

    public var description: String {
        let head = journalHead.map { "head \($0)" } ?? "no records"
        if isOK {
            return "\(id): ok, \(recordCount) records, \(head)"
                + (replayChecked ? ", replay matches" : "")
        }
        return "\(id): \(problems.count) problem(s), \(recordCount) sound records, \(head)\n"
            + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
