import AgencyJSON
import WorkflowEngine
import WorkflowStore

/// What `rebuildNotifications` did.
public struct NotificationRebuildReport: Sendable {
    /// Instances whose journals were replayed.
    public var instances = 0
    /// Notifications put back in the box (missing, or torn by a power loss).
    public var restored = 0
    /// Instances left out, with the reason (a damaged journal, a missing definition).
    public var skipped: [String: String] = [:]
}

extension AgencyService {
    /// Puts back every notification the box lacks, from the journals.
    ///
    /// Notifications are derived data: the commit writes them without fsync (unless the
    /// store's `syncNotifications` option is set), so a power loss right after a commit
    /// can take one. Replaying each journal against its pinned definitions yields every
    /// notification again under its key `<id>-<seq>-<n>`; a key already pending or
    /// acknowledged is kept, so running this twice, or on a sound store, changes nothing.
    /// It replays every journal, like `verify --all`: run it after an unclean shutdown
    /// (`agency reindex` does), not routinely.
    public func rebuildNotifications() throws -> NotificationRebuildReport {
        var report = NotificationRebuildReport()
        for id in try guarded({ try store.instanceIDs() }) {
            do {
                report.restored += try store.withInstanceLock(id) { try restoreNotifications(of: id) }
                report.instances += 1
            } catch {
                report.skipped[id] = ServiceError(error).description
            }
        }
        return report
    }

    /// Replays `id`'s journal and puts back the notifications the box lacks; returns how
    /// many. The caller holds the instance lock.
    private func restoreNotifications(of id: String) throws -> Int {
        var restored = 0
        var instance: Instance?
        for record in try store.readJournal(id) {
            guard let outcome = try replayOutcome(record, onto: instance, id: id) else { continue }
            instance = outcome.instance
            guard let seq = record["seq"]?.intValue else {
                throw ServiceError.integrity("a journal record of \(id) has no seq")
            }
            for (offset, body) in try notificationBodies(outcome).enumerated() {
                let key = OutboxMessage.notificationKey(source: id, seq: Int(seq),
                                                        outboxCount: outcome.messages.count, index: offset)
                if try store.putNotification(key: key, body: body) != nil { restored += 1 }
            }
        }
        return restored
    }
}
