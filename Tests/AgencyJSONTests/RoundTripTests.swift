import Testing
import AgencyJSON

@Suite("Round trips: parse(encode(v)) is v, bit for bit")
struct RoundTripTests {
    static let trickyValues: [JSONValue] = [
        .integer(.max), .integer(.min), .integer(9_007_199_254_740_993), .integer(0),
        .double(0.1), .double(1e300), .double(-0.0), .double(.leastNonzeroMagnitude), .double(1.0), .double(1e16),
        .double(.greatestFiniteMagnitude), .double(-.leastNormalMagnitude),
        .string("中文"), .string("😀👩‍👩‍👧"), .string("e\u{301} vs \u{E9}"),
        .string("\"\\/\u{8}\u{C}\n\r\t\u{0}\u{1F}\u{7F}"), .string(""),
        [[], [:], [[]], ["": [:]]],
        ["": nil, "a": [nil, false, true], "\u{0}": "nul key", "😀": ["中": [1.5, -2]]],
    ]

    @Test(arguments: trickyValues)
    func canonicalRoundTrip(value: JSONValue) throws {
        let reparsed = try JSONValue.parse(try value.canonicalBytes())
        #expect(isIdentical(reparsed, value))
    }

    @Test(arguments: trickyValues)
    func prettyRoundTrip(value: JSONValue) throws {
        let reparsed = try JSONValue.parse(try value.prettyString())
        #expect(isIdentical(reparsed, value))
    }

    @Test func randomDocumentsRoundTripAndEncodeStably() throws {
        var generator = SeededGenerator(state: 0x5EED)
        for _ in 0..<300 {
            let value = randomValue(using: &generator)
            let canonical = try value.canonicalBytes()
            let fromCanonical = try JSONValue.parse(canonical)
            let fromPretty = try JSONValue.parse(try value.prettyBytes())
            #expect(isIdentical(fromCanonical, value))
            #expect(isIdentical(fromPretty, value))
            #expect(try fromCanonical.canonicalBytes() == canonical)
        }
    }

    @Test func reparsingCanonicalTextReproducesItExactly() throws {
        let text = #"{"a":[1,1.0,-0.0,1e+16,"\u0001\"é"],"b":{"":null}}"#
        #expect(try JSONValue.parse(text).canonicalString() == text)
    }
}
