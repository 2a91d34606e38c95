import Foundation

/// How numbers are spelled in the XML and in text read back.
enum NumberText {
    /// The `<v>` text for a finite number: integral values without ".0",
    /// others in Swift's shortest round-tripping form (e.g. "0.1", "1e-07"),
    /// which is valid xsd:double. `nil` for NaN and infinities.
    static func xml(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }

    /// Normalizes a `<v>` text from any writer: "3.0" or "3" → "3",
    /// "0.1000000000000000055" → "0.1". Text that is not a number is returned unchanged.
    static func display(_ raw: String) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed) else { return raw }
        return xml(value) ?? raw
    }

    /// What the cell shows in Excel, used to size columns.
    static func shown(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .number(let value, let decimals):
            guard value.isFinite else { return "" }
            guard let decimals else { return xml(value) ?? "" }
            return String(format: "%.\(StyleTable.clampDecimals(decimals))f", value)
        case .percent(let value):
            return value.isFinite ? String(format: "%.1f%%", value * 100) : ""
        case .empty: return ""
        }
    }
}
