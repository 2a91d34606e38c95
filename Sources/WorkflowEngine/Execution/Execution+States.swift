import AgencyCalendar
import AgencyJSON

extension Execution {
    /// Enters a state: runs its enter hook, opens its work items with their timers, and
    /// for auto, subflow and final states does what they do at once.
    func enter(_ name: String, event: String?) throws {
        guard let state = definition.state(name) else {
            throw EngineError.invalid("state '\(name)' is not defined in workflow '\(definition.name)'")
        }
        stateChanges += 1
        if stateChanges > Self.maxStateChangesPerCommand {
            let recent = instance.path.suffix(6).map(\.state).joined(separator: " → ")
            throw EngineError.invalid("more than \(Self.maxStateChangesPerCommand) state changes in one "
                                      + "command: do auto states loop? (… \(recent))")
        }
        instance.state = name
        instance.enteredAt = at
        instance.path.append(PathEntry(state: name, at: at, event: event, actor: actor))
        if let hook = state.onEnter { _ = try hooks.call(hook, name: "\(name).enter") }
        try carbonCopyOnEntering(state)
        switch state.kind {
        case .task:
            for person in try resolve(state.assignee ?? .field("assignee"), context: "state '\(name)' assignee") {
                try openItem(state, kind: .task, title: state.title, assignee: person, due: state.due)
            }
        case .approval:
            try openApprovers(state)
        case .wait:
            let watcher = try state.sentBy.map { try resolve($0, context: "state '\(name)' by") }?.first
            try openItem(state, kind: .wait, title: state.title, assignee: watcher ?? instance.initiator,
                         due: state.due)
        case .parallel:
            try openChecklist(state)
        case .subflow:
            try enterSubflow(state)
        case .auto:
            try chooseNext(state)
        case .final:
            finish(state)
        }
    }

    /// Leaves the current state: its exit hook runs, its open items and timers close, and
    /// a subflow state's children still running are cancelled (`event`: why it is left).
    func leaveState(event: String? = nil) throws {
        let state = try currentState()
        if let hook = state.onExit { _ = try hooks.call(hook, name: "\(state.name).exit") }
        closeItems(ofState: state.name)
        if state.kind == .subflow {
            let why = event ?? command.kind.rawValue
            cancelChildren(of: state.name, reason: "父流程 \(instance.id) 已离开「\(state.title)」（\(why)"
                           + (command.reason.map { "：\($0)" } ?? "") + "），不再等待此子流程")
        }
    }

    func closeItems(ofState name: String) {
        for index in instance.items.indices where instance.items[index].state == name {
            if instance.items[index].status == .open || instance.items[index].status == .waiting {
                instance.items[index].status = .cancelled
            }
        }
        let stillOpen = Set(instance.items.filter { $0.status == .open || $0.status == .waiting }.map(\.id))
        instance.timers.removeAll { !stillOpen.contains($0.item) }
    }

    /// Takes the transition for `event` from the current state: guard, exit, action, enter.
    func transition(_ event: String) throws {
        let state = try currentState()
        guard let spec = state.transition(event) else {
            let known = state.transitions.map(\.event).joined(separator: ", ")
            throw EngineError.invalid("state '\(state.name)' has no event '\(event)'"
                                      + (known.isEmpty ? "" : " (it has: \(known))"))
        }
        if let guardFunction = spec.guardFunction {
            let verdict = try hooks.call(guardFunction, name: "\(state.name).on.\(event).guard")
            if verdict != .bool(true) {
                let why = verdict.stringValue.map { ": \($0)" } ?? ""
                throw EngineError.notPermitted("the guard on event '\(event)' in state '\(state.name)' "
                                               + "refused it\(why)")
            }
        }
        if spec.stays {
            // An internal transition: the action runs, nothing exits or enters.
            if let action = spec.action { _ = try hooks.call(action, name: "\(state.name).on.\(event).action") }
            return
        }
        try leaveState(event: event)
        if let action = spec.action { _ = try hooks.call(action, name: "\(state.name).on.\(event).action") }
        try enter(resubmitTarget(event, normal: spec.target) ?? spec.target, event: event)
    }

