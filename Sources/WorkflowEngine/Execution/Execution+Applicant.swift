import AgencyCalendar
import AgencyJSON
import Foundation

/// What the applicant does with their own instance: 催办 (`urge`) of the people holding
/// its open items, and 撤销 (`revoke`) of a completed instance where the definition allows it.
extension Execution {
    /// 催办 by the initiator (or an admin): every open item's assignee is notified and the
    /// item's history records "urge". At most once per `urge_interval` (default one hour)
    /// of the commands' times per instance; `urge = false` forbids it.
    func urge() throws {
        guard actor == instance.initiator || actorIsAdmin else {
            throw EngineError.notPermitted("only the initiator (\(people.display(instance.initiator))) or an admin "
                                           + "may urge \(instance.id); \(people.display(actor)) is neither")
        }
        let policy = definition.applicant
        guard policy.urgeAllowed else {
            throw EngineError.notPermitted("workflow '\(definition.name)' does not allow urging its instances "
                                           + "(urge = false in the definition)")
        }
        let state = try currentState()
        // A subflow state's watch item only shows the wait: its holder has nothing to do
        // until the children end, so it is not urged; the children are.
        let open = instance.items.indices.filter {
            instance.items[$0].status == .open && instance.items[$0].assignee != actor
                && !isSubflowWatch(instance.items[$0])
        }
        guard !open.isEmpty else {
            if state.kind == .subflow { throw urgeRefusedInSubflow(state) }
            let own = instance.openItems.isEmpty ? "" : " other than your own"
            throw EngineError.conflict("\(instance.id) has no open work item\(own) to urge in state '\(state.name)'")
        }
        let urges = instance.items.flatMap(\.history).filter { $0.action == "urge" }.map(\.at)
        if let last = urges.compactMap({ engine.timestamps.parse($0) }).max() {
            let next: Date
            do {
                next = try engine.calendar.deadline(from: last, adding: policy.urgeInterval,
                                                    timeZone: engine.timestamps.timeZone)
            } catch {
                throw EngineError.invalid("\(error)")
            }
            guard now >= next else {
                throw EngineError.conflict("\(instance.id) was urged at \(engine.timestamps.format(last)); the next "
                                           + "urge is possible from \(engine.timestamps.format(next)) "
                                           + "(urge_interval = \(policy.urgeInterval))")
            }
        }
        let remark = command.comment.map { "：\($0)" } ?? ""
        for index in open {
            record(index, action: "urge")
            let item = instance.items[index]
            notify(item.assignee, kind: "催办", item: item, title: "催办：\(item.title)",
                   body: "\(people.display(actor)) 催办「\(definition.title)」\(instance.id) 的「\(state.title)」"
                       + remark)
        }
        recordDetails["urged"] = .array(open.map { .string(instance.items[$0].id) })
    }

    private func isSubflowWatch(_ item: WorkItem) -> Bool {
        item.kind == .wait && definition.state(item.state)?.kind == .subflow
    }

    /// Why an urge in a subflow state is refused, naming the children it waits for.
    private func urgeRefusedInSubflow(_ state: StateDefinition) -> EngineError {
        let children = (instance.subflows ?? []).filter { $0.state == state.name && $0.visit == instance.path.count }
        let running = children.filter { $0.status == .running }.map(\.id)
        let failed = children.filter { $0.status == .failed }.map(\.id)
        let waiting = "\(instance.id) is in subflow state '\(state.name)', which has no work of its own to urge"
        if let first = running.first {
            return .conflict(waiting + "; urge its child instance instead (agency urge \(first))"
                             + (running.count > 1 ? "; running children: " + running.joined(separator: ", ") : "")
                             + (failed.isEmpty ? "" : "; failed: " + failed.joined(separator: ", ")))
        }
        if !failed.isEmpty {
            return .conflict(waiting + "; its child instance " + failed.joined(separator: ", ") + " failed (an "
                             + "incident): an admin retries it (agency show, then agency retry)")
        }
        return .conflict(waiting + ", and it waits for no running child")
    }

    /// 撤销: moves a completed instance back to running in the definition's `revoke` state
    /// (a final state ends it again with that outcome). Only the initiator, `revoke_by`
    /// and admins; a reason is required; within `revoke_within` of completion if set.
    /// A subflow's instance is refused: its parent has already received its result.
    func revoke() throws {
        let policy = definition.applicant
        guard let target = policy.revokeState, definition.state(target) != nil else {
            throw EngineError.notPermitted("workflow '\(definition.name)' does not allow revoking (撤销) a "
                                           + "completed instance (no revoke = \"STATE\" in the definition)")
        }
        guard instance.status == .completed else {
            throw EngineError.conflict("instance \(instance.id) is \(instance.status.rawValue); only a completed "
                                       + "instance can be revoked"
                                       + (instance.status == .running ? " (withdraw or cancel a running one)" : ""))
        }
        guard instance.state != target else {
            throw EngineError.conflict("instance \(instance.id) already ended in the revoke state '\(target)'")
        }
        // Once: what the reversal decided (revoked, or the revocation refused) stands, or
        // an instance could go round the revoke path for ever.
        if let earlier = instance.path.last(where: { $0.event == "revoke" }) {
            throw EngineError.conflict("instance \(instance.id) was already revoked (撤销) on \(earlier.at); an "
                                       + "instance is revoked once, and what its '\(earlier.state)' step decided stands")
        }
        if let parent = instance.parent {
            throw EngineError.conflict("instance \(instance.id) is a subflow of \(parent.id), which has already "
                                       + "received its result; revoke or return the parent instead")
        }
        var allowed = actorIsAdmin
        if let spec = policy.revokeBy {
            let revokers = try resolve(spec, context: "workflow revoke_by")
            allowed = allowed || revokers.contains(actor)
        } else {
            allowed = allowed || actor == instance.initiator
        }
        guard allowed else {
            let who = policy.revokeBy.map { "revoke_by (\($0))" }
                ?? "the initiator \(people.display(instance.initiator))"
            throw EngineError.notPermitted("\(people.display(actor)) may not revoke \(instance.id): only \(who) "
                                           + "and admins may")
        }
        guard let reason = command.reason, !reason.allSatisfy(\.isWhitespace) else {
            throw EngineError.invalid("revoke needs a reason (--reason \"...\")")
        }
        if let within = policy.revokeWithin, let ended = instance.path.last.flatMap({ engine.timestamps.parse($0.at) }) {
            let limit: Date
            do {
                limit = try engine.calendar.deadline(from: ended, adding: within, timeZone: engine.timestamps.timeZone)
            } catch {
                throw EngineError.invalid("\(error)")
            }
            guard now <= limit else {
                throw EngineError.conflict("instance \(instance.id) completed at \(engine.timestamps.format(ended)) and "
                                           + "could be revoked until \(engine.timestamps.format(limit)) "
                                           + "(revoke_within = \(within))")
            }
        }
        let previous = instance.outcome ?? ""
        instance.status = .running
        instance.outcome = nil
        instance.comments.append(ItemEvent(at: at, actor: actor, action: "revoke", to: previous, comment: reason))
        recordDetails["revoked"] = .string(previous)
        try enter(target, event: "revoke")
    }
}
