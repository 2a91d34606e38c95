import ArgumentParser
import WorkflowEngine

/// `agency urge`: the applicant's 催办 of whoever holds the instance's open items.
struct UrgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "urge", abstract: "Urge (催办) the people holding your instance's open items.",
        discussion: """
            Only the initiator or an admin, while the instance runs; at most once an hour per instance \\
            unless the workflow sets urge_interval (urge = false forbids it).
            Example: agency urge leave-001 --comment 下周出发，请尽快审批
            """)
    @OptionGroup var action: ActionOptions
    func run() throws { try action.perform(.urge) }
}

/// `agency revoke`: 撤销 of a completed instance into the workflow's `revoke` state.
struct RevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke (撤销) a completed instance, where the workflow allows it.",
        discussion: """
            The instance runs again from the workflow's revoke state (a final one ends it again with \\
            that outcome). The initiator (or revoke_by) and admins; the reason is journaled.
            Example: agency revoke leave-001 --reason 行程取消
            """)
    // Optional here so that a missing reason gets the engine's refusal (exit 1), as for
    // the admin actions, rather than a usage error.
    @Option(help: ArgumentHelp("Why (required; recorded in the journal).", valueName: "text")) var reason: String?
    @OptionGroup var action: ActionOptions
    func run() throws { try action.perform(.revoke) { $0.reason = reason } }
}
