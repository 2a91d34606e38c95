import Foundation

/// Collects the visible text of a string item: a shared string `<si>` or an
/// inline string `<is>`. The text is either one `<t>` or rich-text runs
/// `<r><rPr>…</rPr><t>…</t></r>`, concatenated. Phonetic guides (`<rPh>`,
/// furigana over Japanese text) are not part of the cell value and are skipped.
struct StringItemText {
    private(set) var text = ""
    private var inText = false
    private var phoneticDepth = 0

    mutating func consume(_ event: XMLEvent) {
        switch event {
        case .start("t", _): inText = true
        case .end("t"): inText = false
        case .start("rPh", _): phoneticDepth += 1
        case .end("rPh"): phoneticDepth = max(phoneticDepth - 1, 0)
        case .text(let string) where inText && phoneticDepth == 0: text += string
        default: break
        }
    }

    /// The text with Excel's `_xHHHH_` escapes decoded.
    var value: String { XMLText.decodeEscapes(text) }
}

enum SharedStringsParser {
    /// The shared string table (`xl/sharedStrings.xml`), in index order.
    static func parse(_ data: Data, part: String, source: String) throws(SpreadsheetError) -> [String] {
        var strings: [String] = []
        var item: StringItemText?
        try XMLEvents.parse(data, part: part, source: source) { event in
            switch event {
            case .start("si", _): item = StringItemText()
            case .end("si"):
                strings.append(item?.value ?? "")
                item = nil
            default: item?.consume(event)
            }
        }
        return strings
    }
}
