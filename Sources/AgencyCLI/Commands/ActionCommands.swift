import AgencyJSON
import AgencyService
import ArgumentParser
import Foundation
import WorkflowEngine

/// What every action on an instance takes: the instance, the work item, a comment,
/// attachments by reference, and who acts when.
struct ActionOptions: ParsableArguments {
    @Argument(help: "The instance id.") var id: String
    @Option(help: ArgumentHelp("The work item (when you have several open ones here).", valueName: "item"))
    var item: String?
    @Option(help: ArgumentHelp("A comment recorded with the action (意见).", valueName: "text"))
    var comment: String?
    @Option(name: .customLong("attach"), help: ArgumentHelp("An attachment by reference, e.g. a file path or URL (repeatable).",
                                                            valueName: "ref"))
    var attachments: [String] = []
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var acting: ActingOptions

    /// Builds the command, runs it and prints the result.
    func perform(_ kind: Command.Kind, _ configure: (inout Command) throws -> Void = { _ in }) throws {
        let session = try acting.session()
        let actor = try session.actor()
        var command = Command(kind: kind, actor: actor, at: session.service.timestamps.format(try session.now()))
        command.item = item
        command.comment = comment
        command.attachments = attachments.isEmpty ? nil : attachments
        try configure(&command)
        let result = try session.inStaffLanguage(instance: id) { try mapErrors { try session.service.execute(id, command, clockDated: session.datedByClock) } }
        Console.out(json ? try InstanceRendering.resultJSON(result).prettyString()
                         : InstanceRendering.result(result, try StaffView(session)))
    }
}

struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send an event to an instance (a wait state's outside event).",
        discussion: "Example: agency send P001-fire issued --data '{\"doc_no\":\"晋建施2025-001\"}'")
    @OptionGroup var action: ActionOptions
    @Argument(help: "The event's name.") var event: String
    @Option(help: ArgumentHelp("The event's data, JSON (inline, file, or -; at most 1 MiB).", valueName: "json"))
    var data: String?
    func run() throws {
        try action.perform(.send) { command in
            command.event = event
            command.data = try data.map { try JSONInput.read($0, option: "--data") }
        }
    }
}

struct CompleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete", abstract: "Complete your task or checklist item, with its outcome.",
        discussion: "Example: agency complete leave-001 submitted --comment 已提交材料")
    @OptionGroup var action: ActionOptions
    @Argument(help: "The outcome (one of the task's events); optional when it has only one.")
    var outcome: String?
    @Option(help: ArgumentHelp("Data for the outcome, JSON (inline, file, or -; at most 1 MiB).", valueName: "json")) var data: String?
    func run() throws {
        try action.perform(.complete) { command in
            command.event = outcome
            command.data = try data.map { try JSONInput.read($0, option: "--data") }
        }
    }
}

struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve (同意) your approval item.",
        discussion: "Example: agency approve leave-001 --comment 同意 --data '{\"approved_days\": 2}'")
    @OptionGroup var action: ActionOptions
    @Option(help: ArgumentHelp("The state's form fields, JSON (inline, file, or -; at most 1 MiB).", valueName: "json"))
    var data: String?
    func run() throws {
        try action.perform(.approve) { $0.data = try data.map { try JSONInput.read($0, option: "--data") } }
    }
}

struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject (不同意/驳回) your approval item.",
        discussion: "Example: agency reject leave-001 --comment 材料不全")
    @OptionGroup var action: ActionOptions
    @Option(help: ArgumentHelp("The state's form fields, JSON (inline, file, or -; at most 1 MiB).", valueName: "json"))
    var data: String?
    func run() throws {
        try action.perform(.reject) { $0.data = try data.map { try JSONInput.read($0, option: "--data") } }
    }
}

struct TransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer", abstract: "Transfer (转办) your item to another person.",
        discussion: "Example: agency transfer leave-001 --to zhaolei --comment 出差")
    @Option(help: ArgumentHelp("The person who takes the item over.", valueName: "person")) var to: String
    @OptionGroup var action: ActionOptions
    func run() throws { try action.perform(.transfer) { $0.to = to } }
}

