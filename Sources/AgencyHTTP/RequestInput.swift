import AgencyJSON
import Hummingbird

/// A request's JSON body object, its fields checked against what the route takes.
struct BodyFields: Sendable {
    let fields: [String: JSONValue]

    /// Reads the body: empty means `{}`; otherwise one JSON object whose keys are all in
    /// `allowed` (a misspelt key is refused rather than silently ignored).
    static func read(_ request: Request, context: APIRequestContext, allowed: Set<String>) async throws -> BodyFields {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw APIProblem(status: .contentTooLarge, code: "bad_request",
                             message: "the request body is larger than \(context.maxUploadSize) bytes; input and data may be "
                                + "at most 1 MiB")
        }
        let bytes = Array(buffer.readableBytesView)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return BodyFields(fields: [:]) }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw APIProblem.badRequest("the request body is not valid JSON: \(error)")
        }
        guard let object = value.objectValue else {
            throw APIProblem.badRequest("the request body must be a JSON object, not \(value.typeName)")
        }
        if let unknown = object.keys.filter({ !allowed.contains($0) }).sorted().first {
            throw APIProblem.badRequest("unknown field '\(unknown)' in the request body; this route takes: "
                + (allowed.isEmpty ? "nothing" : allowed.sorted().joined(separator: ", ")))
        }
        return BodyFields(fields: object)
    }

    func string(_ key: String) throws(APIProblem) -> String? {
        guard let value = fields[key], value != .null else { return nil }
        guard let text = value.stringValue else { throw .badRequest("'\(key)' must be a string") }
        return text
    }

    func requiredString(_ key: String) throws(APIProblem) -> String {
        guard let text = try string(key), !text.isEmpty else { throw .badRequest("'\(key)' is required") }
        return text
    }

    func strings(_ key: String) throws(APIProblem) -> [String] {
        guard let value = fields[key], value != .null else { return [] }
        let texts = value.arrayValue?.compactMap(\.stringValue)
        guard let texts, texts.count == value.arrayValue?.count else {
            throw .badRequest("'\(key)' must be an array of strings")
        }
        return texts
    }

    /// A JSON object field, as the inline JSON text the CLI's `--input`/`--data` takes
    /// (an object always starts with `{`, so the CLI never reads it as a file name).
    func objectJSON(_ key: String) throws(APIProblem) -> String? {
        guard let value = fields[key], value != .null else { return nil }
        guard value.objectValue != nil else { throw .badRequest("'\(key)' must be a JSON object") }
        do {
            return try value.canonicalString()
        } catch {
            throw .badRequest("'\(key)' cannot be encoded: \(error)")
        }
    }
}

/// Path and query values checked before they reach a command line.
enum PathValue {
    /// An instance or workflow id from the path: letters, digits, `-`, `_`, `.`, as the
    /// CLI allows (never a path: a `/` or a leading `.` would let `start` read a file).
    static func identifier(_ context: APIRequestContext, _ name: String) throws(APIProblem) -> String {
        guard let value = context.parameters.get(name), !value.isEmpty, value.count <= 200,
              value.first != ".", value.first != "-",
              value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw .badRequest("'\(context.parameters.get(name) ?? "")' is not a valid \(name) "
                + "(letters, digits, '-', '_', '.'; not starting with '.' or '-')")
        }
        return value
    }

    /// A query parameter's value, or nil when absent or empty.
    static func query(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }

    /// A boolean query parameter: `true`/`1` or `false`/`0`.
    static func flag(_ request: Request, _ name: String) throws(APIProblem) -> Bool {
        switch query(request, name) {
        case nil, "false", "0": return false
        case "true", "1": return true
        case let other?: throw .badRequest("'\(name)' must be true or false, not '\(other)'")
        }
    }
}
