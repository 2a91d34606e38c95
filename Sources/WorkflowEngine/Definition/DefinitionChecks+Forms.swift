/// Checks of per-state forms (`fields`) and of the applicant keys (`revoke`), which need
/// the declared input fields and every state's name.
extension DefinitionChecks {
    static func checkApplicant(_ definition: WorkflowDefinition, names: Set<String>,
                               problems: ProblemCollector) {
        let declared = Set(definition.inputs.map(\.name))
        for state in definition.states {
            for name in state.fields.keys.sorted() where !declared.contains(name) {
                let known = declared.sorted().joined(separator: ", ")
                problems.add(state.line, "state '\(state.name)': fields.\(name) is not a declared input field of "
                             + "the workflow" + suggestion(name, declared)
                             + "; declare it in input = { \(name) = \"string?\" } (fields: \(known.isEmpty ? "none" : known))")
            }
        }
        if let target = definition.applicant.revokeState, !names.contains(target) {
            problems.add(definition.applicant.line, "workflow: revoke names unknown state '\(target)'"
                         + suggestion(target, names))
        }
    }
}
