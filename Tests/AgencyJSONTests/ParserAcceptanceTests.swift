import Foundation
import Testing
@testable import AgencyJSON

@Suite("Parser: accepted documents")
struct ParserAcceptanceTests {
    @Test func scalarsParseToTheirCases() throws {
        #expect(try JSONValue.parse("null") == .null)
        #expect(try JSONValue.parse("true") == .bool(true))
        #expect(try JSONValue.parse("false") == .bool(false))
        #expect(try JSONValue.parse("\"hi\"") == .string("hi"))
        #expect(try JSONValue.parse(" \t\r\n 42 \n") == .integer(42))
    }

    @Test func integersAndDoublesStayDistinct() throws {
        #expect(try JSONValue.parse("1") == .integer(1))
        #expect(try JSONValue.parse("1.0") == .double(1.0))
        #expect(try JSONValue.parse("1e2") == .double(100))
        #expect(try JSONValue.parse("1E+2") == .double(100))
        #expect(try JSONValue.parse("-1.5e-3") == .double(-0.0015))
        #expect(try JSONValue.parse("0") == .integer(0))
        #expect(try JSONValue.parse("-0") == .integer(0))
        let negativeZero = try JSONValue.parse("-0.0").doubleValue
        #expect(negativeZero?.sign == .minus)
    }

    @Test func integersKeepAll64Bits() throws {
        #expect(try JSONValue.parse("9223372036854775807") == .integer(.max))
        #expect(try JSONValue.parse("-9223372036854775808") == .integer(.min))
        #expect(try JSONValue.parse("9007199254740993") == .integer(9_007_199_254_740_993))
    }

    @Test func escapesDecode() throws {
        let value = try JSONValue.parse(#""\"\\\/\b\f\n\r\t\u00e9\u4E2D\ud83d\ude00\u0000""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\t\u{E9}中😀\u{0}"))
    }

    @Test func rawUnicodeIsAcceptedAsIs() throws {
        let value = try JSONValue.parse("{\"名前\":\"中文 😀 e\u{301}\"}")
        let text = try #require(value["名前"]?.stringValue)
        #expect(Array(text.utf8) == Array("中文 😀 e\u{301}".utf8))
    }

    @Test func nestedContainers() throws {
        let value = try JSONValue.parse(#"{"a": [1, {"b": [[], {}]}, "x"], "c": {"d": null}}"#)
        let expected: JSONValue = ["a": [1, ["b": [[], [:]]], "x"], "c": ["d": nil]]
        #expect(value == expected)
    }

    @Test func everyInputRepresentationParsesTheSame() throws {
        let text = #"{"k": [1, 2.5, "三"]}"#
        let expected = try JSONValue.parse(text)
        #expect(try JSONValue.parse(Array(text.utf8)) == expected)
        #expect(try JSONValue.parse(Data(text.utf8)) == expected)
        #expect(try JSONValue.parse(text.utf8) == expected)
        #expect(try JSONValue.parse(Array(("  " + text).utf8).dropFirst(2)) == expected)
        // No contiguous storage: exercises the copying path.
        #expect(try JSONValue.parse(AnyCollection(Array(text.utf8))) == expected)
    }

    @Test func depthUpToTheLimitIsAccepted() throws {
        let depth = JSONParseLimits.default.maxDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSONValue.parse(text)
        var levels = 0
        while let inner = value.arrayValue {
            levels += 1
            value = inner.first ?? .null
        }
        #expect(levels == depth)
    }
}
