import AgencyJSON

/// A message to a person (催办, 督办, a colour change, a new task), kept in the store's
/// durable outbox until delivered and acknowledged.
public struct AgencyNotification: Codable, Equatable, Sendable {
    public var to: String
    public var kind: String
    public var instance: String
    public var item: String?
    public var title: String
    public var body: String
    public var at: String
    public var level: String?
}

/// An effect on another instance, delivered once after this instance's change commits:
/// start a child, signal an instance, tell a parent its subflow ended, cancel a child.
public struct InstanceMessage: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case start, signal
        /// Cancels the target (a running subflow child): its parent was cancelled or
        /// left the state that waited for it. `data.reason` says why.
        case cancel
    }
    public var kind: Kind
    public var target: String
    public var event: String?
    public var data: JSONValue?
    public var workflow: String?
    public var input: JSONValue?
    public var parent: ParentLink?
    public var actor: String
    /// The share of its chain's budget the command this message causes carries on.
    public var budget: Int?
}
