import AgencyJSON

/// Every input to an instance, from a person, a timer, another instance or an admin.
/// Commands are journaled whole, so replaying the journal re-applies exactly them.
public struct Command: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case start, complete, approve, reject, send, transfer, delegate, addsign, removesign
        case `return`, withdraw, comment, cancel, reassign, goto, timer, message, migrate, retry
        /// Counts again the deadlines that were planned through a provisional calendar
        /// year, once the calendar declares that year (`Engine.needsReplan`).
        case replan
        /// The applicant's 催办 of the open items (`agency urge`), and 撤销 of a completed
        /// instance into the definition's reversal state (`agency revoke`).
        case urge, revoke
        /// 拿回: the previous handler takes the instance back while nobody here has acted,
        /// or an approver takes back a decision the next approver has not acted on.
        case takeback
    }

    public var kind: Kind
    /// The person acting (after `--as` resolution), or "system" for timers and messages.
    public var actor: String
    /// The event's time, ISO 8601 with offset: hooks see this, never the wall clock.
    public var at: String
    public var item: String?
    /// complete: the outcome; send / message: the event name.
    public var event: String?
    public var data: JSONValue?
    public var comment: String?
    public var attachments: [String]?
    /// transfer / delegate / reassign / addsign: a person; return / goto: a state.
    public var to: String?
    /// addsign: before, after or parallel.
    public var position: String?
    /// Admin actions: why (mandatory).
    public var reason: String?
    /// timer: the timer's id.
    public var timer: String?
    /// message: the idempotency key (source instance and seq).
    public var key: String?
    /// start: the workflow, its version, the input and the parent link.
    public var workflow: String?
    public var version: String?
    public var input: JSONValue?
    public var parent: ParentLink?
    /// migrate: old state → new state.
    public var mapping: [String: String]?
    /// What each `ctx:query` of the command's hooks returned, in call order. The engine
    /// fills it in the journaled copy of the command, since other instances change
    /// afterwards; a replay reads the answers from here, so it runs the hooks exactly as
    /// they first ran.
    public var queries: [JSONValue]?
    /// For a command a message caused (a child's start, a delivered signal): how many
    /// further messages the chain it belongs to may still cause. Nil for a command a person
    /// or a timer gave, which begins a chain with the whole budget
    /// (`Execution.chainBudget`). Journaled, so a replay sends exactly what the event sent.
    public var budget: Int?

    public init(kind: Kind, actor: String, at: String) {
        self.kind = kind
        self.actor = actor
        self.at = at
    }
}
