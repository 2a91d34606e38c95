/// Plain-text tables whose columns line up with Chinese text: width is measured in
/// terminal columns (CJK and full-width characters take two), not in characters.
///
/// Every cell is user text as far as the table knows: it is shown with
/// `TerminalText.visible` (control characters as ␛, ␇, …; a line break as ␤, so a row
/// stays one line). Colour is given beside the text, per cell, and painted after the
/// cell was escaped and padded, so it is the only escape sequence a table writes.
///
/// On a terminal a table fits its width: its flexible column (a subject, a message) is
/// cut first, with "…", then the widest column, until the rows fit (no column below 6
/// terminal columns); a row never wraps. To a file or a pipe nothing is cut.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    /// Per row: column → colour code (`Console.paint`'s, e.g. "31").
    private var colors: [[Int: String]] = []

    /// The column cut first (a subject or a message), down to `minimumFlexibleWidth`,
    /// before the widest of the others is touched.
    var flexible: Int?
    static let minimumFlexibleWidth = 16
    /// Columns never cut: the ids the next command needs.
    var kept: Set<Int>

    init(_ headers: [String], flexible: Int? = nil, kept: Set<Int> = []) {
        self.headers = headers
        self.flexible = flexible
        self.kept = kept
    }

    mutating func add(_ row: [String], colors: [Int: String] = [:]) {
        rows.append(row)
        self.colors.append(colors)
    }

    /// The narrowest a cut column becomes.
    static let minimumCutWidth = 6
    static let gap = 2

    func render(maxWidth: Int? = Console.terminalWidth) -> String {
        let shownHeaders = headers.map { TerminalText.visible($0) }
        var shownRows = rows.map { $0.map { TerminalText.visible($0) } }
        var widths = Array(repeating: 0, count: headers.count)
        for row in [shownHeaders] + shownRows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], Self.displayWidth(cell))
            }
        }
        if let maxWidth {
            widths = Self.fitted(widths, into: maxWidth, flexible: flexible, kept: kept)
            shownRows = shownRows.map { row in
                row.enumerated().map { column, cell in column < widths.count ? Self.cut(cell, to: widths[column]) : cell }
            }
        }
        func line(_ row: [String], colors: [Int: String]) -> String {
            row.enumerated().map { column, cell in
                let painted = colors[column].map { Console.paint(cell, $0) } ?? cell
                return column == row.count - 1 || column >= widths.count ? painted
                    : painted + String(repeating: " ", count: max(0, widths[column] - Self.displayWidth(cell)))
            }.joined(separator: String(repeating: " ", count: Self.gap))
        }
        let headerCells = shownHeaders.enumerated().map { column, cell in
            column < widths.count ? Self.cut(cell, to: widths[column]) : cell
        }
        var lines = [line(headerCells, colors: [:]),
                     widths.map { String(repeating: "-", count: $0) }.joined(separator: String(repeating: " ", count: Self.gap))]
        lines += zip(shownRows, colors).map { line($0, colors: $1) }
        return lines.joined(separator: "\n")
    }

    /// Column widths that fit `total` columns: the widest column loses a column at a
    /// time (so two wide columns end up alike) until the row fits or every column is at
    /// the minimum.
    static func fitted(_ widths: [Int], into total: Int, flexible: Int? = nil, kept: Set<Int> = []) -> [Int] {
        var widths = widths
        func rowWidth() -> Int { widths.reduce(0, +) + gap * max(0, widths.count - 1) }
        if let flexible, flexible < widths.count, widths[flexible] > minimumFlexibleWidth, rowWidth() > total {
            widths[flexible] = max(minimumFlexibleWidth, widths[flexible] - (rowWidth() - total))
        }
        while rowWidth() > total {
            guard let widest = widths.indices.filter({ !kept.contains($0) }).max(by: { widths[$0] < widths[$1] }),
                  widths[widest] > minimumCutWidth else { break }
            widths[widest] -= 1
        }
        return widths
    }

    /// `text` cut to `width` terminal columns, ending in "…" when cut; never inside a
    /// character. A trailing id in brackets (`… [P19.c31]`) is kept whole and the text
    /// before it is cut instead, so the id stays usable for the next command.
    static func cut(_ text: String, to width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        if text.hasSuffix("]"), let open = text.range(of: " [", options: .backwards) {
            let suffix = String(text[open.lowerBound...])
            let room = width - displayWidth(suffix)
            if room >= 3 { return cutPlain(String(text[..<open.lowerBound]), to: room) + suffix }
        }
        return cutPlain(text, to: width)
    }

    static func cutPlain(_ text: String, to width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let columns = displayWidth(String(character))
            if used + columns > width - 1 { break }
            result.append(character)
            used += columns
        }
        return result + "…"
    }

    /// Terminal columns `text` occupies.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 || (0x300...0x36F).contains(value) || (0x200B...0x200F).contains(value)
            || (0xFE00...0xFE0F).contains(value) { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }
}
