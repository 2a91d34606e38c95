/// The fixed `xl/styles.xml` and the indices of its cell formats (`s="…"`).
///
/// The table is the same for every workbook, which keeps output
/// deterministic and avoids tracking which formats a workbook uses.
enum StyleTable {
    static let header = 1
    static let percent = 2
    static let maxDecimals = 6

    static func clampDecimals(_ decimals: Int) -> Int {
        min(max(decimals, 0), maxDecimals)
    }

    /// The style index for a number with `decimals` fixed decimal places.
    static func fixed(decimals: Int) -> Int {
        3 + clampDecimals(decimals)
    }

    /// Custom number formats start at 164; lower ids are Excel's built-ins.
    private static let formats: [(id: Int, code: String)] =
        [(164, "0.0%")] + (0...maxDecimals).map { decimals in
            (165 + decimals, decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals))
        }

    static let xml: String = {
        let font = "<sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/>"
        let numFmts = formats.map { "<numFmt numFmtId=\"\($0.id)\" formatCode=\"\($0.code)\"/>" }.joined()
        // Cell formats: 0 default, 1 bold header, 2 percent, 3… fixed decimals.
        // No <alignment>, so text wrapping stays off everywhere.
        let plain = "fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\""
        let xfs = ["<xf numFmtId=\"0\" \(plain)/>",
                   "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"]
            + formats.map { "<xf numFmtId=\"\($0.id)\" \(plain) applyNumberFormat=\"1\"/>" }
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="\(formats.count)">\(numFmts)</numFmts>\
        <fonts count="2"><font>\(font)</font><font><b/>\(font)</font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill>\
        <fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="\(xfs.count)">\(xfs.joined())</cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
    }()
}
