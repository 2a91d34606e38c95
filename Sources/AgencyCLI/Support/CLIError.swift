import AgencyService
import ArgumentParser
import LuaRuntime
import WorkflowEngine
import WorkflowStore

/// An error the CLI reports as `agency: error: ...` with its documented exit code.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var exitCode: ExitCode

    static func invalid(_ text: String) -> CLIError { CLIError(description: text, exitCode: ExitStatus.invalidInput) }
    static func notFound(_ text: String) -> CLIError { CLIError(description: text, exitCode: ExitStatus.notFound) }
    static func notPermitted(_ text: String) -> CLIError { CLIError(description: text, exitCode: ExitStatus.notPermitted) }
    static func busy(_ text: String) -> CLIError { CLIError(description: text, exitCode: ExitStatus.busy) }
    static func integrity(_ text: String) -> CLIError { CLIError(description: text, exitCode: ExitStatus.integrity) }
    static func io(_ text: String) -> CLIError { CLIError(description: text, exitCode: ExitStatus.io) }
    static func `internal`(_ text: String) -> CLIError { CLIError(description: text, exitCode: ExitStatus.internalError) }

    init(description: String, exitCode: ExitCode) {
        self.description = description
        self.exitCode = exitCode
    }

    /// Whether `error` comes from FullAgency's libraries or the file system (and so has a
    /// category), not from the argument parser.
    static func isFullAgencyError(_ error: Error) -> Bool {
        error is CLIError || error is ServiceError || error is StoreError || error is EngineError
            || error is DefinitionErrors || error is LuaError || ServiceError.posixCode(error) != nil
    }

    /// Any error from the libraries, with the exit code of its category.
    init(_ error: Error) {
        if let error = error as? CLIError {
            self = error
            return
        }
        let service = ServiceError(error)
        description = service.description
        switch service.category {
        case .invalid: exitCode = ExitStatus.invalidInput
        case .notFound: exitCode = ExitStatus.notFound
        case .notPermitted: exitCode = ExitStatus.notPermitted
        case .busy: exitCode = ExitStatus.busy
        case .integrity: exitCode = ExitStatus.integrity
        case .io: exitCode = ExitStatus.io
        case .internal: exitCode = ExitStatus.internalError
        }
    }
}
