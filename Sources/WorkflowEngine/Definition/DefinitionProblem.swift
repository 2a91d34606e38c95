/// A problem in a workflow file, reported as `FILE:LINE: message`.
public struct DefinitionProblem: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int?
    public var message: String
    /// "error" stops the definition from loading; "warning" comes from `agency lint`.
    public var severity: Severity
    /// "definition" for problems in the workflow's structure, or the Lua error kind
    /// ("syntax", "runtime", "instructionLimit", ...) when the file did not run.
    public var kind: String

    public enum Severity: String, Sendable {
        case error, warning
    }

    public init(file: String, line: Int?, message: String, severity: Severity = .error,
                kind: String = "definition") {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
        self.severity = severity
    }

    public var description: String {
        let prefix = severity == .warning ? "warning: " : ""
        return line.map { "\(file):\($0): \(prefix)\(message)" } ?? "\(file): \(prefix)\(message)"
    }
}

/// All the problems that stopped a definition from loading, in line order.
public struct DefinitionErrors: Error, CustomStringConvertible, Sendable {
    public var problems: [DefinitionProblem]

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

/// Collects problems while a definition is read, so one run reports all of them.
final class ProblemCollector {
    let file: String
    private(set) var problems: [DefinitionProblem] = []

    init(file: String) { self.file = file }

    func add(_ line: Int?, _ message: String) {
        problems.append(DefinitionProblem(file: file, line: line, message: message))
    }

    var sorted: [DefinitionProblem] {
        problems.sorted { ($0.line ?? 0, $0.message) < ($1.line ?? 0, $1.message) }
    }
}
