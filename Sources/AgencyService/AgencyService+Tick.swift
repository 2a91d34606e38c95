import AgencyJSON
import Foundation
import WorkflowEngine
import WorkflowStore

/// What one tick did.
public struct TickReport: Sendable {
    public struct Fired: Sendable {
        public var instance: String
        public var timer: String
        public var kind: String
        public var item: String
        public var at: String
    }
    public var fired: [Fired] = []
    public var failed: [(instance: String, error: String)] = []
    public var started: [String] = []
    public var notifications = 0
    public var delivery = DeliveryReport()
}

extension AgencyService {
    /// Fires everything due up to `until`, in time order: each instance's timers at their
    /// time (or at `now` when the tick runs late), schedules, and outbox deliveries.
    ///
    /// Only instances the due index names are read, so the cost follows the due work, not
    /// the number of instances. Safe to run concurrently: each instance is fired under its
    /// lock, and a timer fired by another tick is simply gone when this one looks.
    public func tick(until: Date, now: Date? = nil, schedules: Bool = true) throws -> TickReport {
        var report = TickReport()
        let floor = now ?? until
        report.delivery = deliverOutbox(at: floor)
        var steps = 0
        while steps < 1_000_000 {
            steps += 1
            var nextDue = try earliestDue()
            if schedules, let occurrence = try nextScheduleOccurrence(), occurrence <= until,
               nextDue.map({ occurrence <= $0.at }) ?? true {
                let at = max(occurrence, min(floor, until))
                report.started += try runSchedules(through: occurrence, at: at)
                continue
            }
            guard let due = nextDue, due.at <= until else { break }
            let at = max(due.at, min(floor, until))
            for id in due.ids {
                fireDue(id, through: due.at, at: at, report: &report)
            }
            nextDue = nil
        }
        let delivered = deliverOutbox(at: floor)
        report.delivery.started += delivered.started
        report.delivery.signalled += delivered.signalled
        report.delivery.notifications += delivered.notifications
        report.delivery.problems += delivered.problems
        return report
    }

    /// The earliest due key in the index and the instances filed under it.
    private func earliestDue() throws -> (at: Date, ids: [String])? {
        guard let key = try store.keys(kind: "due").sorted().first,
              let at = StoreTime.parseCompactUTC(key) else { return nil }
        return (at, try store.ids(kind: "due", key: key))
    }

    /// Fires one instance's timers that are due by `through`, one command each.
    private func fireDue(_ id: String, through: Date, at: Date, report: inout TickReport) {
        for _ in 0..<1000 {
            guard let instance = try? instance(id), instance.status == .running,
                  let timer = instance.timers
                    .compactMap({ t in timestamps.parse(t.at).map { (t, $0) } })
                    .filter({ $0.1 <= through })
                    .min(by: { ($0.1, $0.0.id) < ($1.1, $1.0.id) })?.0
            else {
                // Nothing due (a stale marker, a finished instance): refresh its index.
                refreshIndex(id)
                return
            }
            var command = Command(kind: .timer, actor: "system", at: timestamps.format(at))
            command.timer = timer.id
            command.item = timer.item
            do {
                let result = try execute(id, command, deliver: false)
                report.notifications += result.notifications.count
                if result.instance.status == .failed {
                    report.failed.append((id, result.instance.incident?.message ?? "failed"))
                } else {
                    report.fired.append(.init(instance: id, timer: timer.id, kind: timer.kind.rawValue,
                                              item: timer.item, at: timestamps.format(at)))
                }
            } catch {
                report.failed.append((id, ServiceError(error).description))
                return
            }
        }
    }

    /// Re-commits an instance's index when a marker turned out stale.
    private func refreshIndex(_ id: String) {
        _ = try? store.withInstanceLock(id) {
            guard let loaded = try store.loadInstance(id), !loaded.isJournalAhead,
                  let snapshot = loaded.snapshot else { return }
            let instance = try InstanceCodec.instance(snapshot, id: id)
            let entries = InstanceCodec.indexEntries(instance, timestamps: timestamps)
            if entries != loaded.indexed {
                try store.commit(id, records: [], snapshot: snapshot, index: entries,
                                 expectedHead: loaded.journalHead)
            }
        }
    }
}
