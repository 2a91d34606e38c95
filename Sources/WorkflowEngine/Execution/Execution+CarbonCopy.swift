import AgencyJSON

/// 抄送 (CC): read-only copies of an instance sent to people who take no part in it, from
/// a state's `cc` on entering it or from a hook's `ctx:cc(who, note)`. Each is recorded on
/// the instance (`Instance.cc`, so the journal's snapshot keeps it) and notified with kind
/// "cc"; one person is copied once per state visit.
extension Execution {
    func carbonCopyOnEntering(_ state: StateDefinition) throws {
        guard !state.cc.isEmpty else { return }
        var people: [String] = []
        for spec in state.cc {
            for person in try resolve(spec, context: "state '\(state.name)' cc") where !people.contains(person) {
                people.append(person)
            }
        }
        carbonCopy(people, note: nil)
    }

    /// Copies `people` on the current state visit, skipping those already copied on it.
    func carbonCopy(_ people: [String], note: String?) {
        let visit = instance.path.count
        var records = instance.cc ?? []
        let stateTitle = definition.state(instance.state)?.title ?? instance.state
        for person in people where !records.contains(where: {
            $0.to == person && $0.state == instance.state && $0.visit == visit
        }) {
            records.append(CarbonCopy(at: at, state: instance.state, visit: visit, to: person, by: actor, note: note))
            // In the journal record too, so `agency log` shows each copy with its command.
            var entry: [String: JSONValue] = ["to": .string(person), "state": .string(instance.state)]
            if let note { entry["note"] = .string(note) }
            recordDetails["cc"] = .array((recordDetails["cc"]?.arrayValue ?? []) + [.object(entry)])
            let from = actor == "system" ? "系统" : self.people.display(actor)
            notify(person, kind: "cc", item: nil, title: "抄送：\(definition.title) \(instance.id)",
                   body: "\(from) 抄送：\(definition.title) \(instance.id)，当前「\(stateTitle)」（只读）"
                       + (note.map { "：\($0)" } ?? ""))
        }
        if records.count != (instance.cc ?? []).count { instance.cc = records }
    }
}
