extension WorkflowDiagram {
    /// A Mermaid `stateDiagram-v2`, which GitHub and most Markdown viewers render.
    public static func mermaid(_ definition: WorkflowDefinition, highlight: Highlight? = nil) -> String {
        var lines = ["stateDiagram-v2", "  %% \(definition.name): \(definition.title)"]
        lines.append("  [*] --> \(definition.start)")
        for state in definition.states {
            lines.append("  \(state.name): \(escape(caption(state)))")
            if state.kind == .final { lines.append("  \(state.name) --> [*]") }
        }
        for edge in edges(definition) {
            let label: String
            switch edge.style {
            case .event: label = edge.label
            case .timeout: label = "⏰ timeout"
            case .returning: label = "↩ " + edge.label
            case .revoke: label = "↶ 撤销"
            }
            lines.append("  \(edge.from) --> \(edge.to): \(escape(label))")
        }
        for state in definition.states {
            if let note = ladderNote(state) {
                lines.append("  note right of \(state.name): \(escape(note))")
            }
        }
        if let highlight {
            lines.append("  classDef visited fill:#dbeafe,stroke:#1d4ed8")
            lines.append("  classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px")
            let visited = Set(highlight.visited).subtracting([highlight.current ?? ""])
            if !visited.isEmpty { lines.append("  class \(visited.sorted().joined(separator: ",")) visited") }
            if let current = highlight.current { lines.append("  class \(current) current") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: ":", with: "：").replacingOccurrences(of: "\n", with: " ")
    }
}

extension WorkflowDiagram {
    /// Graphviz DOT; `dot -Tsvg` turns it into a picture.
    public static func dot(_ definition: WorkflowDefinition, highlight: Highlight? = nil) -> String {
        var lines = [
            "digraph \(quote(definition.name)) {",
            "  label=\(quote("\(definition.title) (\(definition.name))")); labelloc=t;",
            "  rankdir=LR; node [shape=box, style=rounded, fontname=\"Noto Sans CJK SC\"];",
            "  edge [fontname=\"Noto Sans CJK SC\"];",
            "  __start [shape=point, label=\"\"];",
            "  __start -> \(quote(definition.start));",
        ]
        let visited = Set(highlight?.visited ?? [])
        for state in definition.states {
            var attributes = ["label=\(quote(caption(state)))"]
            if state.kind == .final { attributes.append("peripheries=2") }
            if state.kind == .approval { attributes.append("shape=hexagon") }
            if state.kind == .auto { attributes.append("shape=diamond") }
            if state.name == highlight?.current {
                attributes.append("style=\"rounded,filled,bold\", fillcolor=\"#fde68a\", penwidth=3")
            } else if visited.contains(state.name) {
                attributes.append("style=\"rounded,filled\", fillcolor=\"#dbeafe\"")
            }
            lines.append("  \(quote(state.name)) [\(attributes.joined(separator: ", "))];")
            if let note = ladderNote(state) {
                let noteID = quote("\(state.name)__ladder")
                lines.append("  \(noteID) [shape=note, fontsize=10, color=orange, label=\(quote(note))];")
                lines.append("  \(quote(state.name)) -> \(noteID) [style=dotted, color=orange, arrowhead=none];")
            }
        }
        for edge in edges(definition) {
            var attributes = ["label=\(quote(edge.label))"]
            switch edge.style {
            case .event: break
            case .timeout: attributes.append("style=dashed, color=red, fontcolor=red")
            case .returning: attributes.append("style=dotted, color=gray40")
            case .revoke: attributes.append("style=dashed, color=purple, fontcolor=purple")
            }
            lines.append("  \(quote(edge.from)) -> \(quote(edge.to)) [\(attributes.joined(separator: ", "))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
