import Foundation

/// Why a workbook could not be written or read. Every case's
/// ``description`` says what went wrong and what the user can do about it.
public enum SpreadsheetError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The bytes are not a ZIP archive, so they cannot be an `.xlsx` file.
    case notAZip(source: String)
    /// A ZIP archive, but without a workbook part (for example a `.docx`, or
    /// a ZIP of CSV files).
    case notAWorkbook(source: String)
    /// Reading would exceed a safety limit (uncompressed size, number of ZIP
    /// entries, or cells in a sheet); `detail` names the limit.
    case tooLarge(source: String, detail: String)
    /// A part the workbook refers to is missing, or its compressed data is damaged.
    case damagedPart(source: String, part: String, reason: String)
    /// A part is not well-formed XML, or holds values that contradict the format.
    case malformedXML(source: String, part: String, line: Int, reason: String)
    /// The file could not be read from disk.
    case unreadableFile(path: String, reason: String)
    /// A sheet to write has more rows or columns than Excel can show
    /// (1,048,576 rows, 16,384 columns).
    case exceedsExcelLimits(sheet: String, rows: Int, columns: Int)
    /// The ZIP library failed while assembling the workbook.
    case writeFailed(reason: String)
    /// A CSV file that is not UTF-8, or whose quotes do not close.
    case badCSV(source: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .notAZip(let source):
            return "\(source) is not an .xlsx workbook (it is not a ZIP archive); "
                + "save it from Excel or LibreOffice as .xlsx, or export CSV."
        case .notAWorkbook(let source):
            return "\(source) is not an .xlsx workbook (no xl/workbook.xml inside); "
                + "save it from Excel as .xlsx, or export CSV."
        case .tooLarge(let source, let detail):
            return "\(source) is too large to read safely (\(detail)); "
                + "split it into smaller workbooks, or export the sheets as CSV."
        case .damagedPart(let source, let part, let reason):
            return "\(source) is damaged: \(part) \(reason); "
                + "open it in Excel or LibreOffice and save it again as .xlsx."
        case .malformedXML(let source, let part, let line, let reason):
            return "\(source) contains invalid XML in \(part) at line \(line): \(reason); "
                + "open it in Excel or LibreOffice and save it again as .xlsx."
        case .unreadableFile(let path, let reason):
            return "Cannot read \(path): \(reason); check that the file exists and is readable."
        case .exceedsExcelLimits(let sheet, let rows, let columns):
            return "Sheet \"\(sheet)\" has \(rows) rows and \(columns) columns, more than Excel's "
                + "1,048,576 rows or 16,384 columns; split the data across several sheets."
        case .writeFailed(let reason):
            return "Could not assemble the .xlsx file: \(reason); retry, and report it if it persists."
        case .badCSV(let source, let line, let reason):
            return "\(source) line \(line): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
