/// The value of one cell.
///
/// Numbers are stored as real spreadsheet numbers so that formulas, sorting
/// and sums work on them. Non-finite numbers (NaN, ±infinity) cannot be
/// represented in a workbook and are written as empty cells.
public enum Cell: Sendable, Hashable {
    /// Text, shown as is. Characters that XML 1.0 forbids (control characters
    /// other than tab, line feed and carriage return) are dropped, and text
    /// longer than Excel's 32,767 UTF-16 units per cell is cut to that length.
    case text(String)
    /// A number in Excel's "General" format, or with exactly `decimals`
    /// digits after the decimal point (0…6; values outside are clamped).
    case number(Double, decimals: Int? = nil)
    /// A whole number.
    case integer(Int)
    /// A fraction shown as a percentage with one decimal: `0.125` shows as
    /// "12.5%". The stored value stays `0.125`, which is what a reader gets back.
    case percent(Double)
    /// No value: the cell is left out of the sheet.
    case empty
}

extension Cell: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
}
