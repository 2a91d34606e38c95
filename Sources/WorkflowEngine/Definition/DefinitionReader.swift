import AgencyCalendar
import LuaRuntime

/// Turns the table a workflow file returns into a ``WorkflowDefinition``, reporting each
/// unknown key, wrong type and bad value to the collector instead of stopping at the first.
struct DefinitionReader {
    let runtime: LuaRuntime
    let problems: ProblemCollector
    let file: String
    let source: [UInt8]

    static let workflowKeys = Set(["name", "title", "input", "start", "states", "schedule",
                                   "on_start"]).union(applicantKeys)

    func fields(_ table: LuaRef, _ context: String, line: Int?) throws -> LuaTableFields {
        try LuaTableFields(table, context: context, runtime: runtime, problems: problems,
                           fallbackLine: line)
    }

    func readWorkflow(_ table: LuaRef, version: String) throws -> WorkflowDefinition? {
        // `return workflow { ... }` is a tail call, which leaves no caller line to record;
        // the source text still shows where the constructor is.
        let top = try fields(table, "workflow", line: Self.constructorLine("workflow", in: source))
        if top.kind != "workflow" {
            problems.add(top.line, "the file must return workflow { ... } (got a plain table)")
        }
        top.rejectUnknownKeys(allowed: Self.workflowKeys)
        let name = top.string("name", required: true) ?? ""
        if !name.isEmpty && !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
            problems.add(top.line, "workflow: name '\(name)' may use only letters, digits, '_' and '-'")
        }
        let title = top.string("title") ?? name
        let start = top.string("start", required: true) ?? ""
        let inputs = try top.table("input").map { try readInputs($0, line: top.line) } ?? []
        var states: [StateDefinition] = []
        if let statesTable = top.table("states") {
            states = try readStates(statesTable, line: top.line)
        } else if !top.has("states") {
            problems.add(top.line, "workflow: 'states' is required")
        }
        let schedule = try top.table("schedule").flatMap { try readSchedule($0, line: top.line) }
        let onStart = top.function("on_start")
        let applicant = readApplicantPolicy(top)
        guard !name.isEmpty else { return nil }
        let definition = WorkflowDefinition(name: name, title: title, version: version, file: file,
                                            inputs: inputs, start: start, states: states,
                                            schedule: schedule, onStart: onStart, runtime: runtime)
        definition.applicant = applicant
        return definition
    }

    static func constructorLine(_ name: String, in source: [UInt8]) -> Int? {
        let lines = String(decoding: source, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, line) in lines.enumerated() {
            guard let range = line.range(of: name) else { continue }
            let rest = line[range.upperBound...].drop { $0 == " " || $0 == "\t" }
            if rest.hasPrefix("{") || rest.hasPrefix("(") { return offset + 1 }
        }
        return nil
    }

    func readInputs(_ table: LuaRef, line: Int?) throws -> [InputField] {
        let spec = try fields(table, "input", line: line)
        var result: [InputField] = []
        for name in spec.values.keys.sorted() {
            let context = "input field '\(name)'"
            switch spec.values[name] {
            case .string(let text)?:
                let optional = text.hasSuffix("?")
                let typeName = optional ? String(text.dropLast()) : text
                guard let type = InputField.FieldType(rawValue: typeName) else {
                    problems.add(line, "\(context): unknown type '\(typeName)' (use one of "
                                 + InputField.FieldType.allCases.map(\.rawValue).joined(separator: ", ")
                                 + "; add '?' for optional)")
                    continue
                }
                result.append(InputField(name: name, type: type, required: !optional, title: nil))
            case .table(let ref)?:
                let field = try fields(ref, context, line: line)
                field.rejectUnknownKeys(allowed: ["type", "required", "title"])
                let typeName = field.string("type", required: true) ?? "string"
                guard let type = InputField.FieldType(rawValue: typeName) else {
                    problems.add(field.line, "\(context): unknown type '\(typeName)'")
                    continue
                }
                result.append(InputField(name: name, type: type,
                                         required: field.boolean("required") ?? true,
                                         title: field.string("title")))
            case let other:
                problems.add(line, "\(context): give a type name such as \"string\" or a table, "
                             + "got \(other?.typeName ?? "nil")")
            }
        }
        return result
    }

    func readStates(_ table: LuaRef, line: Int?) throws -> [StateDefinition] {
        let spec = try fields(table, "states", line: line)
        var states: [StateDefinition] = []
        for name in spec.values.keys.sorted() {
            guard case .table(let ref)? = spec.values[name] else {
                problems.add(line, "state '\(name)' must be declared with a constructor such as "
                             + "task { ... }, got \(spec.values[name]?.typeName ?? "nil")")
                continue
            }
            if let state = try readState(name: name, ref, line: line) { states.append(state) }
        }
        if !spec.items.isEmpty {
            problems.add(line, "states: give each state a name, as in states = { review = approval { ... } }")
        }
        return states.sorted { ($0.line ?? 0, $0.name) < ($1.line ?? 0, $1.name) }
    }
}
