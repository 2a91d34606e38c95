/// One person, one vote; 加签 seats; the verdict of an approval visit.
///
/// An approval "visit" is the items of the current state created when the instance last
/// entered it (`visit == instance.path.count`): a state entered again after a return gets
/// fresh items and counts only those. Within a visit every approver's original item is a
/// seat; 加签 adds items to the adder's seat (`WorkItem.seat`), and the rule counts seats.
/// See Docs/approvals.md for the tables of who decides and when the step completes.
extension Execution {
    /// Indices of the approval items of the current state's current visit.
    var visitApprovalIndices: [Int] {
        instance.items.indices.filter {
            let item = instance.items[$0]
            return item.state == instance.state && item.kind == .approval && item.visit == instance.path.count
        }
    }

    /// The item through which `person` already votes in the current approval visit: one
    /// they hold (open or waiting, as assignee or 委派 delegate), one they own (委派 owner),
    /// one their standing delegate (代理) holds or decided for them (`onBehalfOf`), or one
    /// they decided. Nil when they have no vote here yet.
    func existingVote(of person: String) -> WorkItem? {
        visitApprovalIndices.map { instance.items[$0] }.first { item in
            switch item.status {
            case .open, .waiting:
                return item.assignee == person || item.owner == person || item.onBehalfOf == person
            case .done:
                return item.decision == "approved" || item.decision == "rejected"
                    ? item.assignee == person || item.actedBy == person || item.onBehalfOf == person : false
            case .cancelled, .removed:
                return false
            }
        }
    }

    /// Refuses giving `person` an item of the current approval visit when they already
    /// vote in it: two items would give one person two votes.
    func refuseSecondVote(_ person: String, giving: String, except item: String? = nil) throws {
        guard let vote = existingVote(of: person), vote.id != item else { return }
        let how: String
        switch vote.status {
        case .done where vote.onBehalfOf == person && vote.actedBy != person:
            how = "already votes through item \(vote.id), decided (\(vote.decision ?? "")) by their delegate "
                + "\(people.display(vote.actedBy ?? vote.assignee)) (代理)"
        case .done: how = "has already decided (\(vote.decision ?? "")) item \(vote.id)"
        default:
            if vote.owner == person && vote.assignee != person {
                how = "owns item \(vote.id) (委派 to \(people.display(vote.assignee)))"
            } else if vote.onBehalfOf == person && vote.assignee != person {
                how = "already votes through item \(vote.id), held by their delegate "
                    + "\(people.display(vote.assignee)) (代理)"
            } else {
                how = "already holds item \(vote.id) (\(vote.status.rawValue))"
            }
        }
        throw EngineError.conflict("\(giving): \(people.display(person)) \(how) in approval state "
                                   + "'\(instance.state)'; one person has one vote in an approval, so "
                                   + "choose someone else")
    }

    /// The seat an item belongs to: its own id, or the original item's for an added signer.
    func seatID(_ item: WorkItem) -> String { item.seat ?? item.id }

    /// The seats of the current visit, each with its verdict: approved when all its items
    /// (removed ones aside) approved, rejected when any rejected, otherwise pending.
    func seatVerdicts() -> [(seat: String, verdict: Verdict)] {
        var order: [String] = []
        var members: [String: [WorkItem]] = [:]
        for index in visitApprovalIndices {
            let item = instance.items[index]
            guard item.status == .open || item.status == .waiting || item.status == .done else { continue }
            let seat = seatID(item)
            if members[seat] == nil { order.append(seat) }
            members[seat, default: []].append(item)
        }
        return order.map { seat in
            let items = members[seat] ?? []
            if items.contains(where: { $0.decision == "rejected" }) { return (seat, .rejected) }
            if items.allSatisfy({ $0.decision == "approved" }) { return (seat, .approved) }
            return (seat, .pending)
        }
    }

    enum Verdict { case approved, rejected, pending }

    /// The rule applied to the seats of the current visit.
    func verdict(_ rule: ApprovalRule) -> Verdict {
        let seats = seatVerdicts().map(\.verdict)
        let approvals = seats.filter { $0 == .approved }.count
        let rejections = seats.filter { $0 == .rejected }.count
        let total = seats.count
        switch rule {
        case .any:
            if approvals > 0 { return .approved }
            if rejections > 0 { return .rejected }
        case .all, .sequential:
            if rejections > 0 { return .rejected }
            if approvals == total && total > 0 { return .approved }
        case .atLeast(let n):
            if approvals >= n { return .approved }
            if total - rejections < n { return .rejected }
        case .ratio(let ratio):
            guard total > 0 else { return .pending }
            if Double(approvals) / Double(total) >= ratio - 1e-9 { return .approved }
            if Double(total - rejections) / Double(total) < ratio - 1e-9 { return .rejected }
        }
        return .pending
    }

    /// Refuses entering an approval whose quorum ({at_least = n}) exceeds the seats it
    /// opens: the first decision would otherwise reject it out of hand.
    func refuseUnreachableQuorum(_ state: StateDefinition, approvers: [String]) throws {
        guard case .atLeast(let n) = state.rule, approvers.count < n else { return }
        let who = approvers.map { people.display($0) }.joined(separator: ", ")
        throw EngineError.invalid("approval state '\(state.name)' needs at least \(n) approvals, but only "
                                   + "\(approvers.count) could approve (\(who)); add holders of its approver "
                                   + "roles to the people directory or lower at_least")
    }
}
