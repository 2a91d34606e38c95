import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore

/// Journal records are sealed with each member encoded once (`CanonicalObject`) and a
/// journal's last record is hashed from its parsed line (`JSONDocument`), never built as
/// a dictionary-backed `JSONValue`. The hash chain must see exactly the bytes of the
/// `JSONValue` path, the reference here, for every record and every tampered line.
@Suite struct JournalRecordEncodingTests {
    /// The old `seal`: the record's canonical bytes without `hash`, hashed, then the
    /// whole record's canonical bytes.
    static func referenceSeal(_ draft: [String: JSONValue], seq: Int, prev: String) throws
        -> (record: JSONValue, line: [UInt8], hash: String) {
        var members = draft
        members["seq"] = .integer(Int64(seq))
        members["prev"] = .string(prev)
        let hash = JournalHash.sha256(try JSONValue.object(members).canonicalBytes())
        members["hash"] = .string(hash)
        return (.object(members), try JSONValue.object(members).canonicalBytes() + [UInt8(ascii: "\n")], hash)
    }

    static func randomDraft(using generator: inout JournalTestGenerator) -> [String: JSONValue] {
        let texts = ["李四", "zhangsan", "e\u{301}", "line\nbreak", "quote\"", "\u{1}", ""]
        func text() -> String { texts[Int.random(in: 0..<texts.count, using: &generator)] }
        var details: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0..<6, using: &generator) {
            let number = Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 64
            details[text() + "k"] = [.string(text()), .double(number), .integer(Int64.random(in: .min ... .max, using: &generator)),
                                     .bool(true), .null, ["nested": .string(text())]][Int.random(in: 0..<6, using: &generator)]
        }
        return ["at": "2025-01-06T09:00:00+08:00", "actor": .string(text() + "a"), "kind": "event",
                "details": .object(details), "calendar": .string(String(repeating: "c", count: 64))]
    }

    @Test func sealedLinesAreTheReferenceBytes() throws {
        var generator = JournalTestGenerator(state: 26)
        var prev = JournalHash.genesis(for: "rec-1")
        for seq in 1...300 {
            let draft = Self.randomDraft(using: &generator)
            let sealed = try JournalHash.seal(draft, seq: seq, prev: prev)
            let reference = try Self.referenceSeal(draft, seq: seq, prev: prev)
            #expect(sealed.line == reference.line)
            #expect(sealed.hash == reference.hash)
            #expect(sealed.record == reference.record)
            #expect(try JournalHash.hash(of: sealed.record) == sealed.hash)
            prev = sealed.hash
        }
    }

    /// Every line of a sealed record, and copies with one byte changed or one member
    /// edited, hash the same way read as a document and read as a `JSONValue` (or are
    /// refused by both parsers alike).
    @Test func parsedRecordsHashAsTheReferenceDoes() throws {
        var generator = JournalTestGenerator(state: 27)
        var checked = 0
        for seq in 1...100 {
            let sealed = try JournalHash.seal(Self.randomDraft(using: &generator), seq: seq, prev: JournalHash.genesis(for: "x"))
            let line = Array(sealed.line.dropLast())
            var variants = [line, try JSONValue.parse(line).prettyBytes()]
            for _ in 0..<20 {
                var changed = line
                changed[Int.random(in: 0..<changed.count, using: &generator)] = UInt8.random(in: 0x20...0x7E, using: &generator)
                variants.append(changed)
            }
            if case .object(var members) = try JSONValue.parse(line) {
                members["actor"] = "forger"
                variants.append(try JSONValue.object(members).canonicalBytes())
            }
            for variant in variants {
                let reference = try? JournalHash.hash(of: JSONValue.parse(variant))
                let direct = try? JournalHash.hash(of: JSONDocument.parse(variant))
                #expect(direct == reference)
                if reference != nil { checked += 1 }
            }
            #expect(try JournalHash.hash(of: JSONDocument.parse(line)) == sealed.hash)
        }
        #expect(checked > 200)
    }

    @Test func theHeadOfASignedJournalIsReadFromItsLastLine() throws {
        try withStore(signingKeySeed: JournalSignature.newKeySeed()) { store in
            try makeInstance(store, "signed-1", records: 3)
            let head = try #require(try store.journalHead("signed-1"))
            #expect(head.seq == 3)
            #expect(head.hash == (try store.readJournal("signed-1").last?["hash"]?.stringValue))
        }
    }
}

/// A small deterministic generator (SplitMix64) so these property tests are reproducible.
struct JournalTestGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