    private func chooseNext(_ state: StateDefinition) throws {
        guard let choose = state.choose else {
            throw EngineError.invalid("auto state '\(state.name)' has no choose function")
        }
        let result = try hooks.call(choose, name: "\(state.name).choose")
        guard let event = result.stringValue else {
            throw EngineError.invalid("\(definition.file): auto state '\(state.name)': choose must "
                                      + "return an event name, got \(result.typeName)")
        }
        try transition(event)
    }

    private func finish(_ state: StateDefinition) {
        instance.status = .completed
        instance.outcome = state.outcome ?? state.name
        instance.timers.removeAll()
        for index in instance.items.indices where instance.items[index].status == .open
            || instance.items[index].status == .waiting {
            instance.items[index].status = .cancelled
        }
        signalParent(.completed)
    }

    // MARK: Items

    @discardableResult
    func openItem(_ state: StateDefinition, kind: WorkItem.Kind, title: String, assignee: String,
                  due: DueSpec?, key: String? = nil, after: [String] = []) throws -> WorkItem {
        var item = WorkItem(
            id: instance.nextID("w"), state: state.name, visit: instance.path.count, kind: kind, key: key, title: title,
            assignee: assignee, owner: nil, status: after.isEmpty ? .open : .waiting, after: after,
            decision: nil, comment: nil, attachments: [], createdAt: at, actedAt: nil, actedBy: nil,
            due: nil, color: .green, reminders: 0, escalations: [], history: [])
        applyDelegation(&item)
        try scheduleTimers(&item, state: state, due: due)
        instance.items.append(item)
        if item.status == .open {
            notify(item.assignee, kind: "assigned", item: item, title: "新待办：\(title)",
                   body: "\(definition.title) \(instance.id)：\(title)\(proxyNote(item))")
        }
        return item
    }

    private func openApprovers(_ state: StateDefinition) throws {
        // Policies (dedupe, self, when_empty): Execution+ApproverPolicy.swift.
        guard let approvers = try policyApprovers(state) else { return }
        try refuseUnreachableQuorum(state, approvers: approvers)
        approversBeingOpened = Set(approvers)
        defer { approversBeingOpened = [] }
        var previous: String?
        var autoApproved = 0
        for person in approvers {
            if openAutoApproved(state, person) { autoApproved += 1; continue }
            let after = state.rule == .sequential ? previous.map { [$0] } ?? [] : []
            let item = try openItem(state, kind: .approval, title: state.title, assignee: person,
                                    due: state.due, after: after)
            previous = item.id
        }
        if autoApproved > 0 { try applyRule(state) }
    }

    private func openChecklist(_ state: StateDefinition) throws {
        var specs: [(key: String, title: String, assignee: PeopleSpec, due: DueSpec?)] =
            state.items.map { ($0.key, $0.title, $0.assignee, $0.due ?? state.due) }
        if let function = state.itemsFunction {
            let list = try hooks.call(function, name: "\(state.name).items")
            guard case .array(let entries) = list else {
                throw EngineError.invalid("\(state.name).items must return a list of "
                                          + "{ key = ..., title = ..., assignee = ... }")
            }
            for (position, entry) in entries.enumerated() {
                guard let assignee = entry["assignee"]?.stringValue else {
                    throw EngineError.invalid("\(state.name).items[\(position + 1)] has no assignee")
                }
                let key = entry["key"]?.stringValue ?? "item\(position + 1)"
                var due = state.due
                if let text = entry["due"]?.stringValue {
                    guard let duration = WorkDuration(text) else {
                        throw EngineError.invalid("\(state.name).items[\(position + 1)].due '\(text)' "
                                                  + "is not a duration such as 5wd")
                    }
                    due = .duration(duration)
                }
                let spec = PeopleSpec(reference: assignee) ?? .person(assignee)
                specs.append((key, entry["title"]?.stringValue ?? key, spec, due))
            }
        }
        if specs.isEmpty {
            throw EngineError.invalid("parallel state '\(state.name)' has no items")
        }
        for spec in specs {
            let person = try resolve(spec.assignee, context: "state '\(state.name)' item '\(spec.key)'")[0]
            try openItem(state, kind: .item, title: spec.title, assignee: person, due: spec.due,
                         key: spec.key)
        }
    }
}
