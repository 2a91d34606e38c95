import AgencyJSON
import Foundation
import Testing

/// `JSONDocument` decodes straight from its parsed tape; `JSONValue.parse` then
/// `decode` is the reference. Both must give the same value for every document, and
/// the same error (kind, coding path, description) for every document that does not
/// have the type's shape. (Parse refusals are compared in `parseFailure`, which every
/// `ParserRefusalTests` case goes through.)
@Suite struct JSONDocumentTests {
    typealias Record = DirectEncodingTests.Record

    /// The outcome of decoding `T`, as text: the canonical bytes of the value, or the
    /// error's description (which names its kind, coding path and message).
    static func outcome<T: Codable>(_ type: T.Type, _ decode: () throws -> T) -> String {
        do {
            let value = try decode()
            return "value " + String(decoding: try JSONValue(encoding: value).canonicalBytes(), as: UTF8.self)
        } catch {
            return "error \(error)"
        }
    }

    static func bothWays<T: Codable>(_ type: T.Type, _ bytes: [UInt8], excluding: Set<String> = [])
        throws -> (reference: String, direct: String) {
        let reference = outcome(type) {
            var value = try JSONValue.parse(bytes)
            if case .object(var members) = value {
                for key in excluding { members[key] = nil }
                value = .object(members)
            }
            return try value.decode(type)
        }
        let direct = outcome(type) { try JSONDocument.parse(bytes).decode(type, excludingKeys: excluding) }
        return (reference, direct)
    }

    @Test func randomDocumentsParseToTheSameValue() throws {
        var generator = SeededGenerator(state: 21)
        for _ in 0..<500 {
            let value = randomValue(using: &generator)
            for bytes in [try value.prettyBytes(), try value.canonicalBytes()] {
                let document = try JSONDocument.parse(bytes)
                #expect(isIdentical(document.value, try JSONValue.parse(bytes)))
                #expect(document.typeName == value.typeName)
                #expect(document.isObject == (value.objectValue != nil))
                if case .object(let members) = value, let key = members.keys.first {
                    #expect(document.member(key).map { isIdentical($0, members[key] ?? .null) } == true)
                }
            }
        }
    }

    @Test func randomRecordsDecodeToTheSameValue() throws {
        var generator = SeededGenerator(state: 22)
        for _ in 0..<500 {
            let record = Self.randomRecord(using: &generator)
            let bytes = try JSONValue(encoding: record).prettyBytes()
            let (reference, direct) = try Self.bothWays(Record.self, bytes)
            #expect(reference.hasPrefix("value "))
            #expect(direct == reference)
        }
    }

    /// Every member of random records removed, set to null or to a value of each other
    /// kind, one at a time and at every depth: refused with the same error, or (an
    /// optional left out, an integral double for an Int) accepted with the same value.
    @Test func tamperedRecordsAreRefusedWithTheSameError() throws {
        var generator = SeededGenerator(state: 23)
        var refused = 0
        for _ in 0..<40 {
            let original = try JSONValue(encoding: Self.randomRecord(using: &generator))
            for tampered in Self.tamperings(of: original) {
                let (reference, direct) = try Self.bothWays(Record.self, try tampered.prettyBytes())
                #expect(direct == reference)
                if reference.hasPrefix("error ") { refused += 1 }
            }
        }
        #expect(refused > 1_000)
    }

    @Test func excludedKeysAreAbsentAsIfRemoved() throws {
        struct Strict: Codable {
            var id: String
            var head: Int?
        }
        let bytes = Array(#"{"id": "a", "head": "not an int", "indexed": {}}"#.utf8)
        let both = try Self.bothWays(Strict.self, bytes, excluding: ["head", "indexed"])
        #expect(both.reference == #"value {"id":"a"}"#)
        #expect(both.direct == both.reference)
        let kept = try Self.bothWays(Strict.self, bytes)
        #expect(kept.reference.hasPrefix("error "))
        #expect(kept.direct == kept.reference)
        #expect(try JSONDocument.parse(bytes).decode(JSONValue.self, excludingKeys: ["head", "indexed"]) == ["id": "a"])
    }

    @Test func specialTypesAndSuperDecodersAgree() throws {
        struct Special: Codable {
            var data: Data
            var url: URL
            var decimal: Decimal
            var values: [JSONValue?]
            var floats: [Float]
            var small: UInt8
        }
        let good = Array(#"{"data": "AAEC", "url": "https://a.example/x", "decimal": 0.1, "values": [null, 1, {"k": [1.5]}], "floats": [1, 2.5], "small": 2.0}"#.utf8)
        let both = try Self.bothWays(Special.self, good)
        #expect(both.reference.hasPrefix("value "))
        #expect(both.direct == both.reference)
        for bad in [#"{"data": "*", "url": "u", "decimal": 1, "values": [], "floats": [], "small": 1}"#,
                    #"{"data": "", "url": "u", "decimal": "1", "values": [], "floats": [], "small": 1}"#,
                    #"{"data": "", "url": "u", "decimal": 1, "values": [], "floats": [1e300], "small": 1}"#,
                    #"{"data": "", "url": "u", "decimal": 1, "values": [], "floats": [], "small": 300}"#,
                    #"{"data": "", "url": "u", "decimal": 1, "values": [], "floats": [], "small": 1.5}"#,
                    #"{"data": "", "url": "u", "decimal": 1, "values": {}, "floats": [], "small": 1}"#,
                    #"[1]"#, #"null"#] {
            let both = try Self.bothWays(Special.self, Array(bad.utf8))
            #expect(both.reference.hasPrefix("error "), "\(bad)")
            #expect(both.direct == both.reference, "\(bad)")
        }
        for text in [#"{"super": {"base": 1}, "extra": "e"}"#, #"{"extra": "e"}"#, #"{"super": [], "extra": "e"}"#] {
            let child = try Self.bothWays(Child.self, Array(text.utf8))
            #expect(child.direct == child.reference, "\(text)")
        }
    }

    // MARK: Generators

    static func randomRecord(using generator: inout SeededGenerator) -> Record {
        DirectEncodingTests.randomRecord(using: &generator)
    }

    /// The value with one member or element changed, for every member and element at
    /// every depth: removed, null, and each kind of scalar and container.
    static func tamperings(of value: JSONValue) -> [JSONValue] {
        let replacements: [JSONValue] = [.null, .bool(true), .integer(300), .double(2.5), .double(2.0),
                                         .string("x"), .array([]), .object([:])]
        var results: [JSONValue] = []
        switch value {
        case .object(let members):
            for (key, member) in members {
                var without = members
                without[key] = nil
                results.append(.object(without))
                for replacement in replacements {
                    var changed = members
                    changed[key] = replacement
                    results.append(.object(changed))
                }
                for deeper in tamperings(of: member) {
                    var changed = members
                    changed[key] = deeper
                    results.append(.object(changed))
                }
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                for replacement in replacements {
                    var changed = elements
                    changed[index] = replacement
                    results.append(.array(changed))
                }
                for deeper in tamperings(of: element) {
                    var changed = elements
                    changed[index] = deeper
                    results.append(.array(changed))
                }
            }
        default:
            break
        }
        return results
    }
}
