import AgencyJSON

extension Execution {
    /// complete: the assignee finishes a task (with an outcome naming the event) or a
    /// checklist item (the state leaves on "done" when its join rule is met).
    func complete() throws {
        let state = try currentState()
        if let event = command.event, state.transition(event)?.stays == true { return try sendInternal(event, state) }
        let index = try actorsItem(kinds: [.task, .item])
        if state.kind == .task || state.kind == .parallel { try applyForm(state) }
        if let owner = instance.items[index].owner {
            record(index, action: "resolved", to: owner)
            instance.items[index].assignee = owner
            instance.items[index].owner = nil
            instance.items[index].onBehalfOf = nil  // the delegate's 代理, not the owner's
            return
        }
        switch state.kind {
        case .task:
            let leaving = state.transitions.filter { !$0.stays }.map(\.event)
            let event = command.event ?? (leaving.count == 1 ? leaving[0] : nil)
            guard let event, let spec = state.transition(event) else {
                throw EngineError.invalid("complete in state '\(state.name)' needs an outcome, one of: "
                                          + state.transitions.map(\.event).joined(separator: ", ")
                                          + (command.event.map { " ('\($0)' is not one)" } ?? ""))
            }
            close(index, decision: spec.event)
            try transition(event)
        case .parallel:
            close(index, decision: "completed")
            let items = instance.items.filter { $0.state == state.name && $0.visit == instance.path.count
                && $0.kind == .item && $0.status != .removed }
            let done = items.filter { $0.status == .done }.count
            let needed: Int
            switch state.join {
            case .all: needed = items.count
            case .any: needed = 1
            case .atLeast(let n): needed = min(n, items.count)
            }
            if done >= needed { try transition("done") }
        default:
            throw EngineError.invalid("state '\(state.name)' is a \(state.kind.rawValue); use "
                                      + (state.kind == .approval ? "approve or reject" : "send EVENT"))
        }
    }

    /// send EVENT: an outside event for a wait state (or a task's outcome).
    func send() throws {
        let state = try currentState()
        guard let event = command.event else { throw EngineError.invalid("send needs an event name") }
        if state.transition(event)?.stays == true { return try sendInternal(event, state) }
        switch state.kind {
        case .wait:
            guard try maySend(state.sentBy.map { [$0] }, context: "state '\(state.name)' by") else {
                throw EngineError.notPermitted("\(people.display(actor)) may not send events to state "
                                               + "'\(state.name)' of \(instance.id)")
            }
            try applyForm(state)
            try transition(event)
        case .task:
            let index = try actorsItem(kinds: [.task])
            try applyForm(state)
            close(index, decision: event)
            try transition(event)
        default:
            let article = state.kind.rawValue.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            throw EngineError.invalid("state '\(state.name)' is \(article) \(state.kind.rawValue); events are sent "
                                      + "to wait states (use approve/reject/complete here)")
        }
    }

    /// A message from another instance: a subflow ended, or a ctx:signal.
    func receiveMessage() throws {
        guard let event = command.event else { throw EngineError.invalid("message without an event") }
        let state = try currentState()
        if try receiveChildEnd() || receiveUnrecordedChildEnd(event, state: state) { return }
        if state.transition(event) != nil {
            try transition(event)
        } else if state.kind == .subflow, state.transition("completed") != nil,
                  !(instance.subflows ?? []).contains(where: { $0.state == state.name && $0.visit == instance.path.count }) {
            // A child's end from before ends carried their status (its parent kept no
            // record of it): its outcome falls back to `completed`, as it always did.
            try transition("completed")
        } else {
            logs.append("message '\(event)' ignored: state '\(state.name)' has no such event")
        }
    }

    /// 转办 (transfer) or 委派 (delegate) of the actor's open item to another person.
    func transfer(delegating: Bool) throws {
        let index = try actorsItem(kinds: [.task, .approval, .item])
        guard let to = command.to else {
            throw EngineError.invalid("\(delegating ? "delegate" : "transfer") needs --to PERSON from the people directory")
        }
        guard people.person(to) != nil else { throw EngineError.notFound("no person '\(to)' in the people directory") }
        guard to != actor else { throw EngineError.invalid("the item is already assigned to \(people.display(to))") }
        // A 委派 delegate gives an opinion; passing the item on would let the next person's
        // opinion come back as the owner's, or take the owner's decision away.
        if let owner = instance.items[index].owner {
            let item = instance.items[index]
            throw EngineError.conflict("item \(item.id) was delegated (委派) to \(people.display(actor)) by "
                                       + "\(people.display(owner)): give your opinion (approve, reject or "
                                       + "complete) and it returns to them; only they may pass it on")
        }
        if instance.items[index].kind == .approval { try refuseSecondVote(to, giving: delegating ? "delegate" : "transfer") }
        record(index, action: delegating ? "delegate" : "transfer", to: to)
        if delegating { instance.items[index].owner = actor }
        assign(index, to: to)
        notify(instance.items[index].assignee, kind: "assigned", item: instance.items[index],
               title: "\(delegating ? "委派" : "转办")：\(instance.items[index].title)",
               body: "\(people.display(actor)) → \(people.display(to))：\(command.comment ?? "")")
    }

