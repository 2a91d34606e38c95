/// 退回 resubmit modes and 拿回 (take back): going back along the instance's path.
extension Execution {
    /// The path as it stands now: entries undone by a return, a withdrawal, a take-back or
    /// a loop left out. Re-entering a state cuts the path back to that state's earlier entry.
    static func livePath(_ path: [PathEntry]) -> [PathEntry] {
        var live: [PathEntry] = []
        for entry in path {
            if let earlier = live.lastIndex(where: { $0.state == entry.state }) {
                live.removeSubrange(earlier...)
            }
            live.append(entry)
        }
        return live
    }

    /// 退回 goes back only: to a state before the current one on the live path.
    func refuseForwardReturn(to target: String) throws {
        let live = Self.livePath(instance.path).map(\.state)
        guard !live.dropLast().contains(target) else { return }
        throw EngineError.invalid("cannot return to '\(target)': it is not before '\(instance.state)' on the "
                                  + "instance's path (\(live.joined(separator: " → "))); returning forward is "
                                  + "refused")
    }

    /// 直达: in a state the instance was returned to by a state with resubmit = "direct",
    /// an event whose normal target lies between the two goes straight back to the state
    /// that returned it. Nil: the normal target (正常流转).
    func resubmitTarget(_ event: String, normal: String) -> String? {
        let path = instance.path
        guard path.count >= 2, let entry = path.last, entry.event == "return", entry.state == instance.state
        else { return nil }
        let returner = path[path.count - 2].state
        guard definition.state(returner)?.resubmit == .direct, normal != returner else { return nil }
        let before = Self.livePath(Array(path.dropLast()))
        guard let from = before.lastIndex(where: { $0.state == instance.state }) else { return nil }
        let between = before[(from + 1)...].map(\.state)
        guard between.contains(normal) else { return nil }
        logs.append("resubmit direct (直达): '\(event)' goes straight back to '\(returner)', not '\(normal)'")
        recordDetails["resubmit"] = .string("direct")
        return returner
    }

    /// 拿回: an approver takes back their decision while the approvers after them have not
    /// acted; otherwise the previous handler takes the instance back to their state while
    /// nobody in the current state has acted.
    func takeBack() throws {
        let state = try currentState()
        if let index = visitApprovalIndices.last(where: {
            instance.items[$0].status == .done && instance.items[$0].actedBy == actor
        }) {
            try takeBackDecision(index, state: state)
        } else {
            try takeBackStep(state)
        }
    }

    /// Reopens the actor's decided item in the current approval visit; the items that
    /// opened after it wait again.
    private func takeBackDecision(_ index: Int, state: StateDefinition) throws {
        let decided = instance.items[index]
        let next = instance.items.indices.filter { instance.items[$0].after.contains(decided.id) }
        // The items after it were waiting for this decision, so whatever a person did on
        // them counts (whoActed). The one exception is the 加签 that put them after it: a
        // 前加签 by which the adder made their own item wait for this signer, or the
        // decider's own 后加签 of the signer after them.
        func madeToWait(_ event: ItemEvent) -> Bool {
            guard event.action.hasPrefix("addsign:") else { return false }
            return event.actor == decided.actedBy || event.to == decided.assignee
                || (decided.onBehalfOf != nil && event.to == decided.onBehalfOf)
        }
        if let acted = next.map({ instance.items[$0] }).first(where: { actedOn($0, exempt: madeToWait) }) {
            let who = whoActed(on: acted, exempt: madeToWait) ?? acted.assignee
            throw EngineError.conflict("cannot take back item \(decided.id): \(people.display(who)) "
                                       + "has already acted on item \(acted.id) after it in state '\(state.name)'")
        }
        for other in next where instance.items[other].status == .open {
            let id = instance.items[other].id
            instance.items[other].status = .waiting
            instance.items[other].due = nil
            instance.items[other].plan = nil
            instance.timers.removeAll { $0.item == id }
            notify(instance.items[other].assignee, kind: "assigned", item: instance.items[other],
                   title: "待办已收回：\(instance.items[other].title)",
                   body: "\(people.display(actor)) 拿回了审批意见，请等待其重新审批")
        }
        var item = decided
        item.status = .open
        item.decision = nil
        item.actedAt = nil
        item.actedBy = nil
        item.comment = nil
        item.attachments = []
        item.due = nil
        item.plan = nil
        item.history.append(ItemEvent(at: at, actor: actor, action: "takeback", to: nil, comment: command.comment))
        try scheduleTimers(&item, state: state, due: state.due)
        instance.items[index] = item
    }

    /// Back to the state whose completion by the actor entered the current one.
    private func takeBackStep(_ state: StateDefinition) throws {
        let path = instance.path
        guard path.count >= 2 else {
            throw EngineError.invalid("cannot take back \(instance.id): it is still in its first state")
        }
        guard let entry = path.last, entry.actor == actor,
              let event = entry.event, !["return", "withdraw", "takeback", "goto"].contains(event) else {
            let entry = path[path.count - 1]
            if let event = entry.event, ["return", "withdraw", "takeback", "goto"].contains(event) {
                throw EngineError.notPermitted("cannot take back \(instance.id): state '\(state.name)' was entered "
                                               + "by \(event), not by a decision or completion")
            }
            let who = entry.actor.map { people.display($0) } ?? "nobody"
            throw EngineError.notPermitted("\(people.display(actor)) cannot take back \(instance.id): only the "
                                           + "previous handler (\(who)), whose decision entered state "
                                           + "'\(state.name)', may take it back")
        }
        // Steps nobody decided are passed over, as auto states are: an approval passed
        // entirely by auto-approval or when_empty = "skip" would only pass itself again.
        var back = path.count - 2
        while back > 0, definition.state(path[back].state)?.kind == .auto || passedUndecided(back) { back -= 1 }
        let target = path[back].state
        guard let kind = definition.state(target)?.kind, [.task, .approval, .parallel, .wait].contains(kind) else {
            throw EngineError.invalid("cannot take back \(instance.id): the previous state '\(target)' is not "
                                      + "one a person handles")
        }
        guard state.kind != .subflow else {
            throw EngineError.conflict("cannot take back \(instance.id): state '\(state.name)' has started a "
                                       + "subflow; ask an admin (goto)")
        }
        let visit = path.count
        if let acted = instance.items.first(where: { $0.state == state.name && $0.visit == visit && actedOn($0) }) {
            let who = whoActed(on: acted) ?? acted.assignee
            throw EngineError.conflict("cannot take back \(instance.id): \(people.display(who)) has already acted "
                                       + "on item \(acted.id) in state '\(state.name)'")
        }
        for index in instance.items.indices where instance.items[index].state == state.name
            && instance.items[index].visit == visit
            && (instance.items[index].status == .open || instance.items[index].status == .waiting) {
            record(index, action: "takeback")  // why the item is cancelled, for show and audit
            notify(instance.items[index].assignee, kind: "assigned", item: instance.items[index],
                   title: "待办已收回：\(instance.items[index].title)",
                   body: "\(people.display(actor)) 已拿回 \(instance.id)，此待办取消")
        }
        try leaveState()
        try enter(target, event: "takeback")
    }

    /// Whether the approval state entered at path position `position` was passed without
    /// anyone deciding it (visit numbers are path positions counted from 1).
    private func passedUndecided(_ position: Int) -> Bool {
        let entry = instance.path[position]
        guard definition.state(entry.state)?.kind == .approval else { return false }
        return !instance.items.contains { $0.state == entry.state && $0.visit == position + 1 && actedOn($0) }
    }
}
