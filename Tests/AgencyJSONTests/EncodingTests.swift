import Foundation
import Testing
import AgencyJSON

@Suite("Canonical and pretty encoders")
struct EncodingTests {
    @Test func canonicalHasNoWhitespaceAndSortedKeys() throws {
        let value: JSONValue = ["b": [1, 2.5, nil, true], "a": ["z": "x", "y": [:]], "c": []]
        #expect(try value.canonicalString() == #"{"a":{"y":{},"z":"x"},"b":[1,2.5,null,true],"c":[]}"#)
    }

    @Test func keysSortByUTF8BytesNotByUTF16OrLocale() throws {
        // U+FF61 sorts before U+1F600 in UTF-8 (EF… < F0…) but after it in UTF-16
        // (FF61 > D83D); "Z" sorts before "a" in bytes but not in most locales; the
        // ANGSTROM SIGN U+212B sorts after "ÿ" in bytes, but String's `<` compares its
        // normalized form U+00C5 and would put it before "é".
        let keys = ["😀", "\u{FF61}", "中", "\u{212B}", "\u{FF}", "\u{E9}", "b", "aa", "a", "Z", ""]
        let object = JSONValue.object(Dictionary(uniqueKeysWithValues: keys.map { ($0, JSONValue.integer(1)) }))
        let expected = #"{"":1,"Z":1,"a":1,"aa":1,"b":1,"#
            + "\"\u{E9}\":1,\"\u{FF}\":1,\"\u{212B}\":1,\"中\":1,\"\u{FF61}\":1,\"😀\":1}"
        #expect(Array(try object.canonicalBytes()) == Array(expected.utf8))
    }

    @Test func stringsAreEscapedMinimally() throws {
        let value = JSONValue.string("q\" b\\ /\u{8}\u{C}\n\r\t\u{0}\u{1F}\u{7F}é中😀")
        #expect(try value.canonicalString() == "\"q\\\" b\\\\ /\\b\\f\\n\\r\\t\\u0000\\u001f\u{7F}é中😀\"")
    }

    @Test(arguments: [
        (1.0, "1.0"), (-0.0, "-0.0"), (0.0, "0.0"), (0.1, "0.1"), (1e16, "1e+16"), (1e300, "1e+300"),
        (.leastNonzeroMagnitude, "5e-324"), (123.456, "123.456"), (-2.5e-7, "-2.5e-07"), (9_007_199_254_740_992.0, "9007199254740992.0"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
    ])
    func doublesUseShortestFormAndStayDoubles(number: Double, text: String) throws {
        #expect(try JSONValue.double(number).canonicalString() == text)
        let reparsed = try JSONValue.parse(text)
        #expect(reparsed.intValue == nil)
        #expect(reparsed.doubleValue?.bitPattern == number.bitPattern)
    }

    @Test func integersAreWrittenInDecimal() throws {
        let value: JSONValue = [0, -1, 42, .integer(.max), .integer(.min)]
        #expect(try value.canonicalString() == "[0,-1,42,9223372036854775807,-9223372036854775808]")
    }

    @Test func nonFiniteDoublesThrowWithTheirPath() throws {
        let value: JSONValue = ["ok": 1.5, "rates": [1, ["x": .double(.nan)]], "z": .double(.infinity)]
        let error = try #require(throws: JSONEncodingError.self) { try value.canonicalBytes() }
        #expect(error.path == "$.rates[1].x")
        #expect(error.description == "at $.rates[1].x: the number nan is not finite; JSON cannot represent NaN or infinity")
        let top = try #require(throws: JSONEncodingError.self) { try JSONValue.double(-.infinity).prettyString() }
        #expect(top.path == "$")
        #expect(top.message.hasPrefix("the number -inf is not finite"))
    }

    @Test func prettyLayoutIsExact() throws {
        let value: JSONValue = [
            "name": "Ada",
            "tags": ["x", 2],
            "empty": ["list": [], "map": [:]],
            "ratio": 1.0,
        ]
        let expected = """
            {
              "empty": {
                "list": [],
                "map": {}
              },
              "name": "Ada",
              "ratio": 1.0,
              "tags": [
                "x",
                2
              ]
            }

            """
        #expect(try value.prettyString() == expected)
    }

    @Test func prettyScalarsAndEmptyContainersEndWithNewline() throws {
        #expect(try JSONValue.integer(7).prettyString() == "7\n")
        #expect(try JSONValue.array([]).prettyString() == "[]\n")
        #expect(try JSONValue.object([:]).prettyString() == "{}\n")
        #expect(try JSONValue.array([[]]).prettyString() == "[\n  []\n]\n")
    }

    @Test func byteDataAndStringFormsAgree() throws {
        let value: JSONValue = ["k": ["中", 1, 2.0]]
        let bytes = try value.canonicalBytes()
        #expect(try value.canonicalData() == Data(bytes))
        #expect(try value.canonicalString() == String(decoding: bytes, as: UTF8.self))
        #expect(try value.prettyData() == Data(try value.prettyBytes()))
        #expect(try value.prettyString() == String(decoding: try value.prettyBytes(), as: UTF8.self))
    }

    @Test func canonicalFormIgnoresSourceLayoutAndOrder() throws {
        let first = try JSONValue.parse(#"{ "b": [1, 2], "a": {"y": 1, "x": 2} }"#)
        let second = try JSONValue.parse("{\"a\":{\n\"x\":2,\"y\":1},\n\"b\":[1,2]}")
        #expect(try first.canonicalBytes() == second.canonicalBytes())
        #expect(try first.canonicalString() == #"{"a":{"x":2,"y":1},"b":[1,2]}"#)
    }
}
