// Building errors. This is the cold path: everything here may be slow, and nothing on
// the hot path pays for it (line and column, for instance, are recounted from the
// start of the buffer only once an error is certain).

extension JSONParser {
    /// An error at byte `offset`, with its line and column computed from the buffer.
    func error(_ message: String, at offset: Int) -> JSONParseError {
        var line = 1
        var column = 1
        var position = 0
        let end = min(offset, bytes.count)
        while position < end {
            let byte = bytes[position]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte == 0x0D {
                // A CR immediately followed by LF is one line break, counted at the LF.
                if position + 1 >= bytes.count || bytes[position + 1] != 0x0A {
                    line += 1
                    column = 1
                }
            } else if byte & 0xC0 != 0x80 {
                // Continuation bytes belong to the scalar already counted.
                column += 1
            }
            position += 1
        }
        return JSONParseError(message: message, line: line, column: column, offset: offset)
    }

    /// "Unexpected X; expected Y" for the byte at `index`, naming end of input, invalid
    /// UTF-8 and control characters precisely rather than printing garbage.
    func unexpected(expected: String) -> JSONParseError {
        guard index < bytes.count else {
            return error("unexpected end of input; expected \(expected)", at: index)
        }
        let byte = bytes[index]
        if byte >= 0x80 {
            guard let length = utf8SequenceLength(at: index) else {
                return invalidUTF8(at: index)
            }
            let character = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]), as: UTF8.self)
            return error("unexpected character '\(character)'; expected \(expected)", at: index)
        }
        if byte < 0x20 || byte == 0x7F {
            return error("unexpected control character \(scalarName(byte)); expected \(expected)", at: index)
        }
        return error("unexpected character '\(Character(Unicode.Scalar(byte)))'; expected \(expected)", at: index)
    }

    /// A value cannot start at `index`; recognises the usual near-misses (JavaScript
    /// numbers, Python literals, single quotes) so the message says what to change.
    func invalidValueStart() -> JSONParseError {
        switch bytes[index] {
        case UInt8(ascii: "+"):
            return error("a number cannot start with '+'", at: index)
        case UInt8(ascii: "."):
            return error("a number needs a digit before the decimal point", at: index)
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            if startsWithWord("NaN") || startsWithWord("Infinity") {
                return error("NaN and Infinity are not valid JSON numbers", at: index)
            }
        case UInt8(ascii: "'"):
            return error("strings must be enclosed in double quotes, not single quotes", at: index)
        default:
            break
        }
        return unexpected(expected: "a JSON value")
    }

    /// A key must start at `index` but does not.
    func invalidKeyStart() -> JSONParseError {
        guard index < bytes.count else {
            return unexpected(expected: "a string key")
        }
        if bytes[index] == UInt8(ascii: "'") {
            return error("object keys must be enclosed in double quotes, not single quotes", at: index)
        }
        return unexpected(expected: "a string key in double quotes")
    }

    /// `members` already holds `key` (from an earlier member); `offset` is the second
    /// occurrence. Swift strings compare by canonical equivalence, so two keys spelled
    /// with different bytes (precomposed "é" versus "e" + combining accent) collide too;
    /// the message says so, since the bytes alone would not explain the error.
    func duplicateKey(_ key: String, in members: [String: JSONValue], at offset: Int) -> JSONParseError {
        var message = "duplicate key \(JSONPath.quoted(key)) in object at \(JSONPath.render(path))"
        if let existing = members.index(forKey: key), !members.keys[existing].utf8.elementsEqual(key.utf8) {
            message += " (it is canonically equivalent to the earlier key \(JSONPath.quoted(members.keys[existing])))"
        }
        return error(message, at: offset)
    }

    func unterminatedString(open: Int) -> JSONParseError {
        error("unterminated string: no closing '\"' before the end of input", at: open)
    }

    func unescapedControlCharacter(_ byte: UInt8) -> JSONParseError {
        let escape: String
        switch byte {
        case 0x0A: escape = "\\n"
        case 0x0D: escape = "\\r"
        case 0x09: escape = "\\t"
        case 0x08: escape = "\\b"
        case 0x0C: escape = "\\f"
        default: escape = "\\u00" + hexByte(byte).lowercased()
        }
        return error("unescaped control character \(scalarName(byte)) in string; write it as \(escape)", at: index)
    }

    func invalidEscape(at offset: Int) -> JSONParseError {
        let valid = "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
        let byte = bytes[offset + 1]
        if byte >= 0x20 && byte < 0x7F {
            return error("invalid escape sequence '\\\(Character(Unicode.Scalar(byte)))'; \(valid)", at: offset)
        }
        return error("invalid escape sequence: backslash followed by \(byte < 0x80 ? scalarName(byte) : "a non-ASCII character"); \(valid)", at: offset)
    }

    func invalidUTF8(at offset: Int) -> JSONParseError {
        let byte = bytes[offset]
        if byte & 0xC0 == 0x80 {
            return error("invalid UTF-8: unexpected continuation byte 0x\(hexByte(byte))", at: offset)
        }
        return error("invalid UTF-8: malformed sequence starting with byte 0x\(hexByte(byte))", at: offset)
    }

    private func startsWithWord(_ word: String) -> Bool {
        let remaining = bytes.count - index
        return word.utf8.count <= remaining
            && word.utf8.enumerated().allSatisfy { bytes[index + $0.offset] == $0.element }
    }

    private func scalarName(_ byte: UInt8) -> String {
        "U+00" + hexByte(byte)
    }

    private func hexByte(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return hex.count == 1 ? "0" + hex : hex
    }
}
