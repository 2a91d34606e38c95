import LuaRuntime

/// One state of a workflow, as declared with a DSL constructor.
public struct StateDefinition {
    public var name: String
    public var kind: StateKind
    public var title: String
    public var line: Int?

    /// task: who does it.
    public var assignee: PeopleSpec?
    /// approval: who decides, and how the decisions combine.
    public var approvers: [PeopleSpec] = []
    public var rule: ApprovalRule = .all
    /// approval: whether 减签 (removing a pending approver) is allowed.
    public var allowRemoveSign = false
    /// approval: dedupe, self and when_empty (Docs/people.md).
    public var policy = ApproverPolicy()
    /// approval / task: earlier states the item may be returned to (退回). Empty: any
    /// state already visited.
    public var returnTo: [String] = []
    /// approval / task: after this state returns (退回) the instance, how it comes back
    /// once the returned-to state completes (Docs/approvals.md).
    public var resubmit: ResubmitMode = .flow
    /// wait: who may send its events (besides admins); nil: any participant.
    public var sentBy: PeopleSpec?

    /// parallel: the checklist, fixed or computed, and how it joins.
    public var items: [ParallelItemSpec] = []
    public var itemsFunction: LuaRef?
    public var join: JoinRule = .all

    /// subflow: the child workflow and its input.
    public var childWorkflow: String?
    public var childInput: LuaRef?
    /// subflow: the data field holding a list, one child per element (multi-instance),
    /// and how many of them must complete.
    public var each: String?
    public var childCompletion: JoinRule = .all

    /// Any state: 抄送 on entering it (read-only copies).
    public var cc: [PeopleSpec] = []

    /// auto: picks the next state's name (or an event name in `on`).
    public var choose: LuaRef?

    /// final: the outcome recorded on the instance.
    public var outcome: String?

    public var due: DueSpec?
    public var ladder: [LadderStep] = []
    public var colors: ColorThresholds?
    public var timeout: TimeoutAction?

    /// task / approval / wait / parallel: the form of this state, which data fields its
    /// actors may edit, must fill or may not see (`Execution+Forms.swift`). Empty: no form.
    public var fields: [String: FieldAccess] = [:]

    public var transitions: [TransitionSpec] = []
    public var onEnter: LuaRef?
    public var onExit: LuaRef?

    public func transition(_ event: String) -> TransitionSpec? {
        transitions.first { $0.event == event }
    }

    /// The states this one can lead to, for reachability and diagrams.
    public var targets: [String] {
        var names = transitions.filter { !$0.stays }.map(\.target)
        if case .goto(let target) = timeout { names.append(target) }
        return names
    }
}

/// 退回 resubmit modes: what happens when the state an instance was returned to completes.
public enum ResubmitMode: String, Sendable {
    /// 正常流转: the steps in between run again.
    case flow
    /// 直达: straight back to the state that returned it.
    case direct
}
