import LuaRuntime
import WorkflowEngine
import WorkflowStore

/// An error from running a command, sorted into the categories the CLI's exit codes
/// name: invalid input, not found, not permitted, busy or conflict, integrity.
public struct ServiceError: Error, CustomStringConvertible, Sendable {
    public enum Category: String, Sendable {
        case invalid, notFound, notPermitted, busy, integrity, `internal`
    }
    public var category: Category
    public var description: String

    public static func invalid(_ text: String) -> ServiceError { .init(category: .invalid, description: text) }
    public static func notFound(_ text: String) -> ServiceError { .init(category: .notFound, description: text) }
    public static func notPermitted(_ text: String) -> ServiceError { .init(category: .notPermitted, description: text) }
    public static func busy(_ text: String) -> ServiceError { .init(category: .busy, description: text) }
    public static func integrity(_ text: String) -> ServiceError { .init(category: .integrity, description: text) }

    /// Sorts any error from the engine, the store or the Lua runtime.
    public init(_ error: Error) {
        switch error {
        case let error as ServiceError:
            self = error
        case let error as EngineError:
            switch error {
            case .invalid, .script: self = .invalid(error.description)
            case .notFound: self = .notFound(error.description)
            case .notPermitted: self = .notPermitted(error.description)
            case .conflict: self = .busy(error.description)
            }
        case let error as StoreError:
            switch error.category {
            case .invalidInput: self = .invalid(error.description)
            case .notFound: self = .notFound(error.description)
            case .conflict: self = .busy(error.description)
            case .integrity: self = .integrity(error.description)
            case .io, .store: self = .init(category: .internal, description: error.description)
            }
        case let error as DefinitionErrors:
            self = .invalid(error.description)
        case let error as LuaError:
            self = .invalid(error.description)
        default:
            self = .init(category: .internal, description: "\(error)")
        }
    }

    init(category: Category, description: String) {
        self.category = category
        self.description = description
    }
}
