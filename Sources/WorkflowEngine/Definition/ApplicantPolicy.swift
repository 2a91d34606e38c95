import AgencyCalendar

/// What the applicant may do with their own instance, set by workflow-level keys:
/// 催办 of the open items (`urge`, `urge_interval`) and 撤销 of a completed instance
/// (`revoke`, `revoke_by`, `revoke_within`). See Docs/dsl-reference.md.
public struct ApplicantPolicy {
    /// `urge = false` forbids `agency urge` on this workflow's instances.
    public var urgeAllowed = true
    /// The least time between two urges of one instance (`urge_interval`), counted from
    /// the last urge's time to the command's time.
    public var urgeInterval: WorkDuration = .hours(1)
    /// `revoke = "STATE"`: the state a completed instance is moved back into by `agency
    /// revoke`; nil: revoking is not allowed.
    public var revokeState: String?
    /// `revoke_by`: who may revoke besides admins; nil: the initiator.
    public var revokeBy: PeopleSpec?
    /// `revoke_within`: how long after the instance completed it may still be revoked;
    /// nil: no limit.
    public var revokeWithin: WorkDuration?
    /// The line of the workflow table, for lint warnings.
    public var line: Int?

    public init() {}
}

extension DefinitionReader {
    static let applicantKeys: Set<String> = ["urge", "urge_interval", "revoke", "revoke_by", "revoke_within"]

    /// Reads the workflow-level applicant keys (`urge`, `urge_interval`, `revoke`,
    /// `revoke_by`, `revoke_within`).
    func readApplicantPolicy(_ top: LuaTableFields) -> ApplicantPolicy {
        var policy = ApplicantPolicy()
        policy.line = top.line
        if let allowed = top.boolean("urge") { policy.urgeAllowed = allowed }
        if let interval = top.duration("urge_interval") {
            policy.urgeInterval = interval
            if !policy.urgeAllowed {
                problems.add(top.line, "workflow: urge_interval is set but urge = false forbids urging; "
                             + "drop one of them")
            }
        }
        policy.revokeState = top.string("revoke")
        if policy.revokeState?.isEmpty == true {
            problems.add(top.line, "workflow: revoke must name a state, as in revoke = \"revoked\"")
            policy.revokeState = nil
        }
        policy.revokeBy = people(top, "revoke_by", required: false)
        policy.revokeWithin = top.duration("revoke_within")
        if policy.revokeState == nil && (top.has("revoke_by") || top.has("revoke_within")) {
            problems.add(top.line, "workflow: revoke_by and revoke_within need revoke = \"STATE\" "
                         + "(the state a revoked instance goes back to)")
        }
        return policy
    }
}
