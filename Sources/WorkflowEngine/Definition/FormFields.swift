/// What the actors of a state may do with one data field (`fields = { amount = "edit" }`).
public enum FieldAccess: String, Sendable, CaseIterable {
    /// May be set by the `--data` of the commands acting on the state.
    case edit
    /// May be set, and must be non-empty in the instance data once the command's data is
    /// merged (except on reject).
    case required
    /// Not shown by `agency show` to the people holding the state's items.
    case hidden

    /// Whether `--data` may carry the field.
    public var editable: Bool { self == .edit || self == .required }
}

extension DefinitionReader {
    /// Reads `fields = { name = "edit" | "required" | "hidden", ... }`. Whether each name is
    /// a declared input field is checked with the whole definition (`DefinitionChecks`).
    func readFormFields(_ spec: LuaTableFields) throws -> [String: FieldAccess] {
        guard let table = spec.table("fields") else { return [:] }
        let form = try fields(table, "\(spec.context) fields", line: spec.line)
        var result: [String: FieldAccess] = [:]
        let choices = FieldAccess.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        for name in form.values.keys.sorted() {
            guard case .string(let text)? = form.values[name], let access = FieldAccess(rawValue: text) else {
                problems.add(spec.line, "\(spec.context): fields.\(name) must be one of \(choices), got "
                             + (form.values[name].map { value -> String in
                                 if case .string(let text) = value { return "\"\(text)\"" }
                                 return value.typeName
                             } ?? "nil"))
                continue
            }
            result[name] = access
        }
        if !form.items.isEmpty {
            problems.add(spec.line, "\(spec.context): fields maps each field name to its access, as in "
                         + "fields = { amount = \"edit\", reason = \"required\" }")
        }
        if result.isEmpty && form.items.isEmpty && form.values.isEmpty {
            problems.add(spec.line, "\(spec.context): fields is empty; leave it out for no form")
        }
        return result
    }
}
