import AgencyFormats
import AgencyJSON

/// One thing `repair` did.
public enum RepairAction: Sendable, Hashable, CustomStringConvertible {
    /// The torn last line (`bytes` long, at `line`) was appended to `savedTo` and cut
    /// from the journal.
    case movedTornTail(line: Int, bytes: Int, savedTo: String)
    /// The snapshot was moved to quarantine (`movedTo`) because of `reason`.
    case quarantinedSnapshot(reason: String, movedTo: String)
    /// A new snapshot was built from the journal's records and written at `head`.
    case rebuiltSnapshot(head: JournalHead)

    public var description: String {
        switch self {
        case .movedTornTail(let line, let bytes, let savedTo):
            return "moved the torn last line \(line) (\(bytes) bytes) to \(savedTo)"
        case .quarantinedSnapshot(let reason, let movedTo):
            return "moved the snapshot (\(reason)) to \(movedTo)"
        case .rebuiltSnapshot(let head):
            return "rebuilt the snapshot from the journal at \(head)"
        }
    }
}

/// What `repair` did; `actions` is empty when there was nothing to repair.
public struct RepairReport: Sendable {
    public let id: String
    public let actions: [RepairAction]
    /// The journal head after the repair (nil if no record survived).
    public let head: JournalHead?
}

extension FileStore {
    /// Repairs the damage a crash can cause, and refuses everything else.
    ///
    /// - A torn last journal line (no newline, or not JSON) is appended to
    ///   `journal/<id>.jsonl.torn-<UTC time>` (never deleted) and the journal is cut,
    ///   durably, after its last complete line.
    /// - A missing, corrupt or stale (journal ahead) snapshot is rebuilt by
    ///   `rebuild(records)` from the whole sound journal and written durably with
    ///   `head` at the last record; a corrupt one is first moved to
    ///   `quarantine/<id>.json.<UTC time>-<random>`, never overwritten. The index
    ///   entries come from `indexEntries(rebuilt)`, or, without it, from the old
    ///   snapshot (none if it was unreadable; run `rebuildIndex` after).
    /// - A chain broken before the last line, a snapshot ahead of the journal or
    ///   disagreeing with it, or a snapshot without a journal is refused with
    ///   `repairRefused`: those are not crash damage, and "repairing" them would erase
    ///   the evidence. Nothing is changed then.
    ///
    /// Every check runs before the first change. Takes the instance lock itself.
    public func repair(_ id: String, rebuild: ([JSONValue]) throws -> JSONValue,
                       indexEntries: ((JSONValue) throws -> IndexEntries)? = nil) throws -> RepairReport {
        try withInstanceLock(id) {
            lockHold(id)?.known = nil  // repair rewrites the files behind the holder's back
            let plan = try planRepair(id)
            // The new snapshot is built before anything is touched, so a replay that
            // fails leaves every file as it was.
            var rebuilt: (bytes: [UInt8], entries: IndexEntries, head: JournalHead)?
            if plan.rebuild, let head = plan.scan.head {
                let snapshot = try rebuild(plan.scan.records)
                let entries = try indexEntries?(snapshot) ?? plan.oldIndex
                for entry in entries { try entry.validate() }
                rebuilt = (try SnapshotSource.json(snapshot).bytes(id: id, head: head, index: entries),
                           entries, head)
            }
            var actions: [RepairAction] = []
            if let torn = plan.tornTail {
                actions.append(try moveTornTail(id, plan: plan, torn: torn))
            }
            if let reason = plan.quarantineReason {
                let target = layout.quarantineDirectory + "/" + id + ".json."
                    + ISOTime.compactUTC(options.clock()) + "-"
                    + String(UInt32.random(in: 0...UInt32.max), radix: 16)
                try fileSystem.rename(layout.snapshotFile(id), to: target)
                try fileSystem.syncDirectory(layout.quarantineDirectory)
                try fileSystem.syncDirectory(layout.instancesDirectory)
                actions.append(.quarantinedSnapshot(reason: reason, movedTo: target))
            }
            if let rebuilt {
                try createMarkers(rebuilt.entries, id: id)
                try writer.replace(layout.snapshotFile(id), with: rebuilt.bytes)
                actions.append(.rebuiltSnapshot(head: rebuilt.head))
            }
            return RepairReport(id: id, actions: actions, head: plan.scan.head)
        }
    }

    private struct RepairPlan {
        var journalBytes: [UInt8]
        var scan: JournalScan
        var tornTail: JournalProblem?
        var quarantineReason: String?
        var rebuild = false
        var oldIndex: IndexEntries = []
    }

    /// Reads everything and decides what to do, or throws `repairRefused`.
    private func planRepair(_ id: String) throws(StoreError) -> RepairPlan {
        let journalBytes = try fileSystem.readFileIfPresent(layout.journalFile(id))
        let (snapshot, corruption) = try readSnapshotOrProblem(id)
        guard let journalBytes else {
            if snapshot == nil && corruption == nil { throw .noSuchInstance(id: id) }
            throw .repairRefused(id: id, reason: "the journal is missing, so there is nothing "
                + "to rebuild from and nothing to check the snapshot against; restore "
                + "\(layout.journalFile(id)) from a backup")
        }
        var plan = RepairPlan(journalBytes: journalBytes, scan: JournalScan(bytes: journalBytes, id: id))
        if let problem = plan.scan.problem {
            guard problem.kind == .tornTail else {
                throw .repairRefused(id: id, reason: "the journal is damaged before its last "
                    + "line (\(problem)). Only a torn last line is crash damage; this needs "
                    + "the journal restored from a backup and checked against the printed heads")
            }
            plan.tornTail = problem
        }
        let head = plan.scan.head
        if let corruption {
            guard head != nil else {
                throw .repairRefused(id: id, reason: "the snapshot is corrupt (\(corruption)) and "
                    + "the journal has no complete record to rebuild it from")
            }
            plan.quarantineReason = corruption
            plan.rebuild = true
        } else if let snapshot {
            plan.oldIndex = snapshot.indexed
            guard let head else {
                throw .repairRefused(id: id, reason: "the snapshot is at \(snapshot.head) but the "
                    + "journal has no complete record: records were lost")
            }
            if let problem = InstanceAudit.compareHeads(snapshot.head, head, records: plan.scan.records) {
                guard problem.kind == .journalAhead else {
                    throw .repairRefused(id: id, reason: problem.message)
                }
                plan.rebuild = true
            }
        } else if head != nil {
            plan.rebuild = true
        }
        return plan
    }

    /// Saves the torn bytes beside the journal, then cuts them off; both durable.
    private func moveTornTail(_ id: String, plan: RepairPlan, torn: JournalProblem) throws(StoreError) -> RepairAction {
        let journal = layout.journalFile(id)
        let saved = journal + ".torn-" + ISOTime.compactUTC(options.clock())
        let tornBytes = Array(plan.journalBytes[plan.scan.goodLength...])
        let fs = fileSystem
        let created = try fs.status(saved) == nil
        let file = try fs.open(saved, [.write, .append, .create], mode: 0o644)
        do {
            try fs.write(file, tornBytes)
            try fs.fsync(file)
        } catch let error {
            fs.closeQuietly(file)
            throw error
        }
        fs.closeQuietly(file)
        if created { try fs.syncDirectory(layout.journalDirectory) }
        try writer.truncate(journal, to: Int64(plan.scan.goodLength))
        return .movedTornTail(line: torn.line, bytes: tornBytes.count, savedTo: saved)
    }
}
