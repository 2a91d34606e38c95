import AgencyJSON
import Foundation

/// A small JSON Schema checker, enough for the subset openapi.json uses: `$ref` to
/// components, `type` (one or a list), `const`, `enum`, `properties`, `required`,
/// `additionalProperties` (false or a schema), `items`, `minLength`, `pattern`.
/// Anything else in a schema is ignored, so the checker can only miss problems, never
/// invent them.
struct OpenAPISpec {
    let document: JSONValue

    /// The checked-in document, read from the source tree (what /openapi.json serves).
    static func load() throws -> OpenAPISpec {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/AgencyHTTP/openapi.json")
        return OpenAPISpec(document: try JSONValue.parse(Array(try Data(contentsOf: url))))
    }

    /// The response schema of `method path` (a template such as `/v1/instances/{id}`) for
    /// `status`, following a `$ref` to a shared response.
    func responseSchema(_ method: String, _ path: String, status: Int) -> JSONValue? {
        guard var response = document["paths"]?[path]?[method.lowercased()]?["responses"]?[String(status)] else { return nil }
        if let reference = response["$ref"]?.stringValue { response = resolve(reference) ?? .null }
        return response["content"]?["application/json"]?["schema"]
    }

    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    /// The problems of `value` against `schema`, each with its JSON path; empty when it conforms.
    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        if let reference = schema["$ref"]?.stringValue {
            guard let target = resolve(reference) else { return ["\(path): unresolvable \(reference)"] }
            return problems(value, target, at: path)
        }
        var found: [String] = []
        if let types = schema["type"] {
            let allowed = types.arrayValue?.compactMap(\.stringValue) ?? [types.stringValue].compactMap { $0 }
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                return ["\(path): expected \(allowed.joined(separator: " or ")), found \(value.typeName)"]
            }
        }
        if let constant = schema["const"], constant != value { found.append("\(path): expected \(constant)") }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) { found.append("\(path): \(value) not in enum") }
        if let text = value.stringValue {
            if let minimum = schema["minLength"]?.intValue, text.count < Int(minimum) { found.append("\(path): shorter than \(minimum)") }
            if let pattern = schema["pattern"]?.stringValue, text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): '\(text)' does not match \(pattern)")
            }
        }
        if let object = value.objectValue {
            let properties = schema["properties"]?.objectValue ?? [:]
            for key in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[key] == nil {
                found.append("\(path): missing required '\(key)'")
            }
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                if let property = properties[key] {
                    found += problems(member, property, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) { found.append("\(path): unexpected '\(key)'") }
                    else if additional.objectValue != nil { found += problems(member, additional, at: "\(path).\(key)") }
                }
            }
        }
        if let array = value.arrayValue, let items = schema["items"] {
            for (index, element) in array.enumerated() { found += problems(element, items, at: "\(path)[\(index)]") }
        }
        return found
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null): return true
        case ("boolean", .bool): return true
        case ("integer", .integer): return true
        case ("number", .integer), ("number", .double): return true
        case ("string", .string): return true
        case ("array", .array): return true
        case ("object", .object): return true
        default: return false
        }
    }
}
