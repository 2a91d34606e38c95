/// Text helpers for writing and reading SpreadsheetML.
enum XMLText {
    /// Escapes `text` for element content and attribute values, dropping the
    /// characters XML 1.0 cannot carry at all (even as `&#…;` references):
    /// C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF.
    /// CR is written as `&#13;` because parsers turn a literal CR into LF.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if isAllowed(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value == 0x09 || value == 0x0A || value == 0x0D }
        return value != 0xFFFE && value != 0xFFFF
    }

    /// Excel reads `_xHHHH_` in cell text as the character U+HHHH. A literal
    /// occurrence must therefore have its underscore escaped as `_x005F_`,
    /// otherwise Excel would show a different text than the one we wrote.
    static func protectEscapes(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: "_x") {
            out += rest[..<range.lowerBound]
            out += hexEscape(at: range.lowerBound, in: rest) == nil ? "_" : "_x005F_"
            rest = rest[rest.index(after: range.lowerBound)...]
        }
        return out + rest
    }

    /// Decodes Excel's `_xHHHH_` escapes (how Excel stores control characters).
    static func decodeEscapes(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: "_x") {
            out += rest[..<range.lowerBound]
            if let scalar = hexEscape(at: range.lowerBound, in: rest) {
                out.unicodeScalars.append(scalar)
                rest = rest[rest.index(range.lowerBound, offsetBy: 7)...]
            } else {
                out += "_"
                rest = rest[rest.index(after: range.lowerBound)...]
            }
        }
        return out + rest
    }

    /// The character encoded by `_xHHHH_` starting at `start`, if there is one.
    private static func hexEscape(at start: Substring.Index, in text: Substring) -> Unicode.Scalar? {
        let candidate = text[start...].prefix(7)
        guard candidate.count == 7, candidate.hasSuffix("_") else { return nil }
        let hex = candidate.dropFirst(2).dropLast()
        guard hex.allSatisfy(\.isHexDigit), let value = UInt32(hex, radix: 16) else { return nil }
        return Unicode.Scalar(value)
    }

    /// Cuts at a character boundary so that at most `limit` UTF-16 units
    /// remain (Excel counts UTF-16 units in sheet names and cell text).
    static func truncate(_ text: String, to limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var length = 0
        var out = ""
        for character in text {
            length += character.utf16.count
            if length > limit { break }
            out.append(character)
        }
        return out
    }
}
