/// A1-style cell references: column letters followed by a 1-based row number.
enum CellReference {
    /// Excel's grid size; references beyond it are invalid.
    static let maxRows = 1_048_576
    static let maxColumns = 16_384

    /// Column letters for a zero-based column index: 0 → "A", 26 → "AA".
    static func columnName(_ index: Int) -> String {
        var number = index + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }

    /// The reference of a cell given zero-based indices, e.g. (0, 1) → "B1".
    static func name(row: Int, column: Int) -> String {
        columnName(column) + String(row + 1)
    }

    /// Zero-based (row, column) of a reference such as "B3" or "$B$3";
    /// `nil` if it is not a cell reference inside Excel's grid.
    static func parse(_ reference: String) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        for scalar in reference.unicodeScalars where scalar != "$" {
            switch scalar.value {
            case 65...90 where row == 0, 97...122 where row == 0:
                column = column * 26 + Int(scalar.value & 0x1F)
            case 48...57 where column > 0:
                row = row * 10 + Int(scalar.value - 48)
            default:
                return nil
            }
            guard column <= maxColumns, row <= maxRows else { return nil }
        }
        guard column > 0, row > 0 else { return nil }
        return (row - 1, column - 1)
    }
}
