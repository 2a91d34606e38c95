import AgencyJSON

extension Execution {
    /// Applies the command to the existing instance.
    func run() throws {
        if command.kind == .message || command.kind == .cancel, let key = command.key {
            if instance.received.contains(key) { return }  // delivered before: once only
            instance.received.append(key)
        }
        switch command.kind {
        case .retry:
            try requireAdmin("retry")
            guard instance.status == .failed, let incident = instance.incident else {
                throw EngineError.conflict("instance \(instance.id) has not failed; nothing to retry")
            }
            instance.status = incident.previousStatus
            instance.incident = nil
            if instance.status == .running { try reconsiderChildrenAfterRetry() }
            return
        case .comment:
            try addComment()
            return
        case .replan:
            try replanAfterCalendarChange()
            return
        case .revoke:
            try revoke()
            return
        default:
            break
        }
        if command.kind == .message && instance.status != .running { recordChildEndWhileNotRunning() }
        if command.kind == .cancel && command.key != nil && instance.status == .failed {
            try cancel()  // a parent's cancel ends a failed child too: nothing waits for it any more
            return
        }
        if command.kind == .cancel && command.key != nil && instance.status != .running {
            logs.append("cancel from the parent arrived after the instance was \(instance.status.rawValue)")
            return
        }
        if command.kind == .message && instance.status != .running {
            logs.append("message '\(command.event ?? "")' arrived after the instance was \(instance.status.rawValue)")
            return
        }
        guard instance.status == .running else {
            throw EngineError.conflict("instance \(instance.id) is \(instance.status.rawValue); "
                                       + "\(command.kind.rawValue) is not possible any more")
        }
        switch command.kind {
        case .start, .migrate, .retry, .comment, .replan, .revoke:
            throw EngineError.invalid("\(command.kind.rawValue) cannot be applied here")
        case .complete: try complete()
        case .approve: try decide("approved")
        case .reject: try decide("rejected")
        case .send: try send()
        case .message: try receiveMessage()
        case .transfer: try transfer(delegating: false)
        case .delegate: try transfer(delegating: true)
        case .addsign: try addSign()
        case .removesign: try removeSign()
        case .return: try returnTo()
        case .withdraw: try withdraw()
        case .takeback: try takeBack()
        case .cancel: try cancel()
        case .reassign: try reassign()
        case .goto: try goTo()
        case .timer: try fireTimer()
        case .urge: try urge()
        }
    }

    // MARK: Who may act

    var actorIsAdmin: Bool { people.isAdmin(actor) }

    func requireAdmin(_ action: String) throws {
        guard actorIsAdmin else {
            throw EngineError.notPermitted("\(action) is an admin action; \(people.display(actor)) "
                                           + "does not hold the admin role")
        }
        guard command.kind == .retry || !(command.reason ?? "").isEmpty else {
            throw EngineError.invalid("\(action) needs a reason (--reason \"...\")")
        }
    }

    /// The open item the actor acts on: the one named, or the actor's only open item in
    /// the current state.
    func actorsItem(kinds: Set<WorkItem.Kind>) throws -> Int {
        let state = instance.state
        if let id = command.item {
            guard let index = instance.items.firstIndex(where: { $0.id == id }) else {
                throw EngineError.notFound("instance \(instance.id) has no work item '\(id)'")
            }
            let item = instance.items[index]
            guard item.state == state, item.status == .open else {
                throw EngineError.conflict("work item \(id) is \(item.status.rawValue), not open")
            }
            guard item.assignee == actor else {
                throw EngineError.notPermitted("work item \(id) is assigned to \(people.display(item.assignee)), "
                                               + "not \(people.display(actor))")
            }
            guard kinds.contains(item.kind) else {
                throw EngineError.invalid("work item \(id) is a \(item.kind.rawValue); "
                                          + "\(command.kind.rawValue) does not apply to it")
            }
            return index
        }
        let mine = instance.items.indices.filter {
            let item = instance.items[$0]
            return item.state == state && item.status == .open && item.assignee == actor
                && kinds.contains(item.kind)
        }
        guard let first = mine.first else {
            let open = instance.items.filter { $0.state == state && $0.status == .open }
                .map { "\($0.id) → \(people.display($0.assignee))" }.joined(separator: ", ")
            throw EngineError.notPermitted("\(people.display(actor)) has no open work item in state "
                                           + "'\(state)' of \(instance.id)"
                                           + (open.isEmpty ? "" : " (open: \(open))"))
        }
        guard mine.count == 1 else {
            throw EngineError.invalid("\(people.display(actor)) has several open items here ("
                                      + mine.map { instance.items[$0].id }.joined(separator: ", ")
                                      + "); name one with --item")
        }
        return first
    }

    func isParticipant(_ person: String) -> Bool {
        person == instance.initiator || instance.items.contains {
            $0.assignee == person || $0.owner == person || $0.actedBy == person || $0.onBehalfOf == person
        }
    }

    func record(_ index: Int, action: String, to: String? = nil) {
        instance.items[index].history.append(ItemEvent(at: at, actor: actor, action: action, to: to,
                                                       comment: command.comment))
    }
}
