import AgencyJSON

/// Subflows that never strand their parent: a child that ends in any way (completed,
/// cancelled, failed) tells its parent; the parent records each child's end
/// (`Instance.subflows`) and takes an event when its state's rule is decided; a parent
/// that leaves the state another way, or is cancelled, cancels its running children.
extension Execution {
    /// Enters a subflow state: starts its child (or one child per element of `each`),
    /// then opens the watch item that shows the wait in an inbox, with its deadlines.
    func enterSubflow(_ state: StateDefinition) throws {
        guard let workflow = state.childWorkflow else {
            throw EngineError.invalid("subflow state '\(state.name)' names no workflow")
        }
        let visit = instance.path.count
        if let field = state.each {
            guard case .array(let elements)? = instance.data[field] else {
                throw EngineError.invalid("subflow state '\(state.name)': each = \"\(field)\" needs data field "
                                          + "'\(field)' to hold a list, but it is "
                                          + (instance.data[field]?.typeName ?? "missing"))
            }
            if elements.isEmpty {
                guard state.transition("completed") != nil else {
                    throw EngineError.invalid("subflow state '\(state.name)': data.\(field) is an empty list, so no "
                                              + "child starts, and the state has no 'completed' route to take; "
                                              + "add on = { completed = ... }")
                }
                logs.append("subflow '\(state.name)': data.\(field) is empty; no child started, 'completed' taken")
                eventData = childrenEventData(state, visit: visit, last: nil)
                try transition("completed")
                return
            }
            // A quorum the children cannot reach is refused here, as an approval's is,
            // rather than quietly becoming "all".
            if case .atLeast(let n) = state.childCompletion, elements.count < n {
                throw EngineError.invalid("subflow state '\(state.name)': complete = { at_least = \(n) } needs \(n) "
                                          + "children to complete, but data.\(field) holds only \(elements.count) "
                                          + "element\(elements.count == 1 ? "" : "s"), so the rule could never be met; "
                                          + "give data.\(field) at least \(n) elements, or lower at_least")
            }
            for (offset, element) in elements.enumerated() {
                let position = offset + 1
                let input = try state.childInput.map {
                    try hooks.call($0, name: "\(state.name).input", arguments: [element, .integer(Int64(position))])
                } ?? element
                guard case .object = input else {
                    throw EngineError.invalid("subflow state '\(state.name)': the input of element \(position) of "
                                              + "data.\(field) is \(input.typeName), not a table; give input = "
                                              + "function(ctx, element, index) returning the child's input")
                }
                try startChild(workflow, state: state, input: input, visit: visit, index: position)
            }
        } else {
            let input = try state.childInput.map { try hooks.call($0, name: "\(state.name).input") } ?? .object([:])
            try startChild(workflow, state: state, input: input, visit: visit, index: nil)
        }
        let watcher = try state.sentBy.map { try resolve($0, context: "state '\(state.name)' by") }?.first
        try openItem(state, kind: .wait, title: state.title, assignee: watcher ?? instance.initiator, due: state.due)
    }

    private func startChild(_ workflow: String, state: StateDefinition, input: JSONValue, visit: Int,
                            index: Int?) throws {
        let child = try newChildID()
        instance.children.append(child)
        instance.subflows = (instance.subflows ?? []) + [SubflowChild(id: child, state: state.name, visit: visit,
                                                                      index: index)]
        messages.append(InstanceMessage(kind: .start, target: child, event: nil, data: nil, workflow: workflow,
                                        input: input, parent: ParentLink(id: instance.id, state: state.name),
                                        actor: actor))
    }

    // MARK: A child's end, at the parent

    /// Handles a message that reports a child's end; false when the message is no such
    /// report (a `ctx:signal`, or a child's end from before ends carried their status).
    func receiveChildEnd() throws -> Bool {
        guard let (child, status) = childEnd(), let index = instance.subflows?.firstIndex(where: { $0.id == child })
        else { return false }
        let state = try currentState()
        let waiting = isWaiting(for: index, in: state)
        recordEnd(at: index, status: status)
        guard waiting else {
            logs.append("child \(child) \(status.rawValue) after state '\(instance.subflows?[index].state ?? "")' "
                        + "stopped waiting for it: recorded, no event taken")
            return true
        }
        try decide(state, last: child, retrying: false)
        return true
    }

