import AgencyJSON
import Foundation
import WorkflowEngine
import WorkflowStore

/// Filters for `agency list`.
public struct InstanceFilter: Sendable {
    public var workflow: String?
    public var state: String?
    public var status: Instance.Status?
    public var assignee: String?
    public init(workflow: String? = nil, state: String? = nil, status: Instance.Status? = nil,
                assignee: String? = nil) {
        self.workflow = workflow
        self.state = state
        self.status = status
        self.assignee = assignee
    }
}

extension AgencyService {
    /// Instances matching the filter. The index narrows the candidates (by assignee,
    /// status or workflow) so that only their snapshots are read; each is then checked
    /// against its snapshot, since an index marker may be stale after a crash.
    public func list(_ filter: InstanceFilter) throws -> [Instance] {
        try guarded {
            var candidates: Set<String>?
            func narrow(_ kind: String, _ key: String?) throws {
                guard let key else { return }
                let ids = Set(try store.ids(kind: kind, key: key))
                candidates = candidates.map { $0.intersection(ids) } ?? ids
            }
            try narrow("inbox", filter.assignee)
            try narrow("status", filter.status?.rawValue)
            try narrow("workflow", filter.workflow)
            let ids = try candidates.map { Array($0) } ?? store.instanceIDs()
            var result: [Instance] = []
            for id in ids.sorted() {
                guard let instance = try? instance(id) else { continue }
                if let workflow = filter.workflow, instance.workflow != workflow { continue }
                if let state = filter.state, instance.state != state { continue }
                if let status = filter.status, instance.status != status { continue }
                if let assignee = filter.assignee, !instance.openItems.contains(where: { $0.assignee == assignee }) {
                    continue
                }
                result.append(instance)
            }
            return result
        }
    }

    /// One person's open work items across the store, most urgent first.
    public func inbox(_ person: String) throws -> [(Instance, WorkItem)] {
        var entries: [(Instance, WorkItem)] = []
        for instance in try list(InstanceFilter(assignee: person)) {
            for item in instance.openItems where item.assignee == person { entries.append((instance, item)) }
        }
        return entries.sorted { left, right in
            if left.1.color != right.1.color { return left.1.color > right.1.color }
            let leftDue = left.1.due ?? "9999", rightDue = right.1.due ?? "9999"
            if leftDue != rightDue { return leftDue < rightDue }
            return left.0.id < right.0.id
        }
    }

    /// The instances a person was sent a copy of (抄送), one entry per copy, newest first.
    public func carbonCopies(_ person: String) throws -> [(Instance, CarbonCopy)] {
        let ids = try guarded { try store.ids(kind: "cc", key: person) }
        var entries: [(Instance, CarbonCopy)] = []
        for id in ids.sorted() {
            guard let instance = try? instance(id) else { continue }
            for copy in instance.cc ?? [] where copy.to == person { entries.append((instance, copy)) }
        }
        return entries.sorted { ($0.1.at, $0.0.id) > ($1.1.at, $1.0.id) }
    }

    /// Read-only summaries for `ctx:query{workflow=, status=, state=}`.
    func querySummaries(_ filter: JSONValue) -> [JSONValue] {
        let instances = (try? list(InstanceFilter(
            workflow: filter["workflow"]?.stringValue, state: filter["state"]?.stringValue,
            status: filter["status"]?.stringValue.flatMap(Instance.Status.init(rawValue:))))) ?? []
        return instances.map { Self.summary($0) }
    }

    /// The fields reports and queries use.
    public static func summary(_ instance: Instance) -> JSONValue {
        .object([
            "id": .string(instance.id), "workflow": .string(instance.workflow),
            "state": .string(instance.state), "status": .string(instance.status.rawValue),
            "data": instance.data, "enteredAt": .string(instance.enteredAt),
            "updatedAt": .string(instance.updatedAt), "outcome": instance.outcome.map { .string($0) } ?? .null,
            "createdAt": .string(instance.createdAt), "initiator": .string(instance.initiator),
            "lastCommentAt": instance.comments.last.map { .string($0.at) } ?? .null,
            "items": .array(instance.openItems.map { item in
                .object(["id": .string(item.id), "title": .string(item.title), "assignee": .string(item.assignee),
                         "due": item.due.map { .string($0) } ?? .null, "color": .string(item.color.rawValue),
                         "dueProvisional": .bool(item.dueIsProvisional)])
            }),
        ])
    }
}
