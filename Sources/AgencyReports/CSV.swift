/// CSV for spreadsheets (RFC 4180: fields quoted when they hold a comma, a quote or a line
/// break, quotes doubled), with formula injection neutralised.
///
/// Excel, LibreOffice and Google Sheets read a cell that begins with `=`, `+`, `-` or
/// `@` as a formula, and a tab or carriage return first can lead to the same; a comment
/// such as `=HYPERLINK("http://…","点此")` would become a live link, `=cmd|…` worse. So
/// every cell of text (what people and workflows wrote: comments, names, titles, states,
/// ids, data) that begins with one of those characters gets a leading apostrophe `'`,
/// as OWASP's "CSV Injection" advises, and is quoted: the spreadsheet shows it as text.
/// Numbers agency computes itself (a seq, an investment total, counts) are written as
/// they are, so they stay numbers, `-1` included: `number`, not `text`.
public enum CSV {
    /// The characters that make a spreadsheet read a cell as a formula when first.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// A cell of text: neutralised if it could be read as a formula, then quoted as
    /// needed.
    public static func text(_ value: String) -> String {
        if let first = value.unicodeScalars.first, formulaStarts.contains(first) {
            return quoted("'" + value)
        }
        return field(value)
    }

    /// A number agency wrote itself, as it is (it holds no comma, quote or line break).
    public static func number<N: BinaryInteger>(_ value: N) -> String {
        "\(value)"
    }

    /// One line of cells already made with `text` or `number`, without its line end.
    public static func row(_ cells: [String]) -> String {
        cells.joined(separator: ",")
    }

    /// Quotes a field when it holds a comma, a quote or a line break.
    static func field(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            ? quoted(value) : value
    }

    static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
