import ArgumentParser

/// An error the CLI reports as `agency: error: ...` with its documented exit code.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var exitCode: ExitCode

    static func invalid(_ text: String) -> CLIError { CLIError(description: text, exitCode: ExitStatus.invalidInput) }
    static func notFound(_ text: String) -> CLIError { CLIError(description: text, exitCode: ExitStatus.notFound) }
    static func notPermitted(_ text: String) -> CLIError { CLIError(description: text, exitCode: ExitStatus.notPermitted) }
    static func busy(_ text: String) -> CLIError { CLIError(description: text, exitCode: ExitStatus.busy) }
    static func integrity(_ text: String) -> CLIError { CLIError(description: text, exitCode: ExitStatus.integrity) }
    static func `internal`(_ text: String) -> CLIError { CLIError(description: text, exitCode: ExitStatus.internalError) }
}
