import AgencyJSON
import Foundation
import WorkflowEngine
import WorkflowStore

/// Filters for `agency list` and the reads built on it. Every filter given must hold.
public struct InstanceFilter: Sendable {
    public var workflow: String?
    public var state: String?
    public var status: Instance.Status?
    public var assignee: String?
    /// Only instances running now, or changed at or after this moment (an engine
    /// timestamp): what a report of a period starting then can count. A finished instance
    /// last changed before it is left out.
    public var activeSince: String?
    /// Only the instances of this project: its permits and other children, and the cases
    /// that name it in their `project` field (not the project itself).
    public var project: String?
    /// Only instances where this person acted on (finished) an item.
    public var actedBy: String?

    public init(workflow: String? = nil, state: String? = nil, status: Instance.Status? = nil,
                assignee: String? = nil, activeSince: String? = nil, project: String? = nil, actedBy: String? = nil) {
        self.workflow = workflow
        self.state = state
        self.status = status
        self.assignee = assignee
        self.activeSince = activeSince
        self.project = project
        self.actedBy = actedBy
    }

    /// Whether `instance` passes every filter, read from the instance itself.
    public func matches(_ instance: Instance) -> Bool {
        if let workflow, instance.workflow != workflow { return false }
        if let state, instance.state != state { return false }
        if let status, instance.status != status { return false }
        if let assignee, !instance.openItems.contains(where: { $0.assignee == assignee }) { return false }
        if let activeSince, instance.status != .running, instance.updatedAt < activeSince { return false }
        if let project, !IndexGeneration.projects(of: instance).contains(project) { return false }
        if let actedBy, !instance.items.contains(where: { $0.status == .done && $0.actedBy == actedBy }) { return false }
        return true
    }
}

extension AgencyService {
    /// Instances matching the filter, by id.
    ///
    /// The index narrows the candidates so that only their snapshots are read: a read
    /// costs what it returns, not what the store holds (see `IndexGeneration`). Each
    /// candidate is then checked against its snapshot, since an index marker may be stale
    /// after a crash. Holds every match in memory: `forEachInstance` streams.
    public func list(_ filter: InstanceFilter) throws -> [Instance] {
        var result: [Instance] = []
        try forEachInstance(filter) { result.append($0) }
        return result
    }

    /// Calls `body` with each instance matching the filter, in id order, one at a time:
    /// memory follows one instance, not the answer.
    ///
    /// An instance that cannot be read (a corrupt snapshot, a file the process may not
    /// read) does not stop the others: once every other candidate was given, the call
    /// throws naming it, so an answer never looks complete when it is not
    /// (`UnreadableInstances`).
    public func forEachInstance(_ filter: InstanceFilter, _ body: (Instance) throws -> Void) throws {
        let ids = try guarded { try candidateIDs(filter) }
        var unreadable = UnreadableInstances()
        for id in ids {
            guard let instance = unreadable.read(id, from: self), filter.matches(instance) else { continue }
            try body(instance)
        }
        try unreadable.check()
    }

    /// The ids the index says may match the filter, sorted by id: a superset of what
    /// `list` returns (a stale marker, a filter the index cannot narrow), read without
    /// opening a snapshot. For a caller that already holds some of the instances.
    public func candidates(_ filter: InstanceFilter) throws -> [String] {
        try guarded { try candidateIDs(filter) }
    }

    /// Whether the whole index was written with the current generation's kinds, so that
    /// reads may narrow by them.
    public func indexIsCurrent() -> Bool {
        indexIsPresent() && formatIsCurrent()
    }

    /// Whether the recorded index generation is this release's.
    func formatIsCurrent() -> Bool {
        (try? store.indexFormat()).map { $0 >= IndexGeneration.current } ?? false
    }

    /// Whether the index has any entry at all: every instance has a `status` entry, so an
    /// index without one is empty, or was removed by hand (until `agency reindex`), and
    /// must not answer "nothing" for a store that has instances.
    func indexIsPresent() -> Bool {
        !((try? store.keys(kind: "status"))?.isEmpty ?? true)
    }

    /// The ids the index says may match, sorted; every instance when nothing narrows.
    func candidateIDs(_ filter: InstanceFilter) throws -> [String] {
        var candidates: Set<String>?
        func narrow(_ ids: Set<String>) { candidates = candidates.map { $0.intersection(ids) } ?? ids }
        func narrow(_ kind: String, _ key: String?) throws {
            guard let key else { return }
            narrow(IndexGeneration.valid(key) ? Set(try store.ids(kind: kind, key: key)) : [])
        }
        // Without an index every instance is a candidate (slower, never wrong).
        guard indexIsPresent() else { return try store.instanceIDs() }
        let current = formatIsCurrent()
        try narrow("inbox", filter.assignee)
        try narrow("status", filter.status?.rawValue)
        // A state key names its workflow: listing every instance of the workflow too would
        // cost the workflow's history.
        if !(current && filter.state != nil) { try narrow("workflow", filter.workflow) }
        if current {
            if let state = filter.state {
                if let workflow = filter.workflow {
                    try narrow("state", IndexGeneration.stateKey(workflow: workflow, state: state))
                } else {
                    var ids: Set<String> = []
                    for key in try store.keys(kind: "state") {
                        guard let colon = key.firstIndex(of: ":") else { continue }
                        let workflow = String(key[..<colon])
                        if IndexGeneration.stateKey(workflow: workflow, state: state) == key {
                            ids.formUnion(try store.ids(kind: "state", key: key))
                        }
                    }
                    narrow(ids)
                }
            }
            try narrow("project", filter.project)
            try narrow("acted", filter.actedBy)
            if let since = filter.activeSince {
                var ids = Set(try store.ids(kind: "status", key: Instance.Status.running.rawValue))
                let from = IndexGeneration.month(of: since) ?? ""
                for month in try store.keys(kind: "closed") where !month.utf8.lexicographicallyPrecedes(from.utf8) {
                    ids.formUnion(try store.ids(kind: "closed", key: month))
                }
                narrow(ids)
            }
        }
        return try candidates.map { $0.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } } ?? store.instanceIDs()
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
        var unreadable = UnreadableInstances()
        for id in ids.sorted() {
            guard let instance = unreadable.read(id, from: self) else { continue }
            for copy in instance.cc ?? [] where copy.to == person { entries.append((instance, copy)) }
        }
        try unreadable.check()
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
