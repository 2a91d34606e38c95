import AgencyJSON

extension FileStore {
    /// Checks instance `id` and reports what is wrong, never changing a file.
    ///
    /// 1. The journal from the start: every record's `seq` is its line number, its `hash`
    ///    matches its content, its `prev` is the previous record's hash (record 1's is
    ///    bound to the id). The first break is reported and checking stops there.
    /// 2. The snapshot against the journal: its `head` must be the last record.
    /// 3. If `replay` is given and everything so far is sound, it receives every record
    ///    and returns the snapshot they produce (or nil to skip); that snapshot's
    ///    canonical encoding must equal the stored one's, ignoring the store's `head` and
    ///    `indexed` keys (and with `id` filled in if the replay left it out). The first
    ///    difference is named by its path.
    ///
    /// Throws only for an invalid id, an instance with neither file, or an I/O failure.
    ///
    /// `knownHead` is a head kept outside the store (printed by an earlier command, in a
    /// report, a ticket…). The chain cannot see records cut off its end, nor a journal
    /// rewritten from some record on with every hash recomputed; a known head can: the
    /// journal must still hold that record with that hash.
    public func verify(_ id: String, knownHead: JournalHead? = nil,
                       replay: (([JSONValue]) throws -> JSONValue?)? = nil)
        throws(StoreError) -> VerifyReport {
        try NameRules.checkInstanceID(id)
        let journalBytes = try fileSystem.readFileIfPresent(layout.journalFile(id))
        let (snapshot, snapshotProblem) = try readSnapshotOrProblem(id)
        let snapshotPresent = snapshot != nil || snapshotProblem != nil
        if journalBytes == nil && !snapshotPresent { throw .noSuchInstance(id: id) }

        let scan = JournalScan(bytes: journalBytes ?? [], id: id)
        return try InstanceAudit.report(
            id: id, scan: scan, snapshot: snapshot.map { ($0.value, $0.head) },
            snapshotProblem: snapshotProblem, journalName: layout.journalFile(id),
            knownHead: knownHead, replay: replay, publicKey: publicKeyBytes)
    }
}

/// The checks of `verify`, shared by every `InstanceStore`: given what the store holds
/// (the journal's scan, the snapshot or what is wrong with it), what is wrong.
enum InstanceAudit {
    /// The verify report of instance `id`. `journalName` names the journal in messages.
    /// `hasSnapshot` is false for a journal that has none by design (the store journal).
    /// `publicKey` (a signed store's, raw) makes every signature checked and an unsigned
    /// end of the journal a problem (`JournalSignature.problems`).
    static func report(id: String, scan: JournalScan, snapshot: (value: JSONValue, head: JournalHead)?,
                       snapshotProblem: String?, journalName: String, knownHead: JournalHead?,
                       replay: (([JSONValue]) throws -> JSONValue?)?,
                       hasSnapshot: Bool = true, publicKey: [UInt8]? = nil) throws(StoreError) -> VerifyReport {
        let snapshotPresent = snapshot != nil || snapshotProblem != nil
        var problems: [VerifyProblem] = []
        if scan.records.isEmpty && scan.problem == nil && snapshotPresent {
            problems.append(VerifyProblem(kind: .missingJournal, seq: 1, message:
                "the snapshot exists but the journal \(journalName) is missing or empty"))
        }
        if let problem = scan.problem { problems.append(Self.verifyProblem(problem)) }
        // Signatures over the sound records: after a chain break they could only repeat it.
        if let publicKey, scan.problem == nil || scan.problem?.kind == .tornTail {
            problems += JournalSignature.problems(scan.records, id: id, publicKey: publicKey)
        }

        // A torn tail is crash damage at the very end: what precedes it is still
        // checkable. Any other break makes comparisons meaningless.
        let chainSound = scan.problem == nil || scan.problem?.kind == .tornTail
        if chainSound, hasSnapshot, let head = scan.head {
            if let snapshotProblem {
                problems.append(VerifyProblem(kind: .corruptSnapshot, seq: nil, message: snapshotProblem))
            } else if let snapshot {
                if let problem = Self.compareHeads(snapshot.head, head, records: scan.records) {
                    problems.append(problem)
                }
            } else {
                problems.append(VerifyProblem(kind: .missingSnapshot, seq: nil, message:
                    "the journal has \(scan.records.count) records but there is no snapshot"))
            }
        }

        if let knownHead, let problem = Self.checkKnownHead(knownHead, scan: scan) {
            problems.append(problem)
        }
        if chainSound, hasSnapshot, let problem = Self.timeOrderProblem(scan.records) {
            problems.append(problem)
        }

        var replayChecked = false
        if problems.isEmpty, let replay, let snapshot {
            do {
                if let replayed = try replay(scan.records) {
                    replayChecked = true
                    if let difference = try Self.replayDifference(stored: snapshot.value,
                                                                 replayed: replayed, id: id) {
                        problems.append(VerifyProblem(kind: .replayMismatch, seq: nil, message:
                            "replaying the journal gives another snapshot: \(difference)"))
                    }
                }
            } catch {
                problems.append(Self.replayProblem(error))
            }
        }
        return VerifyReport(id: id, recordCount: scan.records.count, journalHead: scan.head,
                            snapshotHead: snapshot?.head, replayChecked: replayChecked,
                            problems: problems)
    }

