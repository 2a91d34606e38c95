/// Column widths in Excel's unit (the width of the digit "0" in the default font).
enum ColumnWidth {
    static let minimum = 6.0
    static let maximum = 60.0
    /// Room for the auto-filter button and cell margins.
    static let padding = 2.0

    /// The widest line among `texts`, padded and clamped, in half-character
    /// steps so the XML stays short and deterministic.
    static func fitting(_ texts: [String]) -> Double {
        let widest = texts.lazy
            .flatMap { $0.split(whereSeparator: \.isNewline) }
            .map { displayWidth($0) }
            .max() ?? 0
        let width = min(max(Double(widest) + padding, minimum), maximum)
        return (width * 2).rounded(.up) / 2
    }

    /// Columns a text occupies: East Asian wide and fullwidth characters
    /// (CJK, Hangul, kana, fullwidth forms, most emoji) take two.
    static func displayWidth<S: StringProtocol>(_ text: S) -> Int {
        text.reduce(0) { total, character in
            guard let scalar = character.unicodeScalars.first else { return total }
            return total + (isWide(scalar.value) ? 2 : 1)
        }
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
