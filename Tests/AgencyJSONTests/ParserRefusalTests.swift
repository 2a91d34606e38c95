import Testing
import AgencyJSON

@Suite("Parser: refusals name the problem and its position")
struct ParserRefusalTests {
    @Test func byteOrderMark() throws {
        let error = try #require(parseFailure([0xEF, 0xBB, 0xBF] + Array("{}".utf8)))
        #expect(error.message == "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
        #expect((error.line, error.column, error.offset) == (1, 1, 0))
    }

    @Test func emptyAndBlankInput() throws {
        let empty = try #require(parseFailure(""))
        #expect(empty.message == "input is empty; expected a JSON value")
        #expect((empty.line, empty.column, empty.offset) == (1, 1, 0))
        let blank = try #require(parseFailure(" \n  "))
        #expect(blank.message == "input contains only whitespace; expected a JSON value")
        #expect((blank.line, blank.column, blank.offset) == (2, 3, 4))
    }

    @Test func trailingContent() throws {
        let error = try #require(parseFailure("{\"a\": 1}\n  x"))
        #expect(error.message == "unexpected character 'x'; expected the end of input after the JSON value")
        #expect((error.line, error.column, error.offset) == (2, 3, 11))
        let second = try #require(parseFailure("1 2"))
        #expect(second.message == "unexpected character '2'; expected the end of input after the JSON value")
    }

    @Test func duplicateKeyNamesKeyAndObjectPath() throws {
        let text = """
            {"items": [
              1,
              {"id": 2},
              {"name": "a", "name": "b"}
            ]}
            """
        let error = try #require(parseFailure(text))
        #expect(error.message == #"duplicate key "name" in object at $.items[2]"#)
        #expect((error.line, error.column) == (4, 17))
        #expect(error.description == #"line 4, column 17: duplicate key "name" in object at $.items[2]"#)
    }

    @Test func duplicateKeyPathQuotesUnusualKeys() throws {
        let error = try #require(parseFailure(#"{"a": {"display name": [{"x": 1, "x": 2}]}}"#))
        #expect(error.message == #"duplicate key "x" in object at $.a["display name"][0]"#)
        let root = try #require(parseFailure(#"{"k": 1, "k": 1}"#))
        #expect(root.message == #"duplicate key "k" in object at $"#)
        #expect(root.offset == 9)
    }

    @Test func canonicallyEquivalentKeysCollide() throws {
        let error = try #require(parseFailure("{\"\u{E9}\": 1, \"e\u{301}\": 2}"))
        #expect(error.message.hasPrefix("duplicate key \"e\u{301}\" in object at $ (it is canonically equivalent"))
    }

    @Test func unescapedControlCharacters() throws {
        let newline = try #require(parseFailure("[\"a\nb\"]"))
        #expect(newline.message == #"unescaped control character U+000A in string; write it as \n"#)
        #expect((newline.line, newline.column, newline.offset) == (1, 4, 3))
        let unit = try #require(parseFailure("\"\u{1}\""))
        #expect(unit.message == #"unescaped control character U+0001 in string; write it as \u0001"#)
    }

    @Test func invalidEscapes() throws {
        let error = try #require(parseFailure(#"{"a": "x\qy"}"#))
        #expect(error.message == #"invalid escape sequence '\q'; valid escapes are \" \\ \/ \b \f \n \r \t \uXXXX"#)
        #expect((error.column, error.offset) == (9, 8))
        let shortHex = try #require(parseFailure(#""\u12G4""#))
        #expect(shortHex.message == #"invalid \u escape: expected 4 hexadecimal digits"#)
        #expect(shortHex.offset == 1)
    }

