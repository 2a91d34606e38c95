/// Why a document was refused, and where.
///
/// Documents are written by people (workflow inputs, fixtures, snapshots edited by
/// hand), so every refusal names the exact problem and points at it the way an editor
/// would: `line` and `column` for people, `offset` for tools.
public struct JSONParseError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What is wrong, in a sentence that does not repeat the position.
    public let message: String
    /// 1-based line; a line ends at `\n`, `\r\n` or a lone `\r`.
    public let line: Int
    /// 1-based column counted in Unicode scalars (not bytes, not grapheme clusters),
    /// so a line of Chinese text gives the same column an editor shows.
    public let column: Int
    /// 0-based byte offset from the start of the input.
    public let offset: Int

    public init(message: String, line: Int, column: Int, offset: Int) {
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `line L, column C: message`, the form printed to users.
    public var description: String {
        "line \(line), column \(column): \(message)"
    }
}
