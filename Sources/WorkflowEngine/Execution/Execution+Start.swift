import AgencyCalendar
import AgencyJSON

extension Execution {
    func runStart() throws {
        guard command.kind == .start else {
            throw EngineError.invalid("an instance must begin with a start command")
        }
        let input = try validateInput(command.input ?? .object([:]))
        instance.input = input
        instance.data = input
        if let hook = definition.onStart { _ = try hooks.call(hook, name: "on_start") }
        guard definition.state(definition.start) != nil else {
            throw EngineError.invalid("workflow '\(definition.name)' has no start state '\(definition.start)'")
        }
        try enter(definition.start, event: "start")
    }

    /// Checks the input against the workflow's declared fields; all problems at once.
    func validateInput(_ input: JSONValue) throws -> JSONValue {
        guard case .object(let fields) = input else {
            throw EngineError.invalid("the input must be a JSON object, got \(input.typeName)")
        }
        var problems: [String] = []
        let declared = Dictionary(uniqueKeysWithValues: definition.inputs.map { ($0.name, $0) })
        for name in fields.keys.sorted() where declared[name] == nil {
            let known = definition.inputs.map(\.name).sorted().joined(separator: ", ")
            problems.append("input.\(name): not a field of workflow '\(definition.name)' (fields: \(known))")
        }
        for field in definition.inputs {
            guard let value = fields[field.name], !value.isNull else {
                if field.required {
                    problems.append("input.\(field.name): required (\(field.type.rawValue))")
                }
                continue
            }
            if let problem = typeProblem(value, field) {
                problems.append("input.\(field.name): \(problem)")
            }
        }
        guard problems.isEmpty else { throw EngineError.invalid(problems.joined(separator: "\n")) }
        return input
    }

    func typeProblem(_ value: JSONValue, _ field: InputField) -> String? {
        switch (field.type, value) {
        case (.string, .string), (.integer, .integer), (.number, .integer), (.number, .double),
             (.boolean, .bool), (.list, .array), (.object, .object):
            return nil
        case (.person, .string(let id)):
            return people.person(id) == nil ? "'\(id)' is not in the people directory" : nil
        case (.date, .string(let text)):
            return CivilDate(text) == nil ? "'\(text)' is not a date YYYY-MM-DD" : nil
        default:
            return "expected \(field.type.rawValue), got \(value.typeName)"
        }
    }
}
