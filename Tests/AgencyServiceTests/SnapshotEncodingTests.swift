@testable import AgencyService
import AgencyJSON
import Foundation
import Testing
import WorkflowEngine
import WorkflowStore

/// Snapshots are written straight from `Instance` (`FileStore.commit(encodedSnapshot:)`);
/// every instance of a demo store must come out byte for byte as the old path wrote it:
/// `JSONValue(encoding:)`, the store's keys set, `prettyBytes()`.
@Suite struct SnapshotEncodingTests {
    @Test func everyDemoInstanceEncodesToTheOldPathsBytes() throws {
        let demo = DemoTests.DemoStore()
        _ = try demo.run(weeks: 2)
        let store = try FileStore.open(at: demo.store.path)
        let ids = try store.instanceIDs()
        #expect(ids.count > 20)
        for id in ids {
            let file = try [UInt8](Data(contentsOf: demo.store.appendingPathComponent("instances/\(id).json")))
            guard case .object(let stored) = try JSONValue.parse(file) else {
                Issue.record("the snapshot of \(id) is not an object")
                continue
            }
            let instance = try InstanceCodec.instance(.object(stored), id: id)
            var stamps: [String: JSONValue] = [:]
            for key in [SnapshotKeys.id, SnapshotKeys.head, SnapshotKeys.indexed] { stamps[key] = stored[key] }

            guard case .object(var members) = try JSONValue(encoding: instance) else {
                Issue.record("the instance \(id) does not encode as an object")
                continue
            }
            for (key, value) in stamps { members[key] = value }
            let old = try JSONValue.object(members).prettyBytes()
            let direct = try JSONValue.prettyBytes(encoding: instance, settingMembers: stamps).bytes
            #expect(direct == old, "\(id)")
            #expect(direct == file, "\(id): the demo wrote it through the direct path")
        }
    }
}
