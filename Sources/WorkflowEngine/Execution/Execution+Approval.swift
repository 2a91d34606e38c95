import AgencyJSON

extension Execution {
    /// approve / reject: records the decision, opens the items now due, and applies the
    /// rule; a verdict leaves the state on "approved" or "rejected".
    func decide(_ decision: String) throws {
        let state = try currentState()
        // Whether the actor may act here at all comes first: it is the likelier mistake.
        _ = try actorsItem(kinds: [.approval, .task, .item, .wait])
        guard state.kind == .approval else {
            throw EngineError.invalid("state '\(state.name)' is a \(state.kind.rawValue), not an approval; "
                                      + "use complete or send")
        }
        if decision == "rejected" && state.transition("rejected") == nil {
            throw EngineError.invalid("state '\(state.name)' has no 'rejected' route; "
                                      + "use return --to STATE to send it back")
        }
        let index = try actorsItem(kinds: [.approval])
        try applyForm(state)
        if let owner = instance.items[index].owner {
            // 委派: the delegate's opinion goes back to the owner, who decides.
            record(index, action: "opinion:\(decision)", to: owner)
            instance.items[index].assignee = owner
            instance.items[index].owner = nil
            instance.items[index].onBehalfOf = nil  // the delegate's 代理, not the owner's
            notify(owner, kind: "assigned", item: instance.items[index],
                   title: "委派已办理：\(instance.items[index].title)",
                   body: "\(people.display(actor)) 的意见：\(decision == "approved" ? "同意" : "不同意")")
            return
        }
        close(index, decision: decision)
        try openReadyItems()
        try applyRule(state)
    }

    func close(_ index: Int, decision: String) {
        instance.items[index].status = .done
        instance.items[index].decision = decision
        instance.items[index].actedAt = at
        instance.items[index].actedBy = actor
        instance.items[index].comment = command.comment
        instance.items[index].attachments = command.attachments ?? []
        let closed = instance.items[index].id
        instance.timers.removeAll { $0.item == closed }
    }

    /// Opens waiting items whose predecessors are all approved. An item's due time and
    /// ladder start now, when it becomes the approver's turn.
    func openReadyItems() throws {
        let approved = Set(instance.items.filter { $0.decision == "approved" }.map(\.id))
        for index in instance.items.indices where instance.items[index].state == instance.state
            && instance.items[index].status == .waiting
            && instance.items[index].after.allSatisfy(approved.contains) {
            instance.items[index].status = .open
            if instance.items[index].due == nil, let state = definition.state(instance.state) {
                var item = instance.items[index]
                try scheduleTimers(&item, state: state, due: state.due)
                instance.items[index] = item
            }
            notify(instance.items[index].assignee, kind: "assigned", item: instance.items[index],
                   title: "新待办：\(instance.items[index].title)",
                   body: "\(definition.title) \(instance.id)：轮到您审批\(proxyNote(instance.items[index]))")
        }
    }

    func applyRule(_ state: StateDefinition) throws {
        switch verdict(state.rule) {
        case .pending: return
        case .approved: try transition("approved")
        case .rejected: try transition("rejected")
        }
    }

    /// 加签: another approver before, after or beside the actor's item, in the actor's seat
    /// (Docs/approvals.md): the seat counts for the rule once all its items approved.
    func addSign() throws {
        let state = try currentState()
        guard state.kind == .approval else {
            throw EngineError.invalid("add-sign is for approvals; state '\(state.name)' is a \(state.kind.rawValue)")
        }
        let index = try actorsItem(kinds: [.approval])
        guard let who = command.to, people.person(who) != nil else {
            throw EngineError.invalid("add-sign needs --who PERSON from the people directory"
                                      + (command.to.map { " ('\($0)' is not there)" } ?? ""))
        }
        try refuseSecondVote(who, giving: "add-sign of \(people.display(who))")
        let current = instance.items[index]
        let position = command.position == "beside" ? "parallel" : command.position ?? "after"
        var added: WorkItem
        switch position {
        case "before":
            added = try openItem(state, kind: .approval, title: state.title, assignee: who,
                                 due: state.due, after: current.after)
            instance.items[index].after = [added.id]
            instance.items[index].status = .waiting
            // Not the adder's turn until the added signer approves: no reminders or
            // timeouts meanwhile; openReadyItems gives a fresh due when it reopens.
            instance.items[index].due = nil
            instance.items[index].plan = nil
            instance.timers.removeAll { $0.item == current.id }
        case "after":
            added = try openItem(state, kind: .approval, title: state.title, assignee: who,
                                 due: state.due, after: [current.id])
            for other in instance.items.indices where instance.items[other].id != added.id
                && instance.items[other].after.contains(current.id) {
                instance.items[other].after = instance.items[other].after.map { $0 == current.id ? added.id : $0 }
            }
        case "parallel":
            added = try openItem(state, kind: .approval, title: state.title, assignee: who,
                                 due: state.due, after: current.after)
            // Whoever waited for the adder (the next in a sequence) now waits for the whole seat.
            for other in instance.items.indices where instance.items[other].id != added.id
                && instance.items[other].after.contains(current.id) {
                instance.items[other].after.append(added.id)
            }
        default:
            throw EngineError.invalid("add-sign position '\(position)' is not before, after or parallel (beside)")
        }
        if let addedIndex = instance.items.firstIndex(where: { $0.id == added.id }) {
            instance.items[addedIndex].seat = seatID(current)
            instance.items[addedIndex].history.append(
                ItemEvent(at: at, actor: actor, action: "addsign:\(position)", to: who, comment: command.comment))
        }
        record(index, action: "addsign:\(position)", to: who)
        // An added item whose predecessors already approved (the adder's, later in a
        // sequence) is due now.
        try openReadyItems()
    }
}
