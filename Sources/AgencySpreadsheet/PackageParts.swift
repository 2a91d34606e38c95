/// The package-level parts that tie the sheets together: content types,
/// relationships and `xl/workbook.xml`.
enum PackageParts {
    private static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    private static let relationshipType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let mainType = "application/vnd.openxmlformats-officedocument.spreadsheetml"

    static func worksheetPath(_ index: Int) -> String { "xl/worksheets/sheet\(index + 1).xml" }

    static func contentTypes(sheetCount: Int) -> String {
        let sheets = (0..<sheetCount).map {
            "<Override PartName=\"/\(worksheetPath($0))\" ContentType=\"\(mainType).worksheet+xml\"/>"
        }
        return header + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(mainType).sheet.main+xml\"/>"
            + sheets.joined()
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(mainType).styles+xml\"/>"
            + "</Types>"
    }

    static let rootRelationships = header
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipType)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    /// Sheet N is relationship rIdN; the styles part comes after the sheets.
    static func workbookRelationships(sheetCount: Int) -> String {
        let sheets = (0..<sheetCount).map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(relationshipType)/worksheet\" "
                + "Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }
        return header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + sheets.joined()
            + "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relationshipType)/styles\" Target=\"styles.xml\"/>"
            + "</Relationships>"
    }

    /// `filterRanges[i]` is sheet i's auto-filter range, if any. Excel keeps
    /// each auto-filter in a hidden `_xlnm._FilterDatabase` name as well, and
    /// writing it spares Excel a repair of the file.
    static func workbook(names: [String], filterRanges: [String?]) -> String {
        let sheets = names.enumerated().map { index, name in
            "<sheet name=\"\(XMLText.escape(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        let definedNames = filterRanges.enumerated().compactMap { index, range -> String? in
            guard let range else { return nil }
            let absolute = range.split(separator: ":").map { absoluteReference(String($0)) }.joined(separator: ":")
            let quoted = "'" + names[index].replacingOccurrences(of: "'", with: "''") + "'"
            return "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
                + XMLText.escape(quoted + "!" + absolute) + "</definedName>"
        }
        return header + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            + "xmlns:r=\"\(relationshipType)\">"
            + "<bookViews><workbookView activeTab=\"0\"/></bookViews>"
            + "<sheets>" + sheets.joined() + "</sheets>"
            + (definedNames.isEmpty ? "" : "<definedNames>" + definedNames.joined() + "</definedNames>")
            + "</workbook>"
    }

    /// "B3" → "$B$3".
    private static func absoluteReference(_ reference: String) -> String {
        guard let firstDigit = reference.firstIndex(where: \.isNumber) else { return "$" + reference }
        return "$" + reference[..<firstDigit] + "$" + reference[firstDigit...]
    }
}
