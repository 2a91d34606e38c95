import Foundation

/// Reads the cell values of one `xl/worksheets/sheetN.xml` into a grid of text.
struct WorksheetParser {
    let sharedStrings: [String]
    let maxCells: Int

    private struct Placed {
        let row: Int
        let column: Int
        let text: String
    }

    /// Cells are placed by their `r="B3"` reference (or, where a writer left
    /// it out, right after the previous cell or row). The grid is
    /// rectangular: as wide as the rightmost value, as tall as the lowest one,
    /// so gaps read as "" and trailing empty rows and columns are dropped.
    func parse(_ data: Data, part: String, source: String, sheet: String) throws(SpreadsheetError) -> [[String]] {
        var placed: [Placed] = []
        var row = -1
        var column = 0
        var type = "n"
        var value = ""
        var inValue = false
        var inline: StringItemText?
        try XMLEvents.parse(data, part: part, source: source) { event in
            switch event {
            case .start("row", let attributes):
                row += 1
                column = 0
                if let number = attributes["r"] {
                    guard let index = Int(number), (1...CellReference.maxRows).contains(index) else {
                        throw XMLContentError(reason: "\"\(number)\" is not a row number from 1 to 1048576")
                    }
                    row = index - 1
                }
            case .start("c", let attributes):
                row = max(row, 0)
                if let reference = attributes["r"] {
                    guard let parsed = CellReference.parse(reference) else {
                        throw XMLContentError(reason: "\"\(reference)\" is not a cell reference inside A1:XFD1048576")
                    }
                    (row, column) = parsed
                }
                (type, value, inline) = (attributes["t"] ?? "n", "", nil)
            case .start("v", _): inValue = true
            case .end("v"): inValue = false
            case .start("is", _): inline = StringItemText()
            case .text(let text) where inValue: value += text
            case .end("c"):
                let text = try text(type: type, value: value, inline: inline)
                if !text.isEmpty { placed.append(Placed(row: row, column: column, text: text)) }
                column += 1
            default: inline?.consume(event)
            }
        }
        return try grid(placed, source: source, sheet: sheet)
    }

    /// The text of a cell according to its type attribute `t`.
    private func text(type: String, value: String, inline: StringItemText?) throws -> String {
        switch type {
        case "s":
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard let index = Int(trimmed), sharedStrings.indices.contains(index) else {
                throw XMLContentError(reason: "shared string index \"\(trimmed)\" does not exist "
                                      + "(the table has \(sharedStrings.count) strings)")
            }
            return sharedStrings[index]
        case "inlineStr": return inline?.value ?? XMLText.decodeEscapes(value)
        case "b": return value.isEmpty ? "" : (value == "0" ? "FALSE" : "TRUE")
        case "str": return XMLText.decodeEscapes(value)
        case "n": return value.isEmpty ? "" : NumberText.display(value)
        default: return value // "e" (#DIV/0! …) and "d" (ISO 8601 dates) are already text.
        }
    }

    private func grid(_ placed: [Placed], source: String, sheet: String) throws(SpreadsheetError) -> [[String]] {
        let rowCount = (placed.map(\.row).max() ?? -1) + 1
        let columnCount = (placed.map(\.column).max() ?? -1) + 1
        // Both are bounded by Excel's grid or by the size of the XML, so the
        // product cannot overflow.
        guard rowCount * columnCount <= maxCells else {
            throw .tooLarge(source: source, detail: "sheet \"\(sheet)\" spans \(rowCount) rows × "
                            + "\(columnCount) columns, more than \(maxCells) cells")
        }
        var rows = Array(repeating: Array(repeating: "", count: columnCount), count: rowCount)
        for cell in placed { rows[cell.row][cell.column] = cell.text }
        return rows
    }
}
