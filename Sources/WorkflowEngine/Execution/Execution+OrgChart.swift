import AgencyCalendar

/// People found through the org chart (manager_of, managers_up_to, head_of) and standing
/// delegation (代理) applied when an item is given to someone. Docs/people.md.
extension Execution {
    /// The ids an org-chart spec names now; none, with why, when the chart has nobody there
    /// (an approval's when_empty decides what follows). A broken chain is always an error.
    func orgChartPeople(_ spec: PeopleSpec, context: String) throws -> (ids: [String], nobody: String?) {
        switch spec {
        case .managerOf(let subject, let level):
            var current = try subjectPerson(subject, context: context)
            let written = "manager_of(\(subject)" + (level == 1 ? ")" : ", \(level))")
            for step in 1...level {
                guard let next = people.manager(of: current) else {
                    return ([], "\(context): \(written): \(people.display(current)) has no manager in the people "
                            + "directory" + (step > 1 ? " (level \(step - 1) of the chain)" : "")
                            + "; give them a manager, or a department whose head (or a parent's head) is someone else")
                }
                current = next
            }
            return ([current], nil)
        case .managersUpTo(let subject, let stop):
            let start = try subjectPerson(subject, context: context)
            let written = "managers_up_to(\(subject), \(stop))"
            if matches(start, stop) {
                return ([], "\(context): \(written): \(people.display(start)) is already \(stop): nobody above to ask")
            }
            var chain: [String] = []
            var current = start
            while let next = people.manager(of: current), chain.count < PeopleDirectory.maxChain {
                chain.append(next)
                if matches(next, stop) { return (chain, nil) }
                current = next
            }
            let names = ([start] + chain).map { people.person($0)?.name ?? $0 }.joined(separator: " → ")
            throw EngineError.invalid("\(context): \(written): the chain \(names) ends at \(people.display(current)), "
                                      + "who has no manager, before reaching \(stop); fix the org chart in people.json")
        case .headOf(let name):
            let department: String
            if people.department(name) != nil {
                department = name
            } else if case .string(let id)? = instance.data[name] {
                guard people.department(id) != nil else {
                    throw EngineError.invalid("\(context): head_of(\(name)): data field '\(name)' holds '\(id)', "
                                              + "which is not a department in the people directory")
                }
                department = id
            } else {
                throw EngineError.invalid("\(context): head_of(\(name)): '\(name)' is neither a department in the "
                                          + "people directory nor a data field holding a department id")
            }
            guard let head = people.head(of: department) else {
                return ([], "\(context): head_of(\(name)): department '\(department)' has no head in the people directory")
            }
            return ([head], nil)
        default:
            return (try resolve(spec, context: context), nil)
        }
    }

    /// The person an org-chart spec starts from: "initiator", or a data field holding an id.
    func subjectPerson(_ subject: String, context: String) throws -> String {
        let id: String
        if subject == "initiator" {
            id = instance.initiator
        } else {
            guard case .string(let value)? = instance.data[subject] else {
                throw EngineError.invalid("\(context): data field '\(subject)' should hold a person id, "
                                          + "but it is \(instance.data[subject]?.typeName ?? "missing")")
            }
            id = value
        }
        guard people.person(id) != nil else {
            throw EngineError.invalid("\(context): '\(id)' (\(subject)) is not in the people directory")
        }
        return id
    }

    private func matches(_ id: String, _ stop: PeopleSpec) -> Bool {
        switch stop {
        case .role(let role): return people.person(id)?.roles.contains(role) ?? false
        case .person(let person): return id == person
        default: return false
        }
    }

    // MARK: Standing delegation (代理)

    /// Who an item given to `person` now goes to: their delegate when a delegation covers
    /// the command's date (followed up to `PeopleDirectory.delegationDepth` times; a cycle
    /// goes to the first admin in the directory), else the person. The item stays with the
    /// person when the delegate already has a vote in this approval visit.
    func assignment(for person: String) -> (assignee: String, onBehalfOf: String?) {
        let day = CivilDate(now, in: engine.timestamps.timeZone)
        let found = people.delegate(of: person, on: day)
        guard found.chain.count > 1 else { return (person, nil) }
        var target = found.chain[found.chain.count - 1]
        if found.cycle {
            guard let admin = people.holders(of: PeopleDirectory.adminRole).first?.id else { return (person, nil) }
            target = admin
        }
        if target == person || votesHere(target) { return (person, nil) }
        return (target, person)
    }

    /// Gives an item (being created) to the person's delegate, if any, with a "proxy"
    /// event in its history.
    func applyDelegation(_ item: inout WorkItem) {
        let principal = item.assignee
        let given = assignment(for: principal)
        guard let onBehalfOf = given.onBehalfOf else {
            item.onBehalfOf = nil
            return
        }
        item.assignee = given.assignee
        item.onBehalfOf = onBehalfOf
        let day = CivilDate(now, in: engine.timestamps.timeZone)
        let found = people.delegate(of: principal, on: day)
        let chain = found.chain.map { people.person($0)?.name ?? $0 }.joined(separator: " → ")
        var why = found.cycle ? "代理循环（\(chain) → …），转系统管理员" : "代理：\(chain)"
        if let delegation = people.delegation(of: principal, on: day) {
            why += "（\(delegation.from) 至 \(delegation.until)\(delegation.reason.map { "，\($0)" } ?? "")）"
        }
        item.history.append(ItemEvent(at: at, actor: "system", action: "proxy", to: given.assignee, comment: why))
        // In the journal record too, as staff read it: "李明（代 王军）".
        logs.append("\(item.id) \(item.title) → \(people.person(given.assignee)?.name ?? given.assignee)"
                    + "\(proxyNote(item))：\(why)")
    }

    /// Gives an existing item to `person` (transfer, reassign), through their delegation.
    func assign(_ index: Int, to person: String) {
        var item = instance.items[index]
        item.assignee = person
        applyDelegation(&item)
        instance.items[index] = item
    }

    /// "（代 张伟）" after an item's assignee, when it is held on someone's behalf.
    func proxyNote(_ item: WorkItem) -> String {
        item.onBehalfOf.map { "（代 \(people.person($0)?.name ?? $0)）" } ?? ""
    }

    /// Whether `person` already has a vote in the current approval visit (`existingVote`),
    /// or a place among the approvers being opened.
    private func votesHere(_ person: String) -> Bool {
        guard definition.state(instance.state)?.kind == .approval else { return false }
        return approversBeingOpened.contains(person) || existingVote(of: person) != nil
    }

    /// Who has acted on an item, if anyone: the one rule behind 撤回 (withdraw) and both
    /// kinds of 拿回 (take back). The system's doings (auto-approvals, proxy assignments)
    /// and the applicant's own 催办 are nobody acting; `exempt` leaves out events the
    /// caller knows are no one acting on this item since (the 前加签 that made an adder
    /// wait for the decision being taken back).
    func whoActed(on item: WorkItem, exempt: (ItemEvent) -> Bool = { _ in false }) -> String? {
        if item.status == .done, let by = item.actedBy, by != "system" { return by }
        return item.history.first { $0.actor != "system" && $0.action != "urge" && !exempt($0) }?.actor
    }

    /// Whether anyone has acted on an item (`whoActed(on:)`).
    func actedOn(_ item: WorkItem, exempt: (ItemEvent) -> Bool = { _ in false }) -> Bool {
        whoActed(on: item, exempt: exempt) != nil
    }
}
