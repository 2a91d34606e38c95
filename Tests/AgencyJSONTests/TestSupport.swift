import AgencyJSON
import Testing

/// The error `JSONValue.parse` throws for `input`, or `nil` if it parses. Every input
/// is also parsed by `JSONDocument.parse`, which must refuse it with the same error
/// (message, line, column, offset) or accept it with the same value.
func parseFailure(_ input: String, limits: JSONParseLimits = .default) -> JSONParseError? {
    parseFailure(Array(input.utf8), limits: limits)
}

func parseFailure(_ bytes: [UInt8], limits: JSONParseLimits = .default) -> JSONParseError? {
    let reference: Result<JSONValue, JSONParseError>
    do {
        reference = .success(try JSONValue.parse(bytes, limits: limits))
    } catch {
        reference = .failure(error)
    }
    let direct: Result<JSONValue, JSONParseError>
    do {
        direct = .success(try JSONDocument.parse(bytes, limits: limits).value)
    } catch {
        direct = .failure(error)
    }
    switch (reference, direct) {
    case (.success(let expected), .success(let found)):
        if !isIdentical(expected, found) { Issue.record("JSONDocument parsed \(found), JSONValue \(expected)") }
        return nil
    case (.failure(let expected), .failure(let found)):
        #expect(found == expected, "JSONDocument refused with another error")
        return expected
    case (.success, .failure(let found)):
        Issue.record("JSONDocument refused what JSONValue parses: \(found)")
        return nil
    case (.failure(let expected), .success):
        Issue.record("JSONDocument accepted what JSONValue refuses: \(expected)")
        return expected
    }
}

/// Stricter than `==`: doubles must have the same bit pattern (so -0.0 is not 0.0) and
/// strings the same UTF-8 bytes (so NFC and NFD spellings differ). This is the
/// identity that byte-for-byte replay needs.
func isIdentical(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null):
        return true
    case (.bool(let a), .bool(let b)):
        return a == b
    case (.integer(let a), .integer(let b)):
        return a == b
    case (.double(let a), .double(let b)):
        return a.bitPattern == b.bitPattern
    case (.string(let a), .string(let b)):
        return a.utf8.elementsEqual(b.utf8)
    case (.array(let a), .array(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { isIdentical($0, $1) }
    case (.object(let a), .object(let b)):
        return a.count == b.count && a.allSatisfy { key, value in
            guard let index = b.index(forKey: key), b.keys[index].utf8.elementsEqual(key.utf8) else { return false }
            return isIdentical(value, b.values[index])
        }
    default:
        return false
    }
}

/// A small deterministic generator (SplitMix64) so property tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// A random document mixing every kind, awkward strings and extreme numbers.
func randomValue(depth: Int = 0, using generator: inout SeededGenerator) -> JSONValue {
    let scalarStrings = ["", "plain", "中文", "😀 emoji", "quote \" back\\slash", "ctl \u{0}\u{1}\u{1F}\n\t", "/slash", "e\u{301}", "\u{E9}", "\u{FF61}"]
    let choice = Int.random(in: 0..<(depth >= 4 ? 6 : 8), using: &generator)
    switch choice {
    case 0:
        return .null
    case 1:
        return .bool(Bool.random(using: &generator))
    case 2:
        let specials: [Int64] = [0, -1, 1, .max, .min, 9_007_199_254_740_993]
        return .integer(Bool.random(using: &generator)
            ? specials[Int.random(in: 0..<specials.count, using: &generator)]
            : Int64.random(in: .min ... .max, using: &generator))
    case 3:
        let number = Double(bitPattern: generator.next())
        return .double(number.isFinite ? number : 0.1)
    case 4:
        let specials: [Double] = [0.0, -0.0, 0.1, 1.0, 1e300, -1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e16, 123.456]
        return .double(specials[Int.random(in: 0..<specials.count, using: &generator)])
    case 5:
        return .string(scalarStrings[Int.random(in: 0..<scalarStrings.count, using: &generator)])
    case 6:
        let count = Int.random(in: 0..<5, using: &generator)
        return .array((0..<count).map { _ in randomValue(depth: depth + 1, using: &generator) })
    default:
        var members: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0..<5, using: &generator) {
            let key = scalarStrings[Int.random(in: 0..<scalarStrings.count, using: &generator)]
                + String(Int.random(in: 0..<3, using: &generator))
            members[key] = randomValue(depth: depth + 1, using: &generator)
        }
        return .object(members)
    }
}