    /// The first record dated before the change it follows (refused attempts aside). Times are compared as written
    /// (`2025-01-06T09:00:00+08:00`, fixed width): two with the same offset sort as text; a
    /// pair across an offset change (a zone with summer time, a store moved to another
    /// zone) is not compared.
    static func timeOrderProblem(_ records: [JSONValue]) -> VerifyProblem? {
        var previous: String?
        for (index, record) in records.enumerated() {
            // A refused attempt changes nothing; it is journaled at the time it was made,
            // which may be after a change someone then dates earlier in a simulation.
            guard record["kind"]?.stringValue != "refused", let at = record["at"]?.stringValue else { continue }
            if let before = previous, at.utf8.count == before.utf8.count, at.suffix(6) == before.suffix(6),
               at < before {
                return VerifyProblem(kind: .timeOrder, seq: index + 1, message:
                    "record \(index + 1) (\(record["kind"]?.stringValue ?? "?")) is dated \(at), before record "
                    + "\(index) (\(before)): a command was given with --now earlier than the instance's history "
                    + "(by a build that did not refuse it), or the journal was edited")
            }
            previous = at
        }
        return nil
    }

    /// What a replay that threw says: a stored definition or calendar version changed
    /// after it was stored (named, with its file), or another failure.
    static func replayProblem(_ error: any Error) -> VerifyProblem {
        switch error as? StoreError {
        case .definitionTampered?: return VerifyProblem(kind: .tamperedDefinition, seq: nil, message: "\(error)")
        case .environmentVersionTampered(let kind, _, _, _)?:
            return VerifyProblem(kind: kind == .calendar ? .tamperedCalendar : .tamperedPeople, seq: nil,
                                 message: "\(error)")
        default: return VerifyProblem(kind: .replayFailed, seq: nil, message: "replaying the journal failed: \(error)")
        }
    }

    static func verifyProblem(_ problem: JournalProblem) -> VerifyProblem {
        let kind: VerifyProblem.Kind
        switch problem.kind {
        case .tornTail: kind = .tornTail
        case .unreadable: kind = .unreadableRecord
        case .malformed: kind = .malformedRecord
        case .seqMismatch: kind = .seqMismatch
        case .hashMismatch: kind = .hashMismatch
        case .prevMismatch: kind = .prevMismatch
        }
        return VerifyProblem(kind: kind, seq: problem.seq, line: problem.line, message: problem.message)
    }

    /// The problem with a head kept outside the store, if the sound part of the journal
    /// can judge it.
    static func checkKnownHead(_ known: JournalHead, scan: JournalScan) -> VerifyProblem? {
        if known.seq <= scan.records.count {
            let found = scan.records[known.seq - 1]["hash"]?.stringValue ?? ""
            if found == known.hash { return nil }
            return VerifyProblem(kind: .knownHeadMismatch, seq: known.seq, message:
                "record \(known.seq) has hash \(found.prefix(12))… but the head kept outside the "
                + "store says \(known.hash.prefix(12))…: the journal was rewritten")
        }
        // A break before the known seq is already reported; it cannot be judged further.
        if scan.problem != nil && scan.problem?.kind != .tornTail { return nil }
        return VerifyProblem(kind: .knownHeadMismatch, seq: scan.records.count + 1, message:
            "the journal ends at seq \(scan.records.count) but the head kept outside the store "
            + "is \(known): records were cut off")
    }

    /// The problem between the snapshot's head and the journal's sound records, if any.
    static func compareHeads(_ snapshot: JournalHead, _ journal: JournalHead,
                             records: [JSONValue]) -> VerifyProblem? {
        if snapshot == journal { return nil }
        if snapshot.seq > journal.seq {
            return VerifyProblem(kind: .snapshotAhead, seq: journal.seq + 1, message:
                "the snapshot is at \(snapshot) but the journal ends at seq \(journal.seq): "
                + "records \(journal.seq + 1)…\(snapshot.seq) were cut off")
        }
        if records[snapshot.seq - 1]["hash"]?.stringValue != snapshot.hash {
            return VerifyProblem(kind: .headMismatch, seq: snapshot.seq, message:
                "the snapshot is at \(snapshot) but record \(snapshot.seq) has hash "
                + "\((records[snapshot.seq - 1]["hash"]?.stringValue ?? "").prefix(12))…: "
                + "the record was replaced (its hash recomputed) or the snapshot edited")
        }
        return VerifyProblem(kind: .journalAhead, seq: snapshot.seq + 1, message:
            "records \(snapshot.seq + 1)…\(journal.seq) are not in the snapshot yet (a crash "
            + "between journal and snapshot); the next command on the instance rolls them forward")
    }

    /// The first difference between a stored and a replayed snapshot, ignoring the
    /// store-owned keys; nil when they encode identically.
    static func replayDifference(stored: JSONValue, replayed: JSONValue, id: String)
        throws(StoreError) -> String? {
        guard case .object(var storedMembers) = stored else { return "the stored snapshot is not an object" }
        guard case .object(var replayedMembers) = replayed else {
            return "the replay returned \(replayed.typeName), not an object"
        }
        for key in SnapshotKeys.storeOwned {
            storedMembers[key] = nil
            replayedMembers[key] = nil
        }
        if replayedMembers[SnapshotKeys.id] == nil { replayedMembers[SnapshotKeys.id] = .string(id) }
        let left = JSONValue.object(storedMembers)
        let right = JSONValue.object(replayedMembers)
        let same = try JournalHash.canonical(left, what: "stored snapshot")
            == JournalHash.canonical(right, what: "replayed snapshot")
        return same ? nil : JSONDifference.first(left, right, path: "$")
    }
}
