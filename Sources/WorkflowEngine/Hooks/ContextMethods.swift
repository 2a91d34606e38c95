import AgencyCalendar
import AgencyJSON
import Foundation
import LuaRuntime

extension Engine {
    /// The metatable whose `__index` holds the ctx methods. Built once per runtime: the
    /// methods find the command being applied through ``currentExecution``.
    func contextMetatable(for runtime: LuaRuntime) throws -> LuaRef {
        if let existing = contextMetatables[ObjectIdentifier(runtime)] { return existing }
        let methods = try runtime.newTable()
        for (name, body) in contextMethods() {
            try runtime.setField(methods, name, .value(.function(try runtime.makeFunction(name: "ctx:\(name)", body))))
        }
        let metatable = try runtime.newTable()
        try runtime.setField(metatable, "__index", .value(.table(methods)))
        contextMetatables[ObjectIdentifier(runtime)] = metatable
        return metatable
    }

    private func running() throws -> Execution {
        guard let execution = currentExecution else {
            throw HostCallError("ctx methods work only while a hook runs")
        }
        return execution
    }

    private func text(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return (try? value.canonicalString()) ?? value.typeName
    }

    private func contextMethods() -> [(String, (LuaHostCall) throws -> [JSONValue])] {
        [
            ("log", { [unowned self] call in
                let execution = try self.running()
                // Arguments after ctx; none at all for `ctx.log()` written with a dot.
                let parts = try stride(from: 2, through: call.argumentCount, by: 1)
                    .map { self.text(try call.json(Int32($0))) }
                execution.logs.append(parts.joined(separator: " "))
                return []
            }),
            ("notify", { [unowned self] call in
                let execution = try self.running()
                let spec = try call.json(2)
                guard let to = spec["to"], let title = spec["title"]?.stringValue else {
                    throw HostCallError("ctx:notify needs { to = ..., title = \"...\", body = \"...\" }")
                }
                let targets = to.arrayValue ?? [to]
                for target in targets {
                    guard let name = target.stringValue else { continue }
                    let people = try execution.resolve(PeopleSpec(reference: name) ?? .field(name), context: "ctx:notify")
                    for person in people {
                        execution.notify(person, kind: spec["kind"]?.stringValue ?? "notice", item: nil,
                                         title: title, body: spec["body"]?.stringValue ?? "")
                    }
                }
                return []
            }),
            ("start", { [unowned self] call in
                let execution = try self.running()
                let workflow = try call.string(2)
                let input = call.argumentCount >= 3 ? try call.json(3) : .object([:])
                let child = try execution.newChildID()
                execution.instance.children.append(child)
                execution.messages.append(InstanceMessage(
                    kind: .start, target: child, event: nil, data: nil, workflow: workflow,
                    input: input, parent: nil, actor: execution.actor))
                return [.string(child)]
            }),
            ("signal", { [unowned self] call in
                let execution = try self.running()
                let target = try call.string(2)
                let event = try call.string(3)
                let data = call.argumentCount >= 4 ? try call.json(4) : .null
                try execution.checkMessageCount()
                execution.messages.append(InstanceMessage(
                    kind: .signal, target: target, event: event, data: data.isNull ? Optional<JSONValue>.none : data,
                    workflow: nil, input: nil, parent: nil, actor: execution.actor))
                return []
            }),
            // 抄送: ctx:cc(who, note), who a person id (or role:X / person:X) or a list of them.
            ("cc", { [unowned self] call in
                let execution = try self.running()
                let who = try call.json(2)
                let note = call.argumentCount >= 3 ? try call.json(3).stringValue : nil
                var people: [String] = []
                for target in who.arrayValue ?? [who] {
                    guard let name = target.stringValue else {
                        throw HostCallError("ctx:cc(who, note): who must be a person id or a list of them, got "
                                            + target.typeName)
                    }
                    let spec = PeopleSpec(reference: name) ?? .person(name)
                    for person in try execution.resolve(spec, context: "ctx:cc") where !people.contains(person) {
                        people.append(person)
                    }
                }
                execution.carbonCopy(people, note: note)
                return []
            }),
            ("query", { [unowned self] call in
                let execution = try self.running()
                let filter = call.argumentCount >= 2 ? try call.json(2) : .object([:])
                return [try execution.answerQuery { self.query(filter) }]
            }),
            ("people", { [unowned self] call in
                _ = try self.running()
                return [.array(self.people.holders(of: try call.string(2)).map { .string($0.id) })]
            }),
            ("add_workdays", { [unowned self] call in
                guard let date = CivilDate(try call.string(2)), let n = try call.json(3).intValue else {
                    throw HostCallError("ctx:add_workdays(\"YYYY-MM-DD\", n)")
                }
                return [.string(try self.calendar.addWorkdays(Int(n), to: date).description)]
            }),
            ("count_workdays", { [unowned self] call in
                guard let from = CivilDate(try call.string(2)), let to = CivilDate(try call.string(3)) else {
                    throw HostCallError("ctx:count_workdays(\"YYYY-MM-DD\", \"YYYY-MM-DD\")")
                }
                return [.integer(Int64(try self.calendar.countWorkdays(from: from, to: to)))]
            }),
            // One value per method, as before: a second return value would change what
            // `f(ctx:add_workdays(...))` passes in hooks already journaled, and their replay.
            ("provisional", { [unowned self] call in
                guard let from = CivilDate(try call.string(2)), let to = CivilDate(try call.string(3)) else {
                    throw HostCallError("ctx:provisional(\"YYYY-MM-DD\", \"YYYY-MM-DD\")")
                }
                return [.bool(!self.calendar.provisionalYears(from: min(from, to), through: max(from, to)).isEmpty)]
            }),
            ("deadline", { [unowned self] call in
                let execution = try self.running()
                let duration = try WorkDuration(parsing: try call.string(2))
                return [.string(self.timestamps.format(try execution.deadline(from: execution.now,
                                                                               adding: duration)))]
            }),
        ]
    }
}
