/// Approver policies of an approval state (Docs/people.md#approver-policies): when_empty
/// and self = "head" decide who the approvers are; self = "skip" and dedupe auto-approve
/// some of them as their items are created.
extension Execution {
    /// The approvers of `state` to open items for, in order; nil when when_empty = "skip"
    /// already took the approved event.
    func policyApprovers(_ state: StateDefinition) throws -> [String]? {
        let policy = state.policy
        let context = "state '\(state.name)' approvers"
        var approvers: [String] = []
        var nobody: [String] = []
        for spec in state.approvers {
            let found = try candidates(spec, context: context)
            if let why = found.nobody {
                // Today's behaviour by default: one spec resolving to nobody refuses the command.
                if policy.whenEmpty == .refuse { throw EngineError.invalid(why) }
                nobody.append(why)
            }
            for person in found.ids where !approvers.contains(person) { approvers.append(person) }
        }
        if policy.selfApproval == .head, let position = approvers.firstIndex(of: instance.initiator) {
            guard let manager = people.manager(of: instance.initiator) else {
                throw EngineError.invalid("state '\(state.name)': self = \"head\": the initiator "
                                          + "\(people.display(instance.initiator)) has no manager in the people "
                                          + "directory; give them a manager or a department with a head")
            }
            approvers.remove(at: position)
            if !approvers.contains(manager) { approvers.insert(manager, at: position) }
            logs.append("state '\(state.name)': the initiator \(people.display(instance.initiator)) is replaced "
                        + "by their manager \(people.display(manager)) (self = \"head\")")
        }
        guard approvers.isEmpty else { return approvers }
        let why = nobody.joined(separator: "; ")
        switch policy.whenEmpty {
        case .refuse:
            throw EngineError.invalid(why.isEmpty ? "\(context): nobody to assign" : why)
        case .skip:
            logs.append("state '\(state.name)': approvers resolve to nobody (\(why)); when_empty = \"skip\" "
                        + "takes the approved event")
            try transition("approved")
            return nil
        case .admin:
            let admins = people.holders(of: PeopleDirectory.adminRole).map(\.id)
            guard !admins.isEmpty else {
                throw EngineError.invalid("\(why); when_empty = \"admin\", but nobody holds the admin role")
            }
            logs.append("state '\(state.name)': approvers resolve to nobody (\(why)); when_empty = \"admin\" "
                        + "gives the items to " + admins.map(people.display).joined(separator: ", "))
            return admins
        }
    }

    /// Creates `person`'s item already approved when self = "skip" or dedupe says so;
    /// returns whether it did. Such an item is closed by "system" with a comment saying
    /// why, and counts as that approver's approval.
    func openAutoApproved(_ state: StateDefinition, _ person: String) -> Bool {
        let action: String
        let comment: String
        if state.policy.selfApproval == .skip && person == instance.initiator {
            action = "auto:self"
            comment = "发起人本人审批，按 self = \"skip\" 自动同意"
        } else if let earlier = earlierApproval(by: person, state) {
            action = "auto:dedupe"
            comment = "已在「\(earlier.title)」审批同意（\(earlier.id)），按 dedupe = \"\(state.policy.dedupeWritten)\" 自动同意"
        } else {
            return false
        }
        let item = WorkItem(
            id: instance.nextID("w"), state: state.name, visit: instance.path.count, kind: .approval, key: nil,
            title: state.title, assignee: person, owner: nil, status: .done, after: [], decision: "approved",
            comment: comment, attachments: [], createdAt: at, actedAt: at, actedBy: "system", due: nil,
            color: .green, reminders: 0, escalations: [],
            history: [ItemEvent(at: at, actor: "system", action: action, to: person, comment: comment)])
        instance.items.append(item)
        logs.append("state '\(state.name)': \(people.display(person)) auto-approved (\(action)): \(comment)")
        return true
    }

    /// How a step was entered when dedupe does not apply: the instance came back to it
    /// (退回, 撤销, an admin's goto, 拿回, 撤回), so everyone decides again.
    static let dedupeExemptEvents: Set<String> = ["return", "revoke", "goto", "takeback", "withdraw"]

    /// The approval `person` gave that dedupe counts, if any. Never for a step entered
    /// through a return, revoke, goto, take-back or withdrawal. once: an approval step other than this one, decided since this
    /// step's previous visit (so a resubmission after a rejection is reviewed again);
    /// consecutive: the step just before, when it was an approval.
    private func earlierApproval(by person: String, _ state: StateDefinition) -> WorkItem? {
        guard state.policy.dedupe != .none, !Self.dedupeExemptEvents.contains(instance.path.last?.event ?? "") else {
            return nil
        }
        let visit = instance.path.count
        let earliest: Int
        switch state.policy.dedupe {
        case .none:
            return nil
        case .once:
            // Visit numbers are path positions counted from 1.
            earliest = (instance.path.dropLast().lastIndex { $0.state == state.name }).map { $0 + 2 } ?? 1
        case .consecutive:
            earliest = visit - 1
        }
        return instance.items.last {
            $0.kind == .approval && $0.state != state.name && $0.visit >= earliest && $0.visit < visit
                && $0.status == .done && $0.decision == "approved" && approvedPersonally($0, person)
        }
    }

    /// Whether `person` gave this approval: they decided it (a standing delegate's
    /// decision counts for the principal, not the delegate), or it was auto-approved for them.
    private func approvedPersonally(_ item: WorkItem, _ person: String) -> Bool {
        if item.actedBy != "system" { return (item.onBehalfOf ?? item.actedBy) == person }
        return item.actedBy == "system" && item.assignee == person
            && item.history.contains { $0.action.hasPrefix("auto:") }
    }
}
