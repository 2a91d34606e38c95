/// Why a value could not be written as JSON.
///
/// The only cause is a non-finite `.double` (NaN or ±infinity), which JSON has no
/// syntax for. The parser and the Codable bridge never produce one, so this can only
/// come from a value built by hand; it is a thrown error rather than a trap so that a
/// bad number computed by a workflow fails that workflow, not the process.
public struct JSONEncodingError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What is wrong.
    public let message: String
    /// Where the offending value sits, e.g. `$.totals[3]`.
    public let path: String

    public init(message: String, path: String) {
        self.message = message
        self.path = path
    }

    /// `at $.path: message`, the form printed to users.
    public var description: String {
        "at \(path): \(message)"
    }
}
