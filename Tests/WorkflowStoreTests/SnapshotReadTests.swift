import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore

/// `readSnapshot` parses a snapshot into a `JSONDocument` and reads the store's keys from
/// it without building the whole snapshot as a `JSONValue`. Its refusals must be the
/// ones the `JSONValue` path gave, word for word: `referenceProblem` is that path.
@Suite struct SnapshotReadTests {
    /// The problem the `JSONValue` path reported for `bytes` as instance `id`'s snapshot,
    /// nil when it accepted them.
    static func referenceProblem(_ bytes: [UInt8], id: String) -> String? {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            return bytes.isEmpty ? "the file is empty" : "not valid JSON (\(error.description))"
        }
        guard case .object(let members) = value else { return "expected a JSON object, found \(value.typeName)" }
        guard let storedID = members[SnapshotKeys.id]?.stringValue else { return "no string \"id\"" }
        guard storedID == id else { return "it belongs to instance \"\(storedID)\", not \"\(id)\"" }
        guard let head = members[SnapshotKeys.head], JournalHead(json: head) != nil else {
            return "no valid \"head\" (expected {\"seq\": n ≥ 1, \"hash\": \"<64 hex digits>\"})"
        }
        return nil
    }

    @Test func everyCorruptionIsRefusedWithTheReferenceProblem() throws {
        typealias Corruption = @Sendable ([UInt8], String) -> [UInt8]
        let idNotAString: Corruption = { bytes, id in
            Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"\(id)\"", with: "7").utf8)
        }
        let noHead: Corruption = { bytes, _ in
            Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"head\"", with: "\"heed\"").utf8)
        }
        let invalidUTF8: Corruption = { bytes, _ in Array(bytes.prefix(10)) + [0xFF] + Array(bytes.dropFirst(10)) }
        let aString: Corruption = { _, _ in Array("\"snap-1\"".utf8) }
        var corruptions = RepairTests.corruptions
        corruptions.append(("id not a string", idNotAString))
        corruptions.append(("no head", noHead))
        corruptions.append(("invalid UTF-8", invalidUTF8))
        corruptions.append(("string", aString))
        try withStore { store in
            let id = "snap-1"
            try makeInstance(store, id, records: 2, index: { _ in [IndexEntry("status", "running")] })
            let path = store.layout.snapshotFile(id)
            let good = contents(path) ?? []
            #expect(Self.referenceProblem(good, id: id) == nil)
            let stored = try #require(try store.readSnapshot(id))
            #expect(stored.value == (try JSONValue.parse(good)))
            #expect(stored.indexed == [IndexEntry("status", "running")])
            for (name, corrupt) in corruptions {
                let bad = corrupt(good, id)
                try write(bad, to: path)
                let expected = try #require(Self.referenceProblem(bad, id: id), "\(name)")
                guard case .corruptSnapshot(_, _, let problem) = storeError({ _ = try store.readSnapshot(id) }) else {
                    Issue.record("\(name): expected corruptSnapshot")
                    continue
                }
                #expect(problem == expected, "\(name)")
            }
        }
    }
}