    /// A parent that is not running still records its children's ends: a failed one (an
    /// incident) so that `agency retry` finds them, an ended one so its record is true.
    func recordChildEndWhileNotRunning() {
        guard let (child, status) = childEnd(), let index = instance.subflows?.firstIndex(where: { $0.id == child })
        else { return }
        recordEnd(at: index, status: status)
        if instance.status == .failed {
            logs.append("child \(child) \(status.rawValue) while \(instance.id) has an incident: recorded for retry")
        }
    }

    /// After `agency retry` of a parent in a subflow state: its children's ends recorded
    /// meanwhile decide the state now, if its rule is decided and the state has the route;
    /// otherwise the parent waits again.
    func reconsiderChildrenAfterRetry() throws {
        guard let state = definition.state(instance.state), state.kind == .subflow,
              (instance.subflows ?? []).contains(where: { $0.state == state.name && $0.visit == instance.path.count })
        else { return }
        try decide(state, last: nil, retrying: true)
    }

    /// A legacy parent (children started before ends were recorded) reached by a cancel or
    /// failure: the route if the state has one, else an incident.
    func receiveUnrecordedChildEnd(_ event: String, state: StateDefinition) throws -> Bool {
        guard state.kind == .subflow, event == "cancelled" || event == "failed",
              let (child, _) = childEnd() else { return false }
        if state.transition(event) != nil {
            try transition(event)
        } else {
            raiseIncident("child \(child) was \(event), and subflow state '\(state.name)' has no '\(event)' route; "
                          + "add on = { \(event) = ... } to the definition, or move the instance on with "
                          + "agency goto after agency retry")
        }
        return true
    }

    private func childEnd() -> (String, SubflowChild.Status)? {
        guard let data = command.data, let child = data["child"]?.stringValue,
              let status = data["status"]?.stringValue.flatMap(SubflowChild.Status.init(rawValue:)),
              status != .running, instance.children.contains(child) else { return nil }
        return (child, status)
    }

    /// Whether the current state visit still waits for the child: a running child, or a
    /// failed one (which `agency retry` may bring back).
    private func isWaiting(for index: Int, in state: StateDefinition) -> Bool {
        guard let record = instance.subflows?[index] else { return false }
        return state.kind == .subflow && record.state == state.name && record.visit == instance.path.count
            && (record.status == .running || record.status == .failed)
    }

    private func recordEnd(at index: Int, status: SubflowChild.Status) {
        guard var record = instance.subflows?[index] else { return }
        record.status = status
        record.outcome = status == .completed ? command.data?["outcome"]?.stringValue : nil
        record.endedAt = at
        instance.subflows?[index] = record
    }

    /// Decides the state from its children's ends: completed when the rule is met
    /// (the child's outcome for a single subflow, if routed), `failed` or `cancelled`
    /// when it can no longer be met (`failed` if any child failed), else keep waiting.
    private func decide(_ state: StateDefinition, last: String?, retrying: Bool) throws {
        let visit = instance.path.count
        let children = (instance.subflows ?? []).filter { $0.state == state.name && $0.visit == visit }
        let completed = children.filter { $0.status == .completed }
        let open = children.filter { $0.status == .running }
        let needed: Int
        switch state.each == nil ? .all : state.childCompletion {
        case .all: needed = children.count
        case .any: needed = min(1, children.count)
        // Entering refuses n above the number of children; the cap only keeps instances
        // that entered before that refusal deciding as they did.
        case .atLeast(let n): needed = min(n, children.count)
        }
        var candidates: [String]
        if completed.count >= needed {
            candidates = ["completed"]
            if state.each == nil, let outcome = completed.first?.outcome, !outcome.isEmpty {
                candidates.insert(outcome, at: 0)
            }
        } else if completed.count + open.count < needed {
            candidates = [children.contains { $0.status == .failed } ? "failed" : "cancelled"]
        } else {
            return
        }
        eventData = childrenEventData(state, visit: visit, last: last)
        guard let event = candidates.first(where: { state.transition($0) != nil }) else {
            let names = candidates.map { "'\($0)'" }.joined(separator: " or ")
            if retrying {
                logs.append("retry: subflow state '\(state.name)' still has no \(names) route; waiting again")
                return
            }
            let ended = children.first { $0.id == last }.map { child in
                "child \(child.id) " + (child.status == .completed
                    ? "completed" + (child.outcome.map { " with outcome '\($0)'" } ?? "") : "was \(child.status.rawValue)")
            } ?? "its children ended"
            raiseIncident("\(ended), and subflow state '\(state.name)' has no \(names) route for it; add "
                          + "on = { \(candidates.last ?? "completed") = ... } to the definition, or move the instance "
                          + "on with agency retry then agency goto")
            return
        }
        // The watch item is done, decided by the children's ends (not cancelled).
        for index in instance.items.indices where instance.items[index].state == state.name
            && instance.items[index].visit == visit && instance.items[index].kind == .wait
            && instance.items[index].status == .open {
            close(index, decision: event)
        }
        try transition(event)
    }

