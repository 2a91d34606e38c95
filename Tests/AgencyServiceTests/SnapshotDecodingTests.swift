@testable import AgencyService
import AgencyJSON
import Foundation
import Testing
import WorkflowEngine
import WorkflowStore

/// Snapshots are decoded straight from their bytes (`JSONDocument`, what `loadInstance`
/// hands the service); `JSONValue.parse` then `decode` is the reference. Every instance
/// of a demo store, and every tampered copy of one, must decode to the same instance or
/// be refused with the same message.
@Suite struct SnapshotDecodingTests {
    static func outcome(_ decode: () throws -> Instance) -> String {
        do {
            let instance = try decode()
            return "value " + String(decoding: try JSONValue(encoding: instance).canonicalBytes(), as: UTF8.self)
        } catch {
            return "error \(error)"
        }
    }

    /// (reference, direct) outcomes of decoding `bytes` as instance `id`'s snapshot.
    static func bothWays(_ bytes: [UInt8], id: String) -> (reference: String, direct: String) {
        (outcome { try InstanceCodec.instance(try JSONValue.parse(bytes), id: id) },
         outcome { try InstanceCodec.instance(try JSONDocument.parse(bytes), id: id) })
    }

    /// The value with one member changed, for every top-level member and every member of
    /// the objects one level down: removed, null, or a value of another kind.
    static func tamperings(of value: JSONValue) -> [JSONValue] {
        let replacements: [JSONValue] = [.null, .bool(false), .integer(-1), .double(1.5), .string("running"),
                                         .array([]), .object([:])]
        guard case .object(let members) = value else { return [] }
        var results: [JSONValue] = [.array([]), .string("x")]
        for (key, member) in members {
            var without = members
            without[key] = nil
            results.append(.object(without))
            for replacement in replacements {
                var changed = members
                changed[key] = replacement
                results.append(.object(changed))
            }
            let children: [JSONValue] = member.arrayValue.map { Array($0.prefix(1)) } ?? [member]
            for (offset, child) in children.enumerated() {
                guard case .object(let inner) = child else { continue }
                for (innerKey, _) in inner {
                    for replacement in [JSONValue.null, .integer(7), .object([:])] {
                        var changedInner = inner
                        changedInner[innerKey] = replacement
                        var changed = members
                        if var elements = member.arrayValue {
                            elements[offset] = .object(changedInner)
                            changed[key] = .array(elements)
                        } else {
                            changed[key] = .object(changedInner)
                        }
                        results.append(.object(changed))
                    }
                }
            }
        }
        return results
    }

    @Test func everyDemoInstanceAndEveryTamperedCopyDecodeAlike() throws {
        let demo = DemoTests.DemoStore()
        _ = try demo.run(weeks: 2)
        let store = try FileStore.open(at: demo.store.path)
        let ids = try store.instanceIDs()
        #expect(ids.count > 20)
        var refused = 0
        for (number, id) in ids.enumerated() {
            let file = try [UInt8](Data(contentsOf: demo.store.appendingPathComponent("instances/\(id).json")))
            let (reference, direct) = Self.bothWays(file, id: id)
            #expect(reference.hasPrefix("value "), "\(id)")
            #expect(direct == reference, "\(id)")
            // What the service decodes is what the store loaded.
            let loaded = try #require(try store.loadInstance(id)?.snapshotDocument)
            #expect(Self.outcome { try InstanceCodec.instance(loaded, id: id) } == reference, "\(id)")

            guard number % 8 == 0 else { continue }  // every eighth instance is tampered with
            for tampered in Self.tamperings(of: try JSONValue.parse(file)) {
                let both = Self.bothWays(try tampered.prettyBytes(), id: id)
                #expect(both.direct == both.reference, "\(id)")
                if both.reference.hasPrefix("error ") { refused += 1 }
            }
        }
        #expect(refused > 200)
    }
}
