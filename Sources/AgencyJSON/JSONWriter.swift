/// Writes `JSONValue`s as UTF-8 bytes in the canonical or the pretty style (see
/// `JSONValue.canonicalBytes()` for the exact rules).
struct JSONWriter {
    enum Style {
        case canonical
        case pretty
    }

    /// Thrown internally when a non-finite double is met; the public error with the
    /// value's path is built afterwards, so the hot path carries no path bookkeeping.
    struct NonFiniteNumber: Error {}

    let style: Style
    var output: [UInt8] = []

    init(style: Style) {
        self.style = style
    }

    static func encode(_ value: JSONValue, style: Style) throws(JSONEncodingError) -> [UInt8] {
        var writer = JSONWriter(style: style)
        do {
            try writer.write(value, indent: 0)
        } catch {
            throw nonFiniteError(in: value)
        }
        if style == .pretty {
            writer.output.append(UInt8(ascii: "\n"))
        }
        return writer.output
    }

    mutating func write(_ value: JSONValue, indent: Int) throws(NonFiniteNumber) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number):
            writeInteger(number)
        case .double(let number):
            guard number.isFinite else { throw NonFiniteNumber() }
            writeDouble(number)
        case .string(let text):
            writeString(text)
        case .array(let elements):
            try writeArray(elements, indent: indent)
        case .object(let members):
            try writeObject(members, indent: indent)
        }
    }

    private mutating func writeArray(_ elements: [JSONValue], indent: Int) throws(NonFiniteNumber) {
        output.append(UInt8(ascii: "["))
        for (position, element) in elements.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            writeLineBreak(indent: indent + 1)
            try write(element, indent: indent + 1)
        }
        if !elements.isEmpty { writeLineBreak(indent: indent) }
        output.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ members: [String: JSONValue], indent: Int) throws(NonFiniteNumber) {
        output.append(UInt8(ascii: "{"))
        for (position, member) in Self.sortedMembers(members).enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            writeLineBreak(indent: indent + 1)
            writeString(member.key)
            output.append(UInt8(ascii: ":"))
            if style == .pretty { output.append(UInt8(ascii: " ")) }
            try write(member.value, indent: indent + 1)
        }
        if !members.isEmpty { writeLineBreak(indent: indent) }
        output.append(UInt8(ascii: "}"))
    }

    mutating func writeLineBreak(indent: Int) {
        guard style == .pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }

    /// Members in canonical order: by the UTF-8 bytes of the key, which equals Unicode
    /// code point order and, unlike `String`'s `<`, ignores normalization and locale.
    static func sortedMembers(_ members: [String: JSONValue]) -> [(key: String, value: JSONValue)] {
        members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    /// Digits are produced least significant first and reversed in place, avoiding the
    /// temporary `String` that `description` would allocate for large numbers.
    private mutating func writeInteger(_ number: Int64) {
        if number < 0 { output.append(UInt8(ascii: "-")) }
        let firstDigit = output.count
        var magnitude = number.magnitude
        repeat {
            output.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        output[firstDigit...].reverse()
    }

    /// Swift's `description` is the shortest text that round-trips to the same bit
    /// pattern, produced by the standard library's own algorithm and so identical on
    /// every platform. It writes integral magnitudes below 2^53 with a trailing `.0`
    /// and larger ones with an exponent; the fallback only guards the invariant that a
    /// double never re-parses as an integer.
    private mutating func writeDouble(_ number: Double) {
        let text = number.description
        output.append(contentsOf: text.utf8)
        if !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }) {
            output.append(contentsOf: ".0".utf8)
        }
    }

    /// Writes `text` as a JSON string literal with minimal escaping, copying unescaped
    /// runs in bulk.
    mutating func writeString(_ text: String) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for position in utf8.indices {
                let byte = utf8[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
                appendEscape(for: byte)
                runStart = position + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(for byte: UInt8) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        default:
            let hexDigits = Array("0123456789abcdef".utf8)
            output.append(contentsOf: "u00".utf8)
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0F)])
        }
    }

    /// Finds the first non-finite double in canonical order and reports its path.
    static func nonFiniteError(in value: JSONValue) -> JSONEncodingError {
        var path: [JSONPathComponent] = []
        var found: Double = .nan
        func search(_ value: JSONValue) -> Bool {
            switch value {
            case .double(let number) where !number.isFinite:
                found = number
                return true
            case .array(let elements):
                for (position, element) in elements.enumerated() {
                    path.append(.index(position))
                    if search(element) { return true }
                    path.removeLast()
                }
            case .object(let members):
                for member in sortedMembers(members) {
                    path.append(.key(member.key))
                    if search(member.value) { return true }
                    path.removeLast()
                }
            default:
                break
            }
            return false
        }
        _ = search(value)
        return JSONEncodingError(
            message: "the number \(found) is not finite; JSON cannot represent NaN or infinity",
            path: JSONPath.render(path))
    }
}
