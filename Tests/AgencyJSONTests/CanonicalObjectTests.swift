import AgencyJSON
import Testing

/// Canonical bytes written without a dictionary-backed `JSONValue` in between
/// (`CanonicalObject` for records being sealed, `JSONDocument.canonicalBytes` for
/// records read back) must be exactly `JSONValue.canonicalBytes()`: journal hashes are
/// taken over them.
@Suite struct CanonicalObjectTests {
    static func randomObject(using generator: inout SeededGenerator) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0..<8, using: &generator) {
            let keys = ["seq", "prev", "hash", "sig", "at", "actor", "kind", "details", "中文", "e\u{301}", "\u{E9}", "", "a\"b"]
            members[keys[Int.random(in: 0..<keys.count, using: &generator)]] = randomValue(depth: 1, using: &generator)
        }
        return members
    }

    @Test func membersAddedReplacedAndOmittedGiveTheReferenceBytes() throws {
        var generator = SeededGenerator(state: 24)
        for _ in 0..<500 {
            var members = Self.randomObject(using: &generator)
            var object = try CanonicalObject(members)
            #expect(object.bytes() == (try JSONValue.object(members).canonicalBytes()))
            let value = randomValue(depth: 2, using: &generator)
            for key in ["hash", "seq", "zzz", "", "\u{E9}"] {
                try object.set(key, value)
                members[key] = value
                #expect(object.bytes() == (try JSONValue.object(members).canonicalBytes()), "\(key)")
            }
            var without = members
            without["hash"] = nil
            without["sig"] = nil
            #expect(object.bytes(omitting: ["hash", "sig"]) == (try JSONValue.object(without).canonicalBytes()))
        }
    }

    @Test func parsedDocumentsWriteTheReferenceCanonicalBytes() throws {
        var generator = SeededGenerator(state: 25)
        for _ in 0..<500 {
            let value = Bool.random(using: &generator)
                ? JSONValue.object(Self.randomObject(using: &generator)) : randomValue(using: &generator)
            for bytes in [try value.prettyBytes(), try value.canonicalBytes()] {
                let document = try JSONDocument.parse(bytes)
                #expect(try document.canonicalBytes() == (try value.canonicalBytes()))
                var without = value
                if case .object(var members) = value {
                    members["hash"] = nil
                    members["sig"] = nil
                    without = .object(members)
                }
                #expect(try document.canonicalBytes(omitting: ["hash", "sig"]) == (try without.canonicalBytes()))
                #expect(try JSONDocument(value).canonicalBytes(omitting: ["hash", "sig"]) == (try without.canonicalBytes()))
            }
        }
    }

    @Test func aNonFiniteNumberIsRefusedWithTheReferenceError() throws {
        let members: [String: JSONValue] = ["a": 1, "b": ["c": [.double(.nan)]]]
        let reference = try #require(throws: JSONEncodingError.self) { try JSONValue.object(members).canonicalBytes() }
        let direct = try #require(throws: JSONEncodingError.self) { try CanonicalObject(members) }
        #expect(direct == reference)
        var object = try CanonicalObject(["a": 1])
        let set = try #require(throws: JSONEncodingError.self) { try object.set("b", ["c": [.double(.nan)]]) }
        #expect(set == reference)
    }
}