    /// What `ev.data` holds when a subflow state's children decide its event: the child
    /// whose end decided it (with its outcome and data), and every child of the visit.
    private func childrenEventData(_ state: StateDefinition, visit: Int, last: String?) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        if let last, case .object(let message)? = command.data, message["child"]?.stringValue == last {
            fields = message
        }
        let children = (instance.subflows ?? []).filter { $0.state == state.name && $0.visit == visit }
        fields["children"] = .array(children.map { child in
            var entry: [String: JSONValue] = ["child": .string(child.id), "status": .string(child.status.rawValue)]
            if let index = child.index { entry["index"] = .integer(Int64(index)) }
            if let outcome = child.outcome { entry["outcome"] = .string(outcome) }
            return .object(entry)
        })
        return .object(fields)
    }

    /// Marks the instance failed with an incident the operator sees (`agency list --status failed`),
    /// tells the watcher of the state, and tells its own parent `failed` (as `Engine.fail`
    /// does), so a nested parent does not wait for ever on a child stuck here.
    private func raiseIncident(_ message: String) {
        instance.incident = Incident(at: at, message: message, traceback: nil, command: command.kind.rawValue,
                                     previousStatus: .running)
        instance.status = .failed
        logs.append("incident: \(message)")
        signalParent(.failed, reason: message)
        let watchers = instance.items.filter { $0.state == instance.state && $0.status == .open }.map(\.assignee)
        for person in Array(Set(watchers)).sorted() {
            notify(person, kind: "incident", item: nil, title: "子流程异常：\(definition.title) \(instance.id)",
                   body: message)
        }
    }

    // MARK: Cancelling children, telling the parent

    /// Sends a cancel to each child still running that `state` started in its current
    /// visit, or, when `state` is nil (the parent is cancelled), to every child still
    /// running or failed: the whole tree stops, and a failed child's cancel ends its
    /// incident (logged in its cancel record). Cancels go through the outbox like every
    /// message, once each. A parent that merely leaves the state leaves a failed child its
    /// incident for the operator (retry it, then cancel it, or let it end: its end is
    /// recorded here and changes nothing once the state has stopped waiting).
    func cancelChildren(of state: String?, reason: String) {
        let visit = instance.path.count
        for child in instance.subflows ?? [] where child.status == .running || (state == nil && child.status == .failed) {
            if let state, child.state != state || child.visit != visit { continue }
            messages.append(InstanceMessage(kind: .cancel, target: child.id, event: nil,
                                            data: .object(["reason": .string(reason)]), workflow: nil, input: nil,
                                            parent: nil, actor: actor))
        }
    }

    /// Tells the parent (if any) that this instance ended (`reason`: why, when not the
    /// command's own reason).
    func signalParent(_ status: SubflowChild.Status, reason: String? = nil) {
        guard let message = Self.endMessage(instance, status: status, reason: reason ?? command.reason) else { return }
        messages.append(message)
    }

    /// The message a child sends its parent when it ends: the event is the outcome
    /// (completed) or the status (`cancelled`, `failed`); `ev.data` holds the child, its
    /// status and outcome, its data and, when cancelled or failed, why.
    static func endMessage(_ instance: Instance, status: SubflowChild.Status, reason: String?) -> InstanceMessage? {
        guard let parent = instance.parent else { return nil }
        var data: [String: JSONValue] = [
            "child": .string(instance.id), "outcome": .string(instance.outcome ?? ""), "data": instance.data,
            "status": .string(status.rawValue),
        ]
        if let reason, status != .completed { data["reason"] = .string(reason) }
        let event = status == .completed ? instance.outcome : status.rawValue
        return InstanceMessage(kind: .signal, target: parent.id, event: event, data: .object(data),
                               workflow: nil, input: nil, parent: nil, actor: "system")
    }
}
