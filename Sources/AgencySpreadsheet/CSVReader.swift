import Foundation

/// Reads CSV (RFC 4180) as Excel and LibreOffice write it: comma separated, fields in
/// double quotes where they hold a comma, a quote (doubled) or a line break; CRLF or LF
/// line ends; a UTF-8 byte-order mark at the start is dropped.
///
/// Only UTF-8 is read. A file saved as "CSV" by Chinese Excel is in GBK: it is refused
/// with the fix (save as "CSV UTF-8" or as .xlsx) rather than read as garbage.
public enum CSVReader {
    public static func rows(_ bytes: [UInt8], source: String) throws(SpreadsheetError) -> [[String]] {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw .badCSV(source: source, line: 1, reason: "the file is not UTF-8 text (Excel's plain \"CSV\" is GBK); "
                          + "save it as \"CSV UTF-8\" or as .xlsx")
        }
        return try rows(text, source: source)
    }

    public static func rows(_ text: String, source: String) throws(SpreadsheetError) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var line = 1, quoteLine = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return scalars.next()
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    let following = next()
                    if following == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = following }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                quoted = true
                quoteLine = line
            case ",":
                row.append(field)
                field = ""
            case "\r":
                continue
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                line += 1
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted {
            throw .badCSV(source: source, line: quoteLine, reason: "a quoted field opened here is never closed (\")")
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        // Trailing empty rows (a last line break, blank lines Excel leaves) are not data.
        while let last = rows.last, last.allSatisfy(\.isEmpty) { rows.removeLast() }
        return rows
    }
}
