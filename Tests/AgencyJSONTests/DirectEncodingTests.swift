import AgencyJSON
import Foundation
import Testing

/// `JSONValue.prettyBytes(encoding:)` / `canonicalBytes(encoding:)` write an Encodable
/// straight to bytes; they must give exactly the bytes of the old path,
/// `JSONValue(encoding:)` then `prettyBytes()` / `canonicalBytes()`.
@Suite struct DirectEncodingTests {
    /// A record shaped like the engine's: nested structs, optionals, arrays of structs,
    /// JSON values inside, enums with raw values, numbers of several kinds.
    struct Record: Codable {
        enum Status: String, Codable { case open, done }
        struct Item: Codable {
            var id: String
            var status: Status
            var due: String?
            var score: Double
            var tags: [String]
        }
        var id: String
        var data: JSONValue
        var items: [Item]
        var counter: Int
        var ratio: Float
        var parent: Item?
        var nested: [[Int64]]
        var map: [String: JSONValue]
        var flag: Bool
    }

    /// Encodes a key twice and a member through a nested container, which a
    /// dictionary-backed encoder resolves as "the last value wins".
    struct Overwriting: Encodable {
        enum Key: String, CodingKey { case a, b, 中文, é = "e\u{301}", z }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(1, forKey: .b)
            try container.encode("first", forKey: .a)
            var nested = container.nestedContainer(keyedBy: Key.self, forKey: .z)
            try nested.encode(true, forKey: .a)
            try container.encode("second", forKey: .a)
            try container.encode(2.5, forKey: .中文)
            var list = container.nestedUnkeyedContainer(forKey: .é)
            try list.encode(3)
            try list.encodeNil()
            try list.encode(["k": JSONValue.string("v")])
        }
    }

    struct Empty: Encodable {}

    static func randomRecord(using generator: inout SeededGenerator) -> Record {
        func text() -> String {
            let pool = ["", "a", "张三", "e\u{301}", "line\nbreak", "quote\"", "\u{1}", "👩‍💻", "\\"]
            return pool[Int.random(in: 0..<pool.count, using: &generator)]
        }
        func item() -> Record.Item {
            Record.Item(id: text(), status: Bool.random(using: &generator) ? .open : .done,
                        due: Bool.random(using: &generator) ? text() : nil,
                        score: Double.random(in: -1e6...1e6, using: &generator),
                        tags: (0..<Int.random(in: 0...3, using: &generator)).map { _ in text() })
        }
        var map: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...4, using: &generator) { map[text()] = randomValue(using: &generator) }
        return Record(id: text(), data: randomValue(using: &generator),
                      items: (0..<Int.random(in: 0...4, using: &generator)).map { _ in item() },
                      counter: Int.random(in: Int.min...Int.max, using: &generator),
                      ratio: Float.random(in: -10...10, using: &generator),
                      parent: Bool.random(using: &generator) ? item() : nil,
                      nested: [[Int64.random(in: .min ... .max, using: &generator)], []],
                      map: map, flag: Bool.random(using: &generator))
    }

    @Test func randomRecordsEncodeToTheOldPathsBytes() throws {
        var generator = SeededGenerator(state: 20)
        for _ in 0..<500 {
            let record = Self.randomRecord(using: &generator)
            let old = try JSONValue(encoding: record)
            #expect(try JSONValue.prettyBytes(encoding: record).bytes == old.prettyBytes())
            #expect(try JSONValue.canonicalBytes(encoding: record).bytes == old.canonicalBytes())
        }
    }

    @Test func randomValuesEncodeToTheOldPathsBytes() throws {
        var generator = SeededGenerator(state: 7)
        for _ in 0..<300 {
            let value = randomValue(using: &generator)
            #expect(try JSONValue.prettyBytes(encoding: value).bytes == value.prettyBytes())
            #expect(try JSONValue.canonicalBytes(encoding: [value, value]).bytes
                    == JSONValue.array([value, value]).canonicalBytes())
        }
    }

    @Test func aKeyEncodedTwiceKeepsTheLastValueAndKeysSortByBytes() throws {
        let direct = try JSONValue.canonicalBytes(encoding: Overwriting()).bytes
        #expect(direct == (try JSONValue(encoding: Overwriting()).canonicalBytes()))
        #expect(String(decoding: direct, as: UTF8.self)
                == #"{"a":"second","b":1,"e\#u{301}":[3,null,{"k":"v"}],"z":{"a":true},"中文":2.5}"#)
        #expect(try JSONValue.prettyBytes(encoding: Empty()).bytes == Array("{}\n".utf8))
    }

    @Test func settingMembersReplacesOrAddsThemAndReturnsTheReplaced() throws {
        var generator = SeededGenerator(state: 3)
        let record = Self.randomRecord(using: &generator)
        let stamps: [String: JSONValue] = ["id": "other", "head": ["seq": 2, "hash": "ab"], "indexed": [:]]
        let direct = try JSONValue.prettyBytes(encoding: record, settingMembers: stamps)
        guard case .object(var members) = try JSONValue(encoding: record) else {
            Issue.record("a record encodes as an object")
            return
        }
        let before = members["id"]
        for (key, value) in stamps { members[key] = value }
        #expect(direct.bytes == (try JSONValue.object(members).prettyBytes()))
        #expect(direct.replaced == ["id": try #require(before)])
        #expect(throws: EncodingError.self) { try JSONValue.prettyBytes(encoding: [1, 2], settingMembers: stamps) }
    }

    @Test func aNonFiniteNumberIsRefusedAsByTheOldPath() throws {
        #expect(throws: EncodingError.self) { try JSONValue.prettyBytes(encoding: ["x": Double.nan]) }
        let inside: JSONValue = ["a": ["b": .double(.infinity)]]
        #expect(throws: JSONEncodingError.self) { try JSONValue.prettyBytes(encoding: ["v": inside]) }
    }
}
