import AgencyJSON
import Foundation
import WorkflowEngine
import WorkflowStore

extension AgencyService {
    /// Checks an instance's journal chain, its snapshot's head, and that replaying the
    /// journal against the pinned definitions yields the stored snapshot byte for byte.
    public func verify(_ id: String, knownHead: JournalHead? = nil) throws -> VerifyReport {
        let report = try check(id, knownHead: knownHead)
        // A journal ahead of its snapshot (or a journal without one) is a commit that a
        // crash interrupted, with an intact chain: completing it is what the next command
        // on the instance would do, so verify does it and checks again.
        let interrupted: Set<VerifyProblem.Kind> = [.journalAhead, .missingSnapshot]
        guard !report.isOK, report.problems.allSatisfy({ interrupted.contains($0.kind) }) else { return report }
        try guarded { try store.withInstanceLock(id) { _ = try loadForUpdate(id) } }
        return try check(id, knownHead: knownHead)
    }

    private func check(_ id: String, knownHead: JournalHead?) throws -> VerifyReport {
        try guarded {
            try store.verify(id, knownHead: knownHead) { records in
                for record in records {
                    if let version = record["people"]?.stringValue { self.peopleVersionsSeen[version, default: 0] += 1 }
                }
                guard let instance = try self.rollForward(nil, records, id: id) else { return nil }
                return try InstanceCodec.snapshot(instance)
            }
        }
    }

    /// Repairs what can be repaired safely: a torn last journal line is moved aside, a
    /// missing or corrupt snapshot is rebuilt by replaying the journal.
    public func repair(_ id: String) throws -> RepairReport {
        store.removeStaleTemporaryFiles(thorough: true)
        return try guarded {
            try store.repair(id, rebuild: { records in
                guard let instance = try self.rollForward(nil, records, id: id) else {
                    throw ServiceError.integrity("the journal of \(id) has no records to rebuild from")
                }
                return try InstanceCodec.snapshot(instance)
            }, indexEntries: { snapshot in
                InstanceCodec.indexEntries(try InstanceCodec.instance(snapshot, id: id), timestamps: self.timestamps)
            })
        }
    }

    /// The journal's records, for `agency log`.
    public func journal(_ id: String) throws -> [JSONValue] {
        try guarded {
            guard try store.instanceExists(id) else {
                throw ServiceError.notFound("no instance '\(id)' in the store")
            }
            return try store.readJournal(id)
        }
    }

    /// Moves an instance to the current version of its workflow (or reports what would
    /// change, with `dryRun`).
    public func migrate(_ id: String, mapping: [String: String], actor: String, at: Date,
                        reason: String?, dryRun: Bool) throws -> (from: Instance, to: Instance, head: JournalHead?) {
        let current = try instance(id)
        let target = try currentDefinition(current.workflow)
        var command = Command(kind: .migrate, actor: actor, at: timestamps.format(at))
        command.version = target.version
        command.mapping = mapping.isEmpty ? nil : mapping
        command.reason = reason
        if dryRun {
            let outcome = try guarded { try engine.apply(command, to: current) }
            return (current, outcome.instance, nil)
        }
        let result = try execute(id, command)
        return (current, result.instance, result.head)
    }
}

extension AgencyService {
    /// Rebuilds every index marker from the snapshots (after a power loss, or if index/
    /// was deleted): the indexes are derived data, the snapshots are the truth.
    public func rebuildIndex() throws -> IndexRebuildReport {
        try guarded {
            // Readers fall back to reading every snapshot while the index is incomplete.
            try store.setIndexFormat(nil)
            let report = try store.rebuildIndex(entriesFor: { snapshot in
                let id = snapshot["id"]?.stringValue ?? ""
                return InstanceCodec.indexEntries(try InstanceCodec.instance(snapshot, id: id), timestamps: self.timestamps)
            })
            // A sweep made while the index was missing may have found nothing: the next
            // tick looks at every planned instance again.
            try store.clearCalendarSwept()
            try store.setIndexFormat(IndexGeneration.current)
            return report
        }
    }
}
