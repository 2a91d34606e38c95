extension DefinitionReader {
    static let policyKeys: Set<String> = ["dedupe", "self", "when_empty"]

    /// `dedupe = "once" | "skip" | "consecutive"`, `self = "self" | "skip" | "head"`,
    /// `when_empty = "refuse" | "skip" | "admin"` on an approval.
    func readApproverPolicy(_ spec: LuaTableFields) -> ApproverPolicy {
        var policy = ApproverPolicy()
        if let text = choice(spec, "dedupe", ["once", "skip", "consecutive"]) {
            policy.dedupe = text == "consecutive" ? .consecutive : .once
            policy.dedupeSpelling = text
        }
        if let text = choice(spec, "self", ApproverPolicy.SelfApproval.allCases.map(\.rawValue)) {
            policy.selfApproval = ApproverPolicy.SelfApproval(rawValue: text) ?? .asApprover
        }
        if let text = choice(spec, "when_empty", ApproverPolicy.WhenEmpty.allCases.map(\.rawValue)) {
            policy.whenEmpty = ApproverPolicy.WhenEmpty(rawValue: text) ?? .refuse
        }
        return policy
    }

    private func choice(_ spec: LuaTableFields, _ key: String, _ allowed: [String]) -> String? {
        switch spec.values[key] {
        case nil, .nil?: return nil
        case .string(let text)? where allowed.contains(text): return text
        case let other?:
            var got = other.typeName
            if case .string(let text) = other { got = "\"\(text)\"" }
            problems.add(spec.line, "\(spec.context): \(key) must be one of "
                         + allowed.map { "\"\($0)\"" }.joined(separator: ", ") + ", got \(got)")
            return nil
        }
    }
}
