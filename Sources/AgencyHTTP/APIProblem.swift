import AgencyJSON
import AgencyServer
import HTTPTypes
import Hummingbird

/// An error answer: `{"error": {"code", "message", "exit"}}` with its HTTP status.
///
/// `code` names the category (the CLI's exit status name, or an HTTP-level one such as
/// `unauthorized`), `message` is the CLI's own message where a command failed, and `exit`
/// is the exit status the same command has on the command line (null when no command ran).
public struct APIProblem: Error, HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var exit: Int32?
    /// Extra headers (`WWW-Authenticate` on a 401).
    public var headers: HTTPFields = [:]

    public init(status: HTTPResponse.Status, code: String, message: String, exit: Int32? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.exit = exit
    }

    /// The HTTP status of a command's exit status (Docs/api.md, "Status codes").
    public static func httpStatus(forExit status: Int32) -> HTTPResponse.Status {
        switch status {
        case 0: return .ok
        case 1: return .unprocessableContent  // well-formed request, refused by the rules or the workflow
        case 2: return .notFound
        case 3: return .forbidden
        case 4: return .conflict
        case 6: return .serviceUnavailable  // the disk: full, read-only, failing; try again later
        case 64: return .badRequest
        default: return .internalServerError  // 5 integrity, 70 internal: the server's problem, not the caller's
        }
    }

    /// A failed command's answer: its exit status's name and its message.
    public static func command(exit: Int32, standardError: [UInt8]) -> APIProblem {
        APIProblem(status: httpStatus(forExit: exit), code: ServerMetrics.outcome(exit),
                   message: message(from: standardError, exit: exit), exit: exit)
    }

    /// The CLI's error text without its `agency: error: ` prefix and usage help.
    public static func message(from standardError: [UInt8], exit: Int32) -> String {
        var text = String(decoding: standardError, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["agency: error: ", "Error: "] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        // The argument parser follows a usage error with `Usage:` and help lines meant for a terminal.
        if let usage = text.range(of: "\nUsage:") { text = String(text[..<usage.lowerBound]) }
        return text.isEmpty ? "the command failed with exit status \(exit) and no message" : text
    }

    public static func badRequest(_ message: String) -> APIProblem {
        APIProblem(status: .badRequest, code: "bad_request", message: message)
    }

    public static func unauthorized(_ message: String) -> APIProblem {
        var problem = APIProblem(status: .unauthorized, code: "unauthorized", message: message)
        problem.headers[.wwwAuthenticate] = "Bearer realm=\"agency\""
        return problem
    }

    public var body: JSONValue {
        ["error": ["code": .string(code), "message": .string(message), "exit": exit.map { .integer(Int64($0)) } ?? .null]]
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(status: status, body: body)
        for field in headers { response.headers.append(field) }
        return response
    }
}

/// JSON responses, UTF-8, as the CLI prints them.
enum JSONResponse {
    static func make(status: HTTPResponse.Status, bytes: [UInt8]) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func make(status: HTTPResponse.Status, body: JSONValue) -> Response {
        // A JSONValue built here always encodes; the fallback keeps this free of `try!`.
        let bytes = (try? body.prettyBytes()) ?? Array(#"{"error":{"code":"internal","message":"encoding","exit":null}}"#.utf8)
        return make(status: status, bytes: bytes + [0x0A])
    }
}