struct DelegateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delegate", abstract: "Delegate (委派) your item: the delegate's opinion comes back to you.",
        discussion: "Example: agency delegate leave-001 --to liming")
    @Option(help: ArgumentHelp("The delegate.", valueName: "person")) var to: String
    @OptionGroup var action: ActionOptions
    func run() throws { try action.perform(.delegate) { $0.to = to } }
}

struct AddSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "addsign", abstract: "Add an approver (加签) before, after or beside your item.",
        discussion: "Example: agency addsign review-007 --who sunli --where before")
    enum Position: String, ExpressibleByArgument, CaseIterable { case before, after, parallel, beside }
    @Option(help: ArgumentHelp("The approver to add.", valueName: "person")) var who: String
    @Option(help: "before, after or parallel (alias beside).") var `where`: Position = .after
    @OptionGroup var action: ActionOptions
    func run() throws {
        try action.perform(.addsign) { command in
            command.to = who
            command.position = self.where.rawValue
        }
    }
}

struct RemoveSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "removesign", abstract: "Remove a pending approver (减签), where the workflow allows it.",
        discussion: "Example: agency removesign review-007 --who sunli")
    @Option(help: ArgumentHelp("The approver to remove.", valueName: "person")) var who: String
    @OptionGroup var action: ActionOptions
    func run() throws { try action.perform(.removesign) { $0.to = who } }
}

struct ReturnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return", abstract: "Return (退回) the instance to an earlier state.",
        discussion: "Example: agency return review-007 --to draft --comment 补充材料")
    @Option(help: ArgumentHelp("The earlier state (default: the previous one).", valueName: "state"))
    var to: String?
    @OptionGroup var action: ActionOptions
    func run() throws { try action.perform(.return) { $0.to = to } }
}

struct WithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Withdraw (撤回) your submission while nobody has acted on it.",
        discussion: "Example: agency withdraw leave-001")
    @OptionGroup var action: ActionOptions
    func run() throws { try action.perform(.withdraw) }
}

struct TakeBackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "takeback",
        abstract: "Take back (拿回) your last step while the next handler has not acted.",
        discussion: "As the previous handler: the instance returns to your state. As an approver of "
            + "the current step: your decision is reopened while the approvers after you have not "
            + "acted. Example: agency takeback review-007 --comment 意见有误，拿回修改")
    @OptionGroup var action: ActionOptions
    func run() throws { try action.perform(.takeback) }
}

struct CommentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comment", abstract: "Add a comment (and attachments by reference) to an instance.",
        discussion: "Example: agency comment P001 --comment 企业已补充环评材料 --attach docs/env.pdf")
    @OptionGroup var action: ActionOptions
    func run() throws { try action.perform(.comment) }
}

/// Admin actions take a mandatory reason.
struct AdminOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Why (required; recorded in the journal).", valueName: "text")) var reason: String
}

struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel an instance (admin).",
        discussion: "Example: agency cancel P009 --reason 企业放弃投资")
    @OptionGroup var admin: AdminOptions
    @OptionGroup var action: ActionOptions
    func run() throws { try action.perform(.cancel) { $0.reason = admin.reason } }
}

struct ReassignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign", abstract: "Reassign an open item to another person (admin).",
        discussion: "Example: agency reassign P001 --item w3 --to liming --reason 人员调整")
    @Option(help: ArgumentHelp("The new assignee.", valueName: "person")) var to: String
    @OptionGroup var admin: AdminOptions
    @OptionGroup var action: ActionOptions
    func run() throws {
        try action.perform(.reassign) { command in
            command.to = to
            command.reason = admin.reason
        }
    }
}

struct GotoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goto", abstract: "Move an instance to any state (admin).",
        discussion: "Example: agency goto P001 --to filed --reason 线下已办结")
    @Option(help: ArgumentHelp("The state.", valueName: "state")) var to: String
    @OptionGroup var admin: AdminOptions
    @OptionGroup var action: ActionOptions
    func run() throws {
        try action.perform(.goto) { command in
            command.to = to
            command.reason = admin.reason
        }
    }
}

struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Resume a failed instance after its definition was fixed and migrated (admin).",
        discussion: "Example: agency migrate P001 --to current && agency retry P001")
    @OptionGroup var action: ActionOptions
    func run() throws { try action.perform(.retry) }
}