    /// 退回: sends the instance back to a state it has already been in.
    func returnTo() throws {
        let state = try currentState()
        let isAssignee = instance.items.contains {
            $0.state == state.name && $0.status == .open && $0.assignee == actor
        }
        guard isAssignee || actorIsAdmin else {
            throw EngineError.notPermitted("only an assignee of state '\(state.name)' may return it")
        }
        let visited = instance.path.dropLast().map(\.state)
        guard let target = command.to ?? visited.last(where: { $0 != state.name }) else {
            throw EngineError.invalid("there is no earlier state to return to")
        }
        guard visited.contains(target) else {
            let earlier = Array(Set(visited)).sorted()
            throw EngineError.invalid("cannot return to '\(target)': the instance has not been there "
                                      + (earlier.isEmpty ? "(it has been in no earlier state)"
                                                         : "(visited: \(earlier.joined(separator: ", ")))"))
        }
        try refuseForwardReturn(to: target)
        if !state.returnTo.isEmpty && !state.returnTo.contains(target) {
            throw EngineError.notPermitted("state '\(state.name)' may return only to "
                                           + state.returnTo.joined(separator: ", "))
        }
        try leaveState()
        try enter(target, event: "return")
    }

    /// 撤回: the initiator takes the instance back while nobody has acted in this state.
    func withdraw() throws {
        guard actor == instance.initiator else {
            throw EngineError.notPermitted("only the initiator (\(people.display(instance.initiator))) may withdraw")
        }
        let visit = instance.path.count
        if let acted = instance.items.first(where: { $0.state == instance.state && $0.visit == visit && actedOn($0) }) {
            throw EngineError.conflict("cannot withdraw \(instance.id): \(people.display(whoActed(on: acted) ?? acted.assignee)) "
                                       + "has already acted on item \(acted.id) in state '\(instance.state)'")
        }
        guard instance.path.count >= 2 else {
            throw EngineError.invalid("cannot withdraw: the instance is still in its first state")
        }
        let previous = instance.path[instance.path.count - 2].state
        // Entering a subflow state again would start its children again; an auto state
        // runs and moves on at once. Neither is a step a person takes back.
        if let kind = definition.state(previous)?.kind, kind == .subflow || kind == .auto {
            throw EngineError.invalid("cannot withdraw \(instance.id): the previous state '\(previous)' "
                                      + "(\(kind.rawValue)) is not one a person handles, and entering it again "
                                      + (kind == .subflow ? "would start its subflow again" : "would pass it again")
                                      + "; ask an admin to move the instance (goto)")
        }
        try leaveState()
        try enter(previous, event: "withdraw")
    }

    func addComment() throws {
        guard isParticipant(actor) || actorIsAdmin else {
            throw EngineError.notPermitted("\(people.display(actor)) takes no part in \(instance.id)")
        }
        guard let text = command.comment, !text.isEmpty else {
            throw EngineError.invalid("comment needs text (--comment \"...\")")
        }
        instance.comments.append(ItemEvent(at: at, actor: actor, action: "comment",
                                           to: command.attachments?.joined(separator: ","), comment: text))
    }

    // MARK: Admin

    /// An admin's cancel, or a parent's (delivered from its outbox, with the message's
    /// key): the instance stops, its running subflow children are cancelled in turn, and
    /// its own parent is told.
    func cancel() throws {
        if command.key == nil { try requireAdmin("cancel") }
        closeItems(ofState: instance.state)
        instance.timers.removeAll()
        if instance.status == .failed, let incident = instance.incident {
            logs.append("cancelled while failed; the incident was: \(incident.message)")
            instance.incident = nil
        }
        instance.status = .cancelled
        cancelChildren(of: nil, reason: "父流程 \(instance.id) 已取消：\(command.reason ?? "")")
        signalParent(.cancelled)
    }

    func reassign() throws {
        try requireAdmin("reassign")
        guard let id = command.item, let index = instance.items.firstIndex(where: { $0.id == id }),
              instance.items[index].status == .open || instance.items[index].status == .waiting else {
            throw EngineError.notFound("reassign needs --item ID of an open item of \(instance.id)")
        }
        guard let to = command.to else { throw EngineError.invalid("reassign needs --to PERSON from the people directory") }
        guard people.person(to) != nil else { throw EngineError.notFound("no person '\(to)' in the people directory") }
        if instance.items[index].kind == .approval { try refuseSecondVote(to, giving: "reassign", except: id) }
        record(index, action: "reassign", to: to)
        assign(index, to: to)
        instance.items[index].owner = nil
        notify(instance.items[index].assignee, kind: "assigned", item: instance.items[index], title: "改派：\(instance.items[index].title)",
               body: command.reason ?? "")
    }

    func goTo() throws {
        try requireAdmin("goto")
        guard let target = command.to, definition.state(target) != nil else {
            throw EngineError.invalid("goto needs --to STATE of workflow '\(definition.name)'"
                                      + (command.to.map { " ('\($0)' is not one)" } ?? ""))
        }
        try leaveState(event: "goto")
        try enter(target, event: "goto")
    }

    /// An internal event (`stay = true`), in a state of any kind: its senders (the
    /// transition's `by`, else the instance's participants; admins always) run its guard
    /// and action, and the instance stays where it is, its open items untouched.
    func sendInternal(_ event: String, _ state: StateDefinition) throws {
        guard try maySend(state.transition(event)?.senders, context: "state '\(state.name)' event '\(event)' by") else {
            throw EngineError.notPermitted("\(people.display(actor)) may not send '\(event)' to "
                                           + "\(instance.id) (state '\(state.name)')")
        }
        try transition(event)
    }

    /// Whether the actor may send an event: an admin always; else one of `senders` when
    /// given, or a participant of the instance.
    func maySend(_ senders: [PeopleSpec]?, context: String) throws -> Bool {
        if actorIsAdmin { return true }
        guard let senders else { return isParticipant(actor) }
        for spec in senders where try resolve(spec, context: context).contains(actor) { return true }
        return false
    }
}
