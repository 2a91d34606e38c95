/// Renders one ``Sheet`` as `xl/worksheets/sheetN.xml`.
struct WorksheetWriter {
    static let maxTextLength = 32_767

    let sheet: Sheet
    /// The sanitized name (used in error messages).
    let name: String
    /// The first sheet is the one selected when the workbook opens.
    let isFirst: Bool

    private var hasHeader: Bool { !sheet.columns.isEmpty }
    private var headerRows: Int { hasHeader ? 1 : 0 }
    private var rowCount: Int { sheet.rows.count + headerRows }
    private var columnCount: Int { max(sheet.columns.count, sheet.rows.map(\.count).max() ?? 0) }

    /// Refuses sheets Excel would truncate or refuse to open.
    func validate() throws(SpreadsheetError) {
        guard rowCount <= CellReference.maxRows, columnCount <= CellReference.maxColumns else {
            throw .exceedsExcelLimits(sheet: name, rows: rowCount, columns: columnCount)
        }
    }

    /// The header range the auto-filter covers, e.g. "A1:C10"; `nil` without a header.
    var filterRange: String? {
        guard hasHeader else { return nil }
        return "A1:" + CellReference.name(row: rowCount - 1, column: sheet.columns.count - 1)
    }

    func xml() -> String {
        let dimension = rowCount == 0 || columnCount == 0
            ? "A1" : "A1:" + CellReference.name(row: rowCount - 1, column: columnCount - 1)
        var out = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <dimension ref="\(dimension)"/>\(sheetViews())\
        <sheetFormatPr defaultRowHeight="15"/>\(cols())<sheetData>
        """
        if hasHeader {
            appendRow(sheet.columns.map { .text($0.title) }, index: 0, style: StyleTable.header, to: &out)
        }
        for (offset, row) in sheet.rows.enumerated() {
            appendRow(row, index: offset + headerRows, style: nil, to: &out)
        }
        out += "</sheetData>"
        // Element order matters to Excel: autoFilter must follow sheetData.
        if let filterRange { out += "<autoFilter ref=\"\(filterRange)\"/>" }
        out += "</worksheet>"
        return out
    }

    private func sheetViews() -> String {
        let selected = isFirst ? " tabSelected=\"1\"" : ""
        guard hasHeader, sheet.freezeHeader else {
            return "<sheetViews><sheetView\(selected) workbookViewId=\"0\"/></sheetViews>"
        }
        return "<sheetViews><sheetView\(selected) workbookViewId=\"0\">"
            + "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            + "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
            + "</sheetView></sheetViews>"
    }

    private func cols() -> String {
        guard columnCount > 0 else { return "" }
        var out = "<cols>"
        for column in 0..<columnCount {
            let given = column < sheet.columns.count ? sheet.columns[column].width : nil
            let width = given.flatMap { $0.isFinite ? min(max($0, 0), 255) : nil } ?? autoWidth(column)
            out += "<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        return out + "</cols>"
    }

    private func autoWidth(_ column: Int) -> Double {
        let cells = sheet.rows.compactMap { column < $0.count ? NumberText.shown($0[column]) : nil }
        let width = ColumnWidth.fitting(cells)
        guard column < sheet.columns.count else { return width }
        // The auto-filter button covers about two characters of the header cell.
        let header = ColumnWidth.fitting([sheet.columns[column].title]) + 2
        return max(width, min(header, ColumnWidth.maximum))
    }

    private func appendRow(_ cells: [Cell], index: Int, style: Int?, to out: inout String) {
        var body = ""
        for (column, cell) in cells.enumerated() {
            body += Self.cellXML(cell, reference: CellReference.name(row: index, column: column), style: style)
        }
        // Rows without any value are left out; readers place rows by r="…".
        if !body.isEmpty { out += "<row r=\"\(index + 1)\">\(body)</row>" }
    }

    /// One `<c>` element, or "" for cells that hold no value.
    static func cellXML(_ cell: Cell, reference: String, style: Int?) -> String {
        var style = style
        var type: String?
        let content: String
        switch cell {
        case .text(let text):
            let cut = XMLText.truncate(text, to: maxTextLength)
            type = "inlineStr"
            content = "<is><t xml:space=\"preserve\">" + XMLText.escape(XMLText.protectEscapes(cut)) + "</t></is>"
        case .integer(let value):
            content = "<v>\(value)</v>"
        case .number(let value, let decimals):
            guard let text = NumberText.xml(value) else { return "" }
            content = "<v>\(text)</v>"
            style = style ?? decimals.map(StyleTable.fixed(decimals:))
        case .percent(let value):
            guard let text = NumberText.xml(value) else { return "" }
            content = "<v>\(text)</v>"
            style = style ?? StyleTable.percent
        case .empty:
            return ""
        }
        // Numbers omit t=, which means "n": they stay numbers in Excel.
        let styleAttribute = style.map { " s=\"\($0)\"" } ?? ""
        let typeAttribute = type.map { " t=\"\($0)\"" } ?? ""
        return "<c r=\"\(reference)\"\(styleAttribute)\(typeAttribute)>\(content)</c>"
    }
}
