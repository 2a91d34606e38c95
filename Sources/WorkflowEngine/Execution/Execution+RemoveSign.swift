extension Execution {
    /// 减签: takes out a pending approver of the current visit, where the definition allows
    /// it. A decided signer's vote stays on record, and a removal that would leave the step
    /// with nobody to decide, or its quorum out of reach, is refused.
    func removeSign() throws {
        let state = try currentState()
        guard state.kind == .approval else {
            throw EngineError.invalid("removesign is for approvals; state '\(state.name)' is a \(state.kind.rawValue)")
        }
        guard state.allowRemoveSign else {
            throw EngineError.notPermitted("state '\(state.name)' does not allow removing approvers "
                                           + "(remove_sign = true in the definition)")
        }
        guard let who = command.to else {
            throw EngineError.invalid("removesign needs --who PERSON")
        }
        let visit = visitApprovalIndices
        // The approver's item, wherever it is held: by them, by their standing delegate
        // (代理, on their behalf), or by their 委派 delegate (they own it).
        func isTheirs(_ item: WorkItem) -> Bool {
            item.assignee == who || item.onBehalfOf == who || item.owner == who
        }
        let pending = visit.first {
            isTheirs(instance.items[$0])
                && (instance.items[$0].status == .open || instance.items[$0].status == .waiting)
        }
        guard let index = pending else {
            if let decided = visit.map({ instance.items[$0] }).first(where: {
                $0.status == .done && (isTheirs($0) || $0.actedBy == who)
            }) {
                throw EngineError.conflict("\(people.display(who)) has already decided (\(decided.decision ?? "")) "
                                           + "item \(decided.id) in state '\(state.name)'; a recorded vote stays "
                                           + "and cannot be removed")
            }
            throw EngineError.notFound("\(people.display(who)) is not a pending approver of state '\(state.name)' "
                                       + "in \(instance.id); see the approvers with agency show \(instance.id)")
        }
        let addedBy = instance.items[index].history.first { $0.action.hasPrefix("addsign") }?.actor
        guard actor == instance.initiator || actorIsAdmin || actor == addedBy else {
            throw EngineError.notPermitted("only the initiator, an admin or whoever added the approver "
                                           + "may remove them")
        }
        let removed = instance.items[index]
        instance.items[index].status = .removed
        record(index, action: "removesign", to: who)
        instance.timers.removeAll { $0.item == removed.id }
        for other in instance.items.indices where instance.items[other].after.contains(removed.id) {
            instance.items[other].after = instance.items[other].after.filter { $0 != removed.id } + removed.after
        }
        try refuseStrandedStep(state, removing: who)
        try openReadyItems()
        try applyRule(state)
    }

    /// After a removal (applied to the working copy, which a refusal discards): the step
    /// must still be able to complete.
    private func refuseStrandedStep(_ state: StateDefinition, removing who: String) throws {
        let live: Set<WorkItem.Status> = [.open, .waiting, .done]
        let left: [WorkItem] = visitApprovalIndices.map { instance.items[$0] }.filter { live.contains($0.status) }
        guard !left.isEmpty else {
            throw EngineError.conflict("cannot remove \(people.display(who)), the last approver of state "
                                       + "'\(state.name)'")
        }
        let seats = seatVerdicts().count
        if case .atLeast(let n) = state.rule, seats < n {
            throw EngineError.conflict("cannot remove \(people.display(who)) from state '\(state.name)': "
                                       + "\(seats) approvers would be left, fewer than the \(n) approvals it "
                                       + "needs (at_least = \(n))")
        }
        // A step is decided by its approvers, never by a removal: taking out the last
        // undecided approver would let the votes already cast (or none) settle it.
        let undecided = left.contains { (item: WorkItem) in item.status != .done }
        if !undecided {
            throw EngineError.conflict("cannot remove \(people.display(who)) from state '\(state.name)': "
                                       + "nobody would be left to decide it, and the removal itself would "
                                       + "settle the step; let them decide, or have an admin reassign the item")
        }
    }
}
