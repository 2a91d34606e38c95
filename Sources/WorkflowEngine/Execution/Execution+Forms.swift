import AgencyJSON

/// Per-state forms (`fields = { amount = "edit", reason = "required", secret = "hidden" }`).
///
/// When the current state declares `fields`, the `--data` of complete, approve, reject and
/// send on it is the form: every key must be a field the state marks edit or required
/// (anything else is refused, listing the editable fields), each value must have its
/// declared input type, and the accepted keys are merged into the instance data before any
/// hook of the command runs (guards, exit, actions, enter), so a form needs no hook code;
/// `ctx.event.data` still carries the same keys. Then every `required` field must be
/// non-empty in the instance data, except on reject: a rejection is often the answer to a
/// form that cannot be filled. A state without `fields` leaves `--data` to the hooks,
/// as before.
extension Execution {
    /// Applies the command's data to the form of `state`, after the actor's permission to act
    /// on the state was checked; a no-op for a state without `fields`.
    func applyForm(_ state: StateDefinition) throws {
        guard !state.fields.isEmpty else { return }
        let editable = state.fields.filter { $0.value.editable }.keys.sorted()
        let listed = editable.isEmpty ? "none: the form only hides fields" : editable.joined(separator: ", ")
        var entries: [String: JSONValue] = [:]
        switch command.data {
        case nil, .null?:
            break
        case .object(let given)?:
            entries = given
        case let other?:
            throw EngineError.invalid("state '\(state.name)' has a form: --data must be a JSON object of its "
                                      + "editable fields (\(listed)), got \(other.typeName)")
        }
        var problems: [String] = []
        let declared = Dictionary(uniqueKeysWithValues: definition.inputs.map { ($0.name, $0) })
        for key in entries.keys.sorted() {
            guard state.fields[key]?.editable == true else {
                problems.append("data.\(key): not editable in state '\(state.name)' (editable fields: \(listed))")
                continue
            }
            if let field = declared[key], let value = entries[key], !value.isNull,
               let problem = typeProblem(value, field) {
                problems.append("data.\(key): \(problem)")
            }
        }
        guard problems.isEmpty else { throw EngineError.invalid(problems.joined(separator: "\n")) }
        if !entries.isEmpty, case .object(var data) = instance.data {
            for (key, value) in entries { data[key] = value }
            instance.data = .object(data)
        }
        guard command.kind != .reject else { return }
        let missing = state.fields.filter { $0.value == .required }.keys.sorted()
            .filter { Self.isEmptyValue(instance.data[$0]) }
        guard missing.isEmpty else {
            throw EngineError.invalid("state '\(state.name)' requires "
                                      + missing.map { "'\($0)'" }.joined(separator: ", ")
                                      + " to be filled in: give it with --data '{\"\(missing[0])\": ...}'")
        }
    }

    /// Missing, null, a blank string, an empty list or an empty object.
    static func isEmptyValue(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: return true
        case .string(let text)?: return text.allSatisfy(\.isWhitespace)
        case .array(let list)?: return list.isEmpty
        case .object(let fields)?: return fields.isEmpty
        default: return false
        }
    }
}
