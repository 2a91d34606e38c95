import AgencyJSON
import AgencyService
import LuaRuntime

/// The `t:expect_*` methods. Each returns nothing when it holds; when it does not, it
/// records what was expected and what was found (for the report and `--json`) and
/// raises, which ends the test at the line of the expectation.
extension TestHost {
    static let expectationMethods: [(String, Body)] = [
        ("expect", { host, call in
            guard try call.isTruthy(1) else {
                let message = try call.optionalString(2, "the message") ?? "the value is \(call.typeName(1) == "boolean" ? "false" : "nil")"
                throw try host.fail("expect", message, expected: .string("a true value"), actual: try call.value(1))
            }
            return []
        }),
        ("expect_eq", { host, call in
            let actual = try call.value(1), expected = try call.value(2)
            guard TestValues.equal(actual, expected) else {
                let prefix = try call.optionalString(3, "the message").map { "\($0): " } ?? ""
                throw try host.fail("expect_eq", prefix + "expected \(TestValues.show(expected)), got \(TestValues.show(actual))",
                                    expected: expected, actual: actual)
            }
            return []
        }),
        ("expect_match", { host, call in
            let actual = try call.value(1), pattern = try call.value(2)
            guard TestValues.matches(actual, pattern) else {
                let prefix = try call.optionalString(3, "the message").map { "\($0): " } ?? ""
                throw try host.fail("expect_match", prefix + "the value does not match the pattern",
                                    expected: pattern, actual: actual)
            }
            return []
        }),
        ("expect_state", { host, call in
            let id = try call.string(1, "the instance id")
            let state = try call.string(2, "the state")
            let instance = try host.current().instance(id)
            guard instance.state == state else {
                throw try host.fail("expect_state", "\(id) is in state \"\(instance.state)\" "
                                    + "(\(instance.status.rawValue)), expected \"\(state)\"",
                                    expected: .string(state), actual: .string(instance.state))
            }
            return []
        }),
        ("expect_status", { host, call in
            let id = try call.string(1, "the instance id")
            let status = try call.string(2, "the status (running, completed, cancelled, failed)")
            let instance = try host.current().instance(id)
            guard instance.status.rawValue == status else {
                let incident = instance.incident.map { " (incident: \($0.message))" } ?? ""
                throw try host.fail("expect_status", "\(id) is \(instance.status.rawValue) in state "
                                    + "\"\(instance.state)\", expected \(status)\(incident)",
                                    expected: .string(status), actual: .string(instance.status.rawValue))
            }
            return []
        }),
        ("expect_data", { host, call in
            let id = try call.string(1, "the instance id")
            let pattern = try call.value(2)
            let data = try host.current().instance(id).data
            guard TestValues.matches(data, pattern) else {
                throw try host.fail("expect_data", "the data of \(id) does not match", expected: pattern, actual: data)
            }
            return []
        }),
        ("expect_item", { host, call in
            let id = try call.string(1, "the instance id")
            let pattern = try call.value(2)
            let open = try host.current().openItems(id)
            guard open.contains(where: { TestValues.matches($0, pattern) }) else {
                throw try host.fail("expect_item", "no open item of \(id) matches \(TestValues.show(pattern)); "
                                    + (open.isEmpty ? "it has none" : "open items:" + TestValues.showList(open.map(itemSummary))),
                                    expected: pattern, actual: .array(open.map(itemSummary)))
            }
            return []
        }),
        ("expect_no_item", { host, call in
            let id = try call.string(1, "the instance id")
            let pattern = try call.value(2)
            let found = try host.current().openItems(id, matching: pattern)
            guard found.isEmpty else {
                throw try host.fail("expect_no_item", "\(found.count) open item(s) of \(id) match "
                                    + TestValues.show(pattern) + ":" + TestValues.showList(found.map(itemSummary)),
                                    expected: .string("no open item matching"), actual: .array(found.map(itemSummary)))
            }
            return []
        }),
        ("expect_notification", { host, call in
            let pattern = try call.value(1)
            let all = try host.current().notifications()
            guard all.contains(where: { TestValues.matches($0, pattern) }) else {
                throw try host.fail("expect_notification", "no notification matches \(TestValues.show(pattern)); "
                                    + (all.isEmpty ? "there are none" : "there are \(all.count):" + TestValues.showList(all.map(notificationSummary))),
                                    expected: pattern, actual: .array(all.map(notificationSummary)))
            }
            return []
        }),
        ("expect_no_notification", { host, call in
            let pattern = try call.value(1)
            let found = try host.current().notifications(matching: pattern)
            guard found.isEmpty else {
                throw try host.fail("expect_no_notification", "\(found.count) notification(s) match "
                                    + TestValues.show(pattern) + ":" + TestValues.showList(found.map(notificationSummary)),
                                    expected: .string("no notification matching"), actual: .array(found.map(notificationSummary)))
            }
            return []
        }),
        ("expect_journal", { host, call in
            let id = try call.string(1, "the instance id")
            let pattern = try call.value(2)
            let records = try host.current().journal(id)
            guard records.contains(where: { TestValues.matches($0, pattern) }) else {
                let kinds = records.map { record -> JSONValue in
                    .object(["seq": record["seq"] ?? .null, "kind": record["kind"] ?? .null,
                             "actor": record["actor"] ?? .null])
                }
                throw try host.fail("expect_journal", "no journal record of \(id) matches \(TestValues.show(pattern)); "
                                    + "records:" + TestValues.showList(kinds, limit: 20),
                                    expected: pattern, actual: .array(kinds))
            }
            return []
        }),
        ("fail", { host, call in
            throw try host.fail("fail", try call.optionalString(1, "the message") ?? "failed", expected: nil, actual: nil)
        }),
    ]
}

/// The fields of a work item worth showing in a failure message.
private func itemSummary(_ item: JSONValue) -> JSONValue {
    pick(item, ["id", "state", "kind", "title", "assignee", "status", "due", "color", "reminders"])
}

private func notificationSummary(_ notification: JSONValue) -> JSONValue {
    pick(notification, ["to", "kind", "instance", "item", "title", "level", "at"])
}

private func pick(_ value: JSONValue, _ keys: [String]) -> JSONValue {
    guard case .object(let fields) = value else { return value }
    return .object(fields.filter { keys.contains($0.key) })
}
