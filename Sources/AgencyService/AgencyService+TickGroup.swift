import Foundation
import WorkflowEngine
import WorkflowStore

extension AgencyService {
    /// One instance's first due timer fired in memory, waiting for its group's commit.
    private struct Firing {
        let timer: InstanceTimer
        let outcome: Outcome
        let commit: InstanceCommit
    }

    /// Fires the first due timer of each instance in `ids` (due by `through`, dated `at`)
    /// in one group commit (`InstanceStore.commitGroup`), then any further due timers of
    /// each instance one at a time (`fireDue`), still under its lock. The report reads as
    /// if each instance had been fired whole in turn: in id order, an instance's timers
    /// together. Returns the instances to leave alone for the rest of the tick (failed,
    /// busy, unreadable).
    ///
    /// Locks are taken in id order, so two ticks cannot deadlock; an instance whose lock
    /// is busy is reported and skipped, the others fire. An instance whose Lua fails is
    /// marked failed (an incident) in the same group; only its own commit says so.
    /// Nothing is reported fired before the group's commit has returned it durable.
    func fireDueGroup(_ ids: [String], through: Date, at: Date, report: inout TickReport) -> Set<String> {
        var skipped = Set<String>()
        var lockFailures: [(id: String, error: Error)] = []
        var claimedElsewhere: [String] = []
        var groupReport = TickReport()
        withInstanceLocks(ids.sorted()[...], held: [], failures: &lockFailures, claimedElsewhere: &claimedElsewhere) { held in
            fireHeld(held, through: through, at: at, report: &groupReport, skipped: &skipped)
        }
        report.claimedElsewhere += claimedElsewhere
        skipped.formUnion(claimedElsewhere)
        // Each instance's lines in id order, as the one-instance-at-a-time tick gave them.
        let order = Dictionary(ids.sorted().enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let failures = groupReport.failed + lockFailures.map { ($0.id, ServiceError($0.error).description) }
        report.failed += failures.enumerated()
            .sorted { (order[$0.element.instance] ?? 0, $0.offset) < (order[$1.element.instance] ?? 0, $1.offset) }
            .map(\.element)
        report.fired += groupReport.fired
        report.notifications += groupReport.notifications
        skipped.formUnion(lockFailures.map(\.id))
        return skipped
    }

    /// Fires the held instances' first due timers in one group commit, then their others.
    private func fireHeld(_ held: [String], through: Date, at: Date, report: inout TickReport,
                          skipped: inout Set<String>) {
        let now = timestamps.format(at)
        var firings: [(id: String, firing: Firing)] = []
        for id in held {
            do {
                var (instance, head) = try loadForUpdate(id)
                // Planned by a process that still had an older calendar: count again first.
                (instance, head) = replanBeforeCommand(instance, head: head, at: now)
                guard instance.status == .running, let timer = earliestTimer(instance, through: through) else {
                    // Nothing due at all: the marker was stale (another tick fired it and
                    // crashed before re-indexing, say). Refresh the index.
                    refreshIndex(id)
                    continue
                }
                var command = Command(kind: .timer, actor: "system", at: now)
                command.timer = timer.id
                command.item = timer.item
                command = try datedInOrder(command, after: instance)
                let outcome = try timerOutcome(command, to: instance)
                let commit = try instanceCommit(id, outcome.instance, records: [outcome.record], effects: outcome,
                                                create: false, expectedHead: head)
                firings.append((id, Firing(timer: timer, outcome: outcome, commit: commit)))
            } catch {
                report.failed.append((id, ServiceError(error).description))
                skipped.insert(id)
            }
        }
        let results = store.commitGroup(firings.map(\.firing.commit))
        for ((id, firing), result) in zip(firings, results) {
            switch result {
            case .failure(let error):
                report.failed.append((id, ServiceError(error).description))
                skipped.insert(id)
            case .success:
                let outcome = firing.outcome
                report.notifications += outcome.notifications.count
                if outcome.instance.status == .failed {
                    report.failed.append((id, outcome.instance.incident?.message ?? "failed"))
                    skipped.insert(id)
                    continue
                }
                report.fired.append(.init(instance: id, timer: firing.timer.id, kind: firing.timer.kind.rawValue,
                                          item: firing.timer.item, at: now))
                // Further timers due by then: one at a time, as before groups (rare).
                if outcome.instance.status == .running, earliestTimer(outcome.instance, through: through) != nil,
                   !fireDue(id, through: through, at: at, report: &report) {
                    skipped.insert(id)
                }
            }
        }
    }

    /// Runs `body` with the claims (`InstanceStore.withInstanceClaim`: the locks, on a
    /// store one process uses) of `ids` that could be taken, taken in the order given; a
    /// lock that cannot be taken (busy past the timeout) is recorded in `failures`, one
    /// another node holds in `claimedElsewhere`, and its instance left out. `body` runs once.
    private func withInstanceLocks(_ ids: ArraySlice<String>, held: [String],
                                   failures: inout [(id: String, error: Error)],
                                   claimedElsewhere: inout [String], _ body: ([String]) -> Void) {
        guard let first = ids.first else {
            body(held)
            return
        }
        var ran = false
        do {
            let claimed: Void? = try store.withInstanceClaim(first) {
                withInstanceLocks(ids.dropFirst(), held: held + [first], failures: &failures,
                                  claimedElsewhere: &claimedElsewhere, body)
                ran = true
            }
            if claimed == nil {
                claimedElsewhere.append(first)
                withInstanceLocks(ids.dropFirst(), held: held, failures: &failures,
                                  claimedElsewhere: &claimedElsewhere, body)
            }
        } catch {
            failures.append((first, error))
            if !ran {
                withInstanceLocks(ids.dropFirst(), held: held, failures: &failures,
                                  claimedElsewhere: &claimedElsewhere, body)
            }
        }
    }
}
