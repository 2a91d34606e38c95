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
            try startChild(state)
        case .auto:
            try chooseNext(state)
        case .final:
            finish(state)
        }
    }

    /// Leaves the current state: its exit hook runs, its open items and timers close.
    func leaveState() throws {
        let state = try currentState()
        if let hook = state.onExit { _ = try hooks.call(hook, name: "\(state.name).exit") }
        closeItems(ofState: state.name)
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
        try leaveState()
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
        if let parent = instance.parent {
            messages.append(InstanceMessage(
                kind: .signal, target: parent.id, event: instance.outcome,
                data: .object(["child": .string(instance.id), "outcome": .string(instance.outcome ?? ""),
                               "data": instance.data]),
                workflow: nil, input: nil, parent: nil, actor: "system"))
        }
    }

    private func startChild(_ state: StateDefinition) throws {
        guard let workflow = state.childWorkflow else {
            throw EngineError.invalid("subflow state '\(state.name)' names no workflow")
        }
        let input = try state.childInput.map { try hooks.call($0, name: "\(state.name).input") }
            ?? .object([:])
        let child = try newChildID()
        instance.children.append(child)
        messages.append(InstanceMessage(kind: .start, target: child, event: nil, data: nil,
                                        workflow: workflow, input: input,
                                        parent: ParentLink(id: instance.id, state: state.name),
                                        actor: actor))
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
        try scheduleTimers(&item, state: state, due: due)
        instance.items.append(item)
        if item.status == .open {
            notify(assignee, kind: "assigned", item: item, title: "新待办：\(title)",
                   body: "\(definition.title) \(instance.id)：\(title)")
        }
        return item
    }

    private func openApprovers(_ state: StateDefinition) throws {
        var approvers: [String] = []
        for spec in state.approvers {
            for person in try resolve(spec, context: "state '\(state.name)' approvers")
            where !approvers.contains(person) {
                approvers.append(person)
            }
        }
        try refuseUnreachableQuorum(state, approvers: approvers)
        var previous: String?
        for person in approvers {
            let after = state.rule == .sequential ? previous.map { [$0] } ?? [] : []
            let item = try openItem(state, kind: .approval, title: state.title, assignee: person,
                                    due: state.due, after: after)
            previous = item.id
        }
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
