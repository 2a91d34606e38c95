// String literals: the hot path of parsing. A string without escapes (the common case)
// is validated in one pass and turned into a `String` with a single copy of its bytes;
// only strings with escapes go through the reusable scratch buffer.

extension JSONParser {
    /// Parses the string literal whose opening quote is at `index`.
    mutating func parseString() throws(JSONParseError) -> String {
        let open = index
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(open: open, start: start)
            }
            try advanceOverStringByte(byte)
        }
        throw unterminatedString(open: open)
    }

    /// Continues a string at its first backslash, assembling the decoded bytes in
    /// `scratch`. Plain runs between escapes are copied in bulk.
    private mutating func parseEscapedString(open: Int, start: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                try parseEscape(open: open)
                runStart = index
                continue
            }
            try advanceOverStringByte(byte)
        }
        throw unterminatedString(open: open)
    }

    /// Steps over one unescaped character inside a string, validating it: control
    /// characters must be escaped (RFC 8259 §7) and multi-byte sequences must be
    /// well-formed UTF-8.
    @inline(__always)
    private mutating func advanceOverStringByte(_ byte: UInt8) throws(JSONParseError) {
        if byte >= 0x80 {
            guard let length = utf8SequenceLength(at: index) else {
                throw invalidUTF8(at: index)
            }
            index += length
        } else if byte < 0x20 {
            throw unescapedControlCharacter(byte)
        } else {
            index += 1
        }
    }

    /// Decodes the escape sequence whose backslash is at `index` into `scratch`.
    private mutating func parseEscape(open: Int) throws(JSONParseError) {
        let escapeStart = index
        guard index + 1 < bytes.count else {
            throw unterminatedString(open: open)
        }
        let decoded: UInt8
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): decoded = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): decoded = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): decoded = UInt8(ascii: "/")
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"):
            try parseUnicodeEscape()
            return
        default:
            throw invalidEscape(at: escapeStart)
        }
        scratch.append(decoded)
        index += 2
    }

    /// Decodes `\uXXXX`, or a `\uXXXX\uXXXX` surrogate pair, at `index`. Lone or
    /// mismatched surrogates are refused: they cannot be represented in UTF-8, and
    /// replacing them with U+FFFD would silently change the data.
    private mutating func parseUnicodeEscape() throws(JSONParseError) {
        let escapeStart = index
        let first = try hexCodeUnit(at: index)
        index += 6
        let scalarValue: UInt32
        switch first {
        case 0xD800...0xDBFF:
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error(
                    "lone high surrogate \(escapeText(first)) must be followed by a \\u escape of a low surrogate (DC00-DFFF)",
                    at: escapeStart)
            }
            let second = try hexCodeUnit(at: index)
            guard (0xDC00...0xDFFF).contains(second) else {
                throw error(
                    "high surrogate \(escapeText(first)) is followed by \(escapeText(second)), which is not a low surrogate (DC00-DFFF)",
                    at: escapeStart)
            }
            index += 6
            scalarValue = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
        case 0xDC00...0xDFFF:
            throw error("lone low surrogate \(escapeText(first)) has no high surrogate before it", at: escapeStart)
        default:
            scalarValue = UInt32(first)
        }
        appendUTF8(scalarValue)
    }

    /// Reads the four hex digits of the `\u` escape whose backslash is at `offset`.
    private func hexCodeUnit(at offset: Int) throws(JSONParseError) -> UInt16 {
        guard offset + 6 <= bytes.count else {
            throw error("invalid \\u escape: expected 4 hexadecimal digits", at: offset)
        }
        var value: UInt16 = 0
        for position in (offset + 2)..<(offset + 6) {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape: expected 4 hexadecimal digits", at: offset)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private func escapeText(_ codeUnit: UInt16) -> String {
        let hex = String(codeUnit, radix: 16, uppercase: true)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The length of the well-formed UTF-8 sequence starting at `offset`, or `nil`.
    /// Follows RFC 3629 / Unicode Table 3-7: no overlong forms, no encoded surrogates,
    /// nothing above U+10FFFF.
    func utf8SequenceLength(at offset: Int) -> Int? {
        let lead = bytes[offset]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return nil
        }
        guard offset + length <= bytes.count, secondRange.contains(bytes[offset + 1]) else {
            return nil
        }
        for position in (offset + 2)..<(offset + length) where bytes[position] & 0xC0 != 0x80 {
            return nil
        }
        return length
    }
}
