/// Why the engine refused a command. A refusal changes no state; the attempt is
/// journaled so an auditor sees it, and the CLI maps each case to its exit code.
public enum EngineError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Bad input: a payload, an input field, an unknown event or state.
    case invalid(String)
    /// The actor may not do this (not assigned, not an admin, a guard said no).
    case notPermitted(String)
    /// An instance, item, workflow or person that does not exist.
    case notFound(String)
    /// The instance is not in a state where this can happen (finished, failed, cancelled).
    case conflict(String)
    /// A workflow script failed (Lua error, limit, conversion); the message has FILE:LINE.
    case script(String, traceback: String)

    public var description: String {
        switch self {
        case .invalid(let text), .notPermitted(let text), .notFound(let text),
             .conflict(let text):
            return text
        case .script(let text, _):
            return text
        }
    }

    /// A short name for journals and `--json` output.
    public var code: String {
        switch self {
        case .invalid: return "invalid"
        case .notPermitted: return "not_permitted"
        case .notFound: return "not_found"
        case .conflict: return "conflict"
        case .script: return "script_error"
        }
    }
}
