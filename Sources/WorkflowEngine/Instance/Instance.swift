import AgencyJSON

/// One running (or finished) workflow instance: what its snapshot file holds, less the
/// journal head that the store adds. Every field is plain data, so a snapshot can be read
/// by people and replayed from the journal byte for byte.
public struct Instance: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case running, completed, cancelled, failed
    }

    public var id: String
    public var workflow: String
    /// SHA-256 of the definition source this instance is pinned to.
    public var version: String
    public var status: Status
    /// The current state's name.
    public var state: String
    public var enteredAt: String
    public var data: JSONValue
    public var input: JSONValue
    /// The person who started the instance.
    public var initiator: String
    public var items: [WorkItem]
    /// Comments and attachments on the instance as a whole (`agency comment`).
    public var comments: [ItemEvent]
    public var timers: [InstanceTimer]
    /// Every state entered, in order, with the event that led there.
    public var path: [PathEntry]
    public var outcome: String?
    /// Set while the instance is failed: what went wrong, for the operator.
    public var incident: Incident?
    public var parent: ParentLink?
    public var children: [String]
    /// Idempotency keys of messages already applied, so a redelivery changes nothing.
    public var received: [String]
    /// Source of the ids of items, timers and children ("w3", "t7", "ID.c1").
    public var counter: Int
    public var createdAt: String
    public var updatedAt: String
    /// The children its subflow states started, and how each ended (`SubflowChild`).
    /// Absent on instances that never entered a subflow state since this was kept.
    public var subflows: [SubflowChild]? = nil
    /// 抄送: who was sent a read-only copy, when, from which state, by whom.
    public var cc: [CarbonCopy]? = nil

    public func item(_ id: String) -> WorkItem? { items.first { $0.id == id } }

    /// Items someone can act on now.
    public var openItems: [WorkItem] { items.filter { $0.status == .open } }

    mutating func nextID(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)\(counter)"
    }
}

/// A step on an instance's path through its states.
public struct PathEntry: Codable, Equatable, Sendable {
    public var state: String
    public var at: String
    public var event: String?
    public var actor: String?
}

/// What stopped an instance: a script error while firing a timer, say.
public struct Incident: Codable, Equatable, Sendable {
    public var at: String
    public var message: String
    public var traceback: String?
    public var command: String
    /// The status to return to after `agency retry`.
    public var previousStatus: Instance.Status
}

/// The parent that started this instance as a subflow, and the state waiting for it.
public struct ParentLink: Codable, Equatable, Sendable {
    public var id: String
    public var state: String
}
