/// A child a subflow state started, as its parent keeps it: which state visit waits for
/// it, which element of an `each` list it runs for, and how it ended.
public struct SubflowChild: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable {
        case running, completed, cancelled, failed
    }

    public var id: String
    public var state: String
    /// The parent's path length when the state was entered (as `WorkItem.visit`).
    public var visit: Int
    /// `each`: the element's position in the list, from 1.
    public var index: Int?
    public var status: Status
    /// completed: the child's outcome.
    public var outcome: String?
    /// When its end reached the parent.
    public var endedAt: String?

    public init(id: String, state: String, visit: Int, index: Int?, status: Status = .running) {
        self.id = id
        self.state = state
        self.visit = visit
        self.index = index
        self.status = status
    }
}

/// One 抄送: a read-only copy of an instance sent to a person.
public struct CarbonCopy: Codable, Equatable, Sendable {
    public var at: String
    /// The state the instance was in (entered, for a state's `cc`).
    public var state: String
    /// The state visit (path length), so one visit copies a person once.
    public var visit: Int
    public var to: String
    /// Who sent it: the actor of the command (`system` for timers and messages).
    public var by: String
    public var note: String?
}