    @Test func loneAndMismatchedSurrogates() throws {
        let loneHigh = try #require(parseFailure(#""ab\uD83Dcd""#))
        #expect(loneHigh.message == #"lone high surrogate \uD83D must be followed by a \u escape of a low surrogate (DC00-DFFF)"#)
        #expect(loneHigh.offset == 3)
        let mismatched = try #require(parseFailure(#""\uD83D\u0041""#))
        #expect(mismatched.message == #"high surrogate \uD83D is followed by \u0041, which is not a low surrogate (DC00-DFFF)"#)
        let loneLow = try #require(parseFailure(#""\uDE00""#))
        #expect(loneLow.message == #"lone low surrogate \uDE00 has no high surrogate before it"#)
        let highAtEnd = try #require(parseFailure(#""\ud800""#))
        #expect(highAtEnd.message.hasPrefix("lone high surrogate \\uD800"))
    }

    @Test(arguments: [
        ([0x22, 0xFF, 0x22], "invalid UTF-8: malformed sequence starting with byte 0xFF", 1),
        ([0x22, 0x61, 0x80, 0x22], "invalid UTF-8: unexpected continuation byte 0x80", 2),
        ([0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8: malformed sequence starting with byte 0xC0", 1),  // overlong '/'
        ([0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8: malformed sequence starting with byte 0xED", 1),  // encoded surrogate
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8: malformed sequence starting with byte 0xF4", 1),  // > U+10FFFF
        ([0x22, 0xE4, 0xB8], "invalid UTF-8: malformed sequence starting with byte 0xE4", 1),  // truncated
        ([0x5B, 0x31, 0x2C, 0xFE, 0x5D], "invalid UTF-8: malformed sequence starting with byte 0xFE", 3),  // outside a string
    ] as [([UInt8], String, Int)])
    func invalidUTF8(bytes: [UInt8], message: String, offset: Int) throws {
        let error = try #require(parseFailure(bytes))
        #expect(error.message == message)
        #expect(error.offset == offset)
    }

    @Test(arguments: [
        ("01", "numbers cannot have leading zeros", 0),
        ("[-012]", "numbers cannot have leading zeros", 1),
        ("+1", "a number cannot start with '+'", 0),
        (".5", "a number needs a digit before the decimal point", 0),
        ("1.", "expected a digit after the decimal point", 2),
        ("1.e5", "expected a digit after the decimal point", 2),
        ("1e", "expected a digit in the exponent", 2),
        ("2E+", "expected a digit in the exponent", 3),
        ("-", "expected a digit after '-'", 1),
        ("-a", "expected a digit after '-'", 1),
        ("NaN", "NaN and Infinity are not valid JSON numbers", 0),
        ("[Infinity]", "NaN and Infinity are not valid JSON numbers", 1),
        ("-Infinity", "NaN and Infinity are not valid JSON numbers", 0),
    ])
    func malformedNumbers(input: String, message: String, offset: Int) throws {
        let error = try #require(parseFailure(input))
        #expect(error.message == message)
        #expect(error.offset == offset)
    }

    @Test func integersOutsideInt64AreRefusedWithAdvice() throws {
        let tooBig = try #require(parseFailure(#"{"id": 9223372036854775808}"#))
        #expect(tooBig.message == "integer 9223372036854775808 is out of the 64-bit range; write it as a string")
        #expect((tooBig.column, tooBig.offset) == (8, 7))
        let tooSmall = try #require(parseFailure("-9223372036854775809"))
        #expect(tooSmall.message == "integer -9223372036854775809 is out of the 64-bit range; write it as a string")
        let huge = try #require(parseFailure(String(repeating: "9", count: 100)))
        #expect(huge.message == "integer \(String(repeating: "9", count: 40))... (100 characters) is out of the 64-bit range; write it as a string")
        // The same magnitude written as a double is fine.
        #expect(try JSONValue.parse("9223372036854775808.0") == .double(9_223_372_036_854_775_808.0))
    }

    @Test func doublesMustBeFinite() throws {
        let error = try #require(parseFailure("[1e400]"))
        #expect(error.message == "number 1e400 is out of the double-precision range")
        #expect(error.offset == 1)
        #expect(try JSONValue.parse("-1e-400") == .double(-0.0))
    }

    @Test func nestingBeyondTheLimit() throws {
        let depth = JSONParseLimits.default.maxDepth + 1
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = try #require(parseFailure(text))
        #expect(error.message == "nesting is deeper than the limit of 512 levels")
        #expect(error.offset == 512)
        let objects = String(repeating: "{\"a\":", count: 3) + "1}}}"
        let shallow = try #require(parseFailure(objects, limits: JSONParseLimits(maxDepth: 2)))
        #expect(shallow.message == "nesting is deeper than the limit of 2 levels")
        #expect(shallow.offset == 10)
    }

    @Test func hundredThousandOpenBracketsDoNotCrash() throws {
        let error = try #require(parseFailure(String(repeating: "[", count: 100_000)))
        #expect(error.message == "nesting is deeper than the limit of 512 levels")
        let mixed = try #require(parseFailure(String(repeating: "[{\"k\":", count: 50_000)))
        #expect(mixed.offset == 256 * 6)
    }

    @Test func sizeLimit() throws {
        let limits = JSONParseLimits(maxBytes: 8)
        #expect(try JSONValue.parse("[1,2,3]", limits: limits) == [1, 2, 3])
        let error = try #require(parseFailure("[1,2,3,4]", limits: limits))
        #expect(error.message == "input is 9 bytes, over the limit of 8 bytes")
        #expect(error.offset == 8)
    }

    @Test func trailingCommas() throws {
        let array = try #require(parseFailure("[1, 2, ]"))
        #expect(array.message == "trailing comma before ']' is not allowed")
        #expect(array.offset == 5)
        let object = try #require(parseFailure("{\"a\": 1,\n}"))
        #expect(object.message == "trailing comma before '}' is not allowed")
        #expect((object.line, object.column) == (1, 8))
    }

    @Test func unterminatedDocuments() throws {
        let string = try #require(parseFailure(#"{"a": "abc"#))
        #expect(string.message == #"unterminated string: no closing '"' before the end of input"#)
        #expect(string.offset == 6)
        let array = try #require(parseFailure("[1, 2"))
        #expect(array.message == "unexpected end of input; expected ',' or ']' after an array element")
        #expect(array.offset == 5)
        let object = try #require(parseFailure(#"{"a" 1}"#))
        #expect(object.message == "unexpected character '1'; expected ':' after the object key")
        let value = try #require(parseFailure(#"{"a": }"#))
        #expect(value.message == "unexpected character '}'; expected a JSON value")
    }

    @Test func commonNearMisses() throws {
        #expect(parseFailure("['a']")?.message == "strings must be enclosed in double quotes, not single quotes")
        #expect(parseFailure("{'a': 1}")?.message == "object keys must be enclosed in double quotes, not single quotes")
        #expect(parseFailure("{a: 1}")?.message == "unexpected character 'a'; expected a string key in double quotes")
        #expect(parseFailure("tru")?.message == "invalid literal; expected 'true'")
        #expect(parseFailure("None")?.message == "unexpected character 'N'; expected a JSON value")
        #expect(parseFailure("[1]\u{7}")?.message == "unexpected control character U+0007; expected the end of input after the JSON value")
        #expect(parseFailure("«1»")?.message == "unexpected character '«'; expected a JSON value")
    }

    @Test func lineAndColumnCountScalarsAndAllLineBreaks() throws {
        let text = "{\r\n  \"a\": 1,\r  \"中文\": tru\n}"
        let error = try #require(parseFailure(text))
        #expect(error.message == "invalid literal; expected 'true'")
        #expect((error.line, error.column) == (3, 9))
        let expectedOffset = text.utf8.distance(from: text.utf8.startIndex, to: try #require(text.utf8.firstIndex(of: UInt8(ascii: "t"))))
        #expect(error.offset == expectedOffset)
    }
}
