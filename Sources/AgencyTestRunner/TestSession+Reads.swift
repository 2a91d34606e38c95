import AgencyCalendar
import AgencyJSON
import AgencyService
import LuaRuntime
import WorkflowEngine

/// What a test can look at: instances, their open items, data and journal, the
/// notifications sent so far, inboxes, summaries and reports. Every read goes through
/// the store, so a test sees what was committed, not an in-memory shortcut.
extension TestSession {
    func instance(_ id: String) throws -> Instance {
        do {
            return try service.instance(id)
        } catch {
            throw HostCallError(ServiceError(error).description)
        }
    }

    func instanceJSON(_ id: String) throws -> JSONValue {
        try JSONValue(encoding: try instance(id))
    }

    /// Open work items of `id`, those matching `pattern` when given.
    func openItems(_ id: String, matching pattern: JSONValue? = nil) throws -> [JSONValue] {
        let items = try instance(id).openItems.map { try JSONValue(encoding: $0) }
        guard let pattern, !pattern.isNull else { return items }
        return items.filter { TestValues.matches($0, pattern) }
    }

    func journal(_ id: String) throws -> [JSONValue] {
        do {
            return try service.journal(id)
        } catch {
            throw HostCallError(ServiceError(error).description)
        }
    }

    /// Notifications delivered and not yet cleared with `t:clear_notifications()`, oldest
    /// first, those matching `pattern` when given.
    func notifications(matching pattern: JSONValue? = nil) throws -> [JSONValue] {
        let all: [JSONValue]
        do {
            all = try service.notifications()
        } catch {
            throw HostCallError(ServiceError(error).description)
        }
        guard let pattern, !pattern.isNull else { return all }
        return all.filter { TestValues.matches($0, pattern) }
    }

    /// Marks every notification so far as read; returns how many there were.
    func clearNotifications() throws -> Int {
        let keys = try notifications().compactMap { $0["key"]?.stringValue }
        do {
            return try service.acknowledge(keys: keys)
        } catch {
            throw HostCallError(ServiceError(error).description)
        }
    }

    /// One person's open items across the store: `{ instance = ..., item = { ... } }`.
    func inbox(_ person: String) throws -> [JSONValue] {
        do {
            return try service.inbox(person).map { instance, item in
                .object(["instance": .string(instance.id), "workflow": .string(instance.workflow),
                         "item": try JSONValue(encoding: item)])
            }
        } catch {
            throw HostCallError(ServiceError(error).description)
        }
    }

    /// Summaries (the shape `ctx:query` and reports use) of the instances matching
    /// `{ workflow = , state = , status = , assignee = }`.
    func list(_ value: JSONValue?) throws -> [JSONValue] {
        let options = try TestOptions(value, allowed: ["workflow", "state", "status", "assignee"], context: "t:list")
        var filter = InstanceFilter(workflow: try options.string("workflow"), state: try options.string("state"),
                                    assignee: try options.string("assignee"))
        if let status = try options.string("status") {
            guard let parsed = Instance.Status(rawValue: status) else {
                throw HostCallError("t:list: status '\(status)' is not one of "
                                    + Instance.Status.allCases.map(\.rawValue).joined(separator: ", "))
            }
            filter.status = parsed
        }
        do {
            return try service.list(filter).map { AgencyService.summary($0) }
        } catch {
            throw HostCallError(ServiceError(error).description)
        }
    }

    /// `t:report(name, options)`: a report registered with the runner.
    func report(_ name: String, options: JSONValue) throws -> JSONValue {
        guard let provider = reports[name] else {
            throw HostCallError("t:report: no report named '\(name)'"
                                + (reports.isEmpty ? " (none are available to tests)"
                                                   : " (there are: \(reports.keys.sorted().joined(separator: ", ")))"))
        }
        do {
            return try provider(service, options.isNull ? .object([:]) : options, now)
        } catch {
            throw HostCallError("t:report(\"\(name)\"): \(ServiceError(error).description)")
        }
    }

    /// `t:enable_schedule(workflow, from)`: turns a workflow's schedule on, as
    /// `agency schedule enable` does, from `from` (default: today on the virtual clock).
    func enableSchedule(_ workflow: String, from: String?) throws -> String {
        var moment = now
        if let from {
            guard let date = service.timestamps.parseUserTime(from) else {
                throw HostCallError("t:enable_schedule: '\(from)' is not a date (2025-01-06)")
            }
            moment = date
        }
        let day = CivilDate(moment, in: service.timestamps.timeZone)
        do {
            let first = try service.enableSchedule(workflow, from: day)
            return first.nominal.description
        } catch {
            throw HostCallError("t:enable_schedule(\"\(workflow)\"): \(ServiceError(error).description)")
        }
    }
}
