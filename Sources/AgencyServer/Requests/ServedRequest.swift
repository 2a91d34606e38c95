import Foundation

/// One `agency` command sent to a served store, as the client typed it.
///
/// The server parses and runs `arguments` exactly as the CLI would in direct mode, so
/// output, exit codes and `--json` are the same both ways. Files the command names on
/// the client's side (`--data @file`, `people apply FILE`, `report --out FILE`) are read
/// and written by the client, with the client's own permissions, through ``ClientIO``:
/// the server never opens a path a caller names.
public struct ServedRequest: Sendable, Codable, Equatable {
    /// The arguments after `agency`, e.g. `["approve", "p-1", "--comment", "同意"]`.
    public var arguments: [String]
    /// The client's working directory, for messages that show paths as the user wrote them.
    public var workingDirectory: String
    /// The client's `AGENCY_*`, `NO_COLOR` and `COLUMNS` (its terminal width) variables; nothing else is sent.
    public var environment: [String: String]
    /// Whether the client's standard output is a terminal (colour, as in direct mode).
    public var standardOutputIsTerminal: Bool

    public init(arguments: [String], workingDirectory: String, environment: [String: String] = [:],
                standardOutputIsTerminal: Bool = false) {
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.standardOutputIsTerminal = standardOutputIsTerminal
    }
}

/// What a served command produced: its exit status and the bytes it wrote.
public struct ServedResponse: Sendable, Codable, Equatable {
    public var status: Int32
    public var standardOutput: [UInt8]
    public var standardError: [UInt8]

    public init(status: Int32, standardOutput: [UInt8] = [], standardError: [UInt8] = []) {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}
