/// An approval state's approver policies (Docs/people.md#approver-policies): what happens
/// to a person who already approved, to the initiator among the approvers, and when the
/// approvers resolve to nobody.
public struct ApproverPolicy: Sendable, Equatable {
    /// dedupe: auto-approve a person who already approved.
    public enum Dedupe: String, Sendable, CaseIterable {
        /// Each approver decides (the default).
        case none
        /// Someone who approved an earlier approval step of this instance (since this step's
        /// previous visit). "skip" is an alias.
        case once
        /// Only someone who approved the step just before.
        case consecutive
    }

    /// self: the initiator among the approvers.
    public enum SelfApproval: String, Sendable, CaseIterable {
        /// Approves their own request like anyone else (the default).
        case asApprover = "self"
        /// Auto-approved.
        case skip
        /// Replaced by their manager (manager_of("initiator")).
        case head
    }

    /// when_empty: the approvers resolve to nobody.
    public enum WhenEmpty: String, Sendable, CaseIterable {
        /// The command is refused, naming the state (the default).
        case refuse
        /// The state takes its approved event at once.
        case skip
        /// The items go to the holders of the admin role.
        case admin
    }

    public var dedupe: Dedupe = .none
    /// The dedupe value as the author wrote it ("skip" is an alias of once), for messages.
    public var dedupeSpelling: String?
    public var selfApproval: SelfApproval = .asApprover
    public var whenEmpty: WhenEmpty = .refuse

    public init() {}

    /// dedupe as the author wrote it.
    public var dedupeWritten: String { dedupeSpelling ?? dedupe.rawValue }

    /// How `agency graph` labels it: "dedupe once, self skip"; empty for the defaults.
    public var label: String {
        var parts: [String] = []
        if dedupe != .none { parts.append("dedupe \(dedupe.rawValue)") }
        if selfApproval != .asApprover { parts.append("self \(selfApproval.rawValue)") }
        if whenEmpty != .refuse { parts.append("when_empty \(whenEmpty.rawValue)") }
        return parts.joined(separator: ", ")
    }
}
