// Numbers follow the RFC 8259 grammar exactly:
//     number = [ "-" ] int [ frac ] [ exp ]
//     int    = "0" / ( digit1-9 *DIGIT )
// A literal with neither fraction nor exponent is an integer and must fit in Int64:
// rounding it to a Double would corrupt ids and amounts without anyone noticing, so it
// is refused with advice instead. Anything else becomes a finite Double.

extension JSONParser {
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "I") {
                throw error("NaN and Infinity are not valid JSON numbers", at: start)
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error("expected a digit after '-'", at: index)
            }
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw error("numbers cannot have leading zeros", at: start)
            }
        } else {
            skipDigits()
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error("expected a digit after the decimal point", at: index)
            }
            skipDigits()
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error("expected a digit in the exponent", at: index)
            }
            skipDigits()
        }
        let literal = UnsafeBufferPointer(rebasing: bytes[start..<index])
        return isInteger ? try integer(literal, at: start) : try double(literal, at: start)
    }

    /// Accumulates towards negative so that Int64.min, whose magnitude has no positive
    /// Int64, parses without a special case.
    private func integer(_ literal: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONParseError) -> JSONValue {
        let negative = literal[0] == UInt8(ascii: "-")
        var value: Int64 = 0
        var overflow = false
        for byte in literal.dropFirst(negative ? 1 : 0) {
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = shifted.subtractingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            value = next
            overflow = overflow || overflowA || overflowB
        }
        if !negative {
            if value == .min { overflow = true } else { value = -value }
        }
        guard !overflow else {
            throw error("integer \(abbreviated(literal)) is out of the 64-bit range; write it as a string", at: start)
        }
        return .integer(value)
    }

    private func double(_ literal: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONParseError) -> JSONValue {
        let text = String(decoding: literal, as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw error("number \(abbreviated(literal)) is out of the double-precision range", at: start)
        }
        return .double(value)
    }

    /// Keeps messages readable when someone pastes a thousand-digit number.
    private func abbreviated(_ literal: UnsafeBufferPointer<UInt8>) -> String {
        let limit = 40
        if literal.count <= limit {
            return String(decoding: literal, as: UTF8.self)
        }
        return String(decoding: literal.prefix(limit), as: UTF8.self) + "... (\(literal.count) characters)"
    }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) {
            index += 1
        }
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
