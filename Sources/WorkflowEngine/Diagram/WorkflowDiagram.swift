/// Diagrams of a workflow's states and transitions, in Mermaid and Graphviz DOT.
///
/// Event transitions are solid arrows labelled with the event; timeouts are dashed red
/// arrows marked ⏰; escalation ladders (催办 / 督办) are notes on their state; return
/// targets are dotted; 撤销 (revoke) edges from the final states are dashed. Given an
/// instance's path, visited states are shaded and the
/// current state is outlined.
public enum WorkflowDiagram {
    public struct Highlight: Sendable {
        public var visited: [String]
        public var current: String?
        public init(visited: [String], current: String?) {
            self.visited = visited
            self.current = current
        }
    }

    struct Edge {
        enum Style { case event, timeout, returning, revoke }
        var from: String
        var to: String
        var label: String
        var style: Style
    }

    static func edges(_ definition: WorkflowDefinition) -> [Edge] {
        var edges: [Edge] = []
        for state in definition.states {
            for transition in state.transitions {
                var label = transition.event
                if transition.guardFunction != nil { label += " [guard]" }
                if transition.stays { label += " (stay)" }
                edges.append(Edge(from: state.name, to: transition.stays ? state.name : transition.target,
                                  label: label, style: .event))
            }
            if case .goto(let target)? = state.timeout {
                edges.append(Edge(from: state.name, to: target, label: "⏰ timeout", style: .timeout))
            }
            for target in state.returnTo {
                let label = state.resubmit == .direct ? "退回 (直达)" : "退回"
                edges.append(Edge(from: state.name, to: target, label: label, style: .returning))
            }
        }
        // 撤销: `agency revoke` takes a completed instance from any final state back to the
        // workflow's revoke state.
        if let target = definition.applicant.revokeState, definition.state(target) != nil {
            for state in definition.states where state.kind == .final && state.name != target {
                edges.append(Edge(from: state.name, to: target, label: "撤销", style: .revoke))
            }
        }
        return edges
    }

    static func ladderNote(_ state: StateDefinition) -> String? {
        var parts: [String] = []
        if case .duration(let due)? = state.due { parts.append("due \(due)") }
        if case .function? = state.due { parts.append("due computed") }
        for step in state.ladder {
            switch step.action {
            case .remind(let who):
                let repeats = step.times > 1 ? " ×\(step.times)" : ""
                parts.append("催办 after \(step.after)\(repeats) → \(who?.description ?? "assignee")")
            case .escalate(let who, let level):
                parts.append("\(level) after \(step.after) → \(who)")
            }
        }
        if !state.cc.isEmpty { parts.append("抄送 → " + state.cc.map { "\($0)" }.joined(separator: ", ")) }
        switch state.timeout {
        case .approve?: parts.append("⏰ auto-approve")
        case .reject?: parts.append("⏰ auto-reject")
        case .function?: parts.append("⏰ timeout function")
        default: break
        }
        if state.resubmit == .direct { parts.append("退回后直达 (resubmit direct)") }
        if state.allowRemoveSign { parts.append("可减签 (remove_sign)") }
        if !state.fields.isEmpty {
            // The form in the reader's order: what may be edited, what must be filled, what is hidden.
            let names: [(FieldAccess, String)] = [(.edit, "可改"), (.required, "必填"), (.hidden, "隐藏")]
            let form = names.compactMap { access, label -> String? in
                let fields = state.fields.filter { $0.value == access }.keys.sorted()
                return fields.isEmpty ? nil : "\(label) " + fields.joined(separator: ", ")
            }
            parts.append("表单：" + form.joined(separator: "；"))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    static func caption(_ state: StateDefinition) -> String {
        var text = state.title == state.name ? state.name : "\(state.title)"
        switch state.kind {
        case .approval: text += " (approval, \(state.rule)\(state.policy.label.isEmpty ? "" : ", " + state.policy.label))"
        case .final: text += " (final: \(state.outcome ?? state.name))"
        case .subflow where state.each != nil:
            // A multi-instance subflow: one child per element, and the completion rule.
            let rule: String
            switch state.childCompletion {
            case .all: rule = "all"
            case .any: rule = "any"
            case .atLeast(let n): rule = "at least \(n)"
            }
            text += " (subflow × each \(state.each ?? ""), \(rule))"
        default: text += " (\(state.kind.rawValue))"
        }
        return text
    }
}
