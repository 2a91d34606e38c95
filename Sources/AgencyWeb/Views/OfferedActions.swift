import AgencyService
import WorkflowEngine

/// The actions an instance's page offers its viewer, the only ones its forms may post:
/// a hand-made POST for an action the page did not offer (退回 on a task, say) is refused
/// before any command runs, whatever the command itself would allow.
struct OfferedActions: Sendable {
    /// Per open item of the viewer: the actions of its card.
    var perItem: [String: Set<String>] = [:]
    /// Actions on the instance itself (评论, and 撤回 for the initiator).
    var general: Set<String> = ["comment"]

    func allows(_ action: String, item: String?) -> Bool {
        if let item { return perItem[item]?.contains(action) == true }
        return general.contains(action)
    }
}

extension InstanceView {
    static func offeredActions(_ store: WebStore, id: String, viewer: String) throws -> OfferedActions {
        let instance = try store.service.instance(id)
        let definition = try store.service.definition(instance.workflow, instance.version)
        let state = definition.state(instance.state)
        var offered = OfferedActions()
        if instance.initiator == viewer && instance.status == .running { offered.general.insert("withdraw") }
        for item in instance.items where item.status == .open && item.assignee == viewer {
            var actions: Set<String> = ["transfer", "delegate", "comment"]
            switch item.kind {
            case .approval:
                actions.formUnion(["approve", "reject", "addsign"])
                if !(state?.returnTo.isEmpty ?? true) { actions.insert("return") }
            case .task, .item:
                let outcomes = state?.kind == .task ? state?.transitions.filter { !$0.stays }.map(\.event) ?? [] : []
                if outcomes.isEmpty { actions.insert("complete") }
                actions.formUnion(outcomes.map { "complete:\($0)" })
            case .wait:
                break
            }
            offered.perItem[item.id] = actions
        }
        offered.general.formUnion(ProjectRecordForms.offered(instance, definition: definition, viewer: viewer,
                                                             people: store.people))
        return offered
    }
}
