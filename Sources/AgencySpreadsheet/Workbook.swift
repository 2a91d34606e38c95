import Foundation

/// An in-memory spreadsheet document that can be written as an Office Open XML
/// workbook (`.xlsx`) with ``Workbook/xlsxData()``.
///
/// A workbook with no sheets is written with one empty sheet named "Sheet1",
/// because Excel refuses workbooks without any sheet.
public struct Workbook: Sendable, Hashable {
    /// The sheets, in tab order. Names are made Excel-safe when written
    /// (see ``Sheet/name``).
    public var sheets: [Sheet]

    public init(sheets: [Sheet] = []) {
        self.sheets = sheets
    }
}

/// One worksheet: an optional header row made of column titles, then data rows.
public struct Sheet: Sendable, Hashable {
    /// The tab name. When written, characters Excel forbids (`[ ] : * ? / \`)
    /// become `_`, leading and trailing apostrophes are removed, the name is cut
    /// to 31 UTF-16 units, and a name already taken (ignoring case) gets a
    /// " (2)", " (3)"… suffix. An empty name becomes "SheetN".
    public var name: String
    /// Column titles and widths. When not empty, row 1 holds the titles in
    /// bold, gets an auto-filter, and the data rows start at row 2.
    public var columns: [Column]
    /// Data rows, top to bottom. Rows may have different lengths.
    public var rows: [[Cell]]
    /// Keeps the header row visible while scrolling. Ignored when there are
    /// no ``columns``.
    public var freezeHeader: Bool

    public init(name: String, columns: [Column] = [], rows: [[Cell]] = [], freezeHeader: Bool = true) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.freezeHeader = freezeHeader
    }
}

/// A column's header title and display width.
public struct Column: Sendable, Hashable {
    /// The text shown in the header row.
    public var title: String
    /// Width in characters (Excel's unit: widths of the digit "0").
    /// `nil` computes it from the title and the cells: East Asian wide
    /// characters count as two, plus padding, at most 60.
    public var width: Double?

    public init(_ title: String, width: Double? = nil) {
        self.title = title
        self.width = width
    }
}
