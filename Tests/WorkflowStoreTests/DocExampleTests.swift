import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore

/// The worked example in Docs/storage.md, byte for byte, so the document cannot drift
/// from the code.
@Suite("Docs/storage.md worked example")
struct DocExampleTests {
    static let genesis = "6796fc051fb37af84d9c1725002c9ad7ff3b5738c0641b81e2953985b49d77ac"
    static let line1 = #"{"actor":"zhangsan","at":"2025-01-06T09:00:00+08:00","details":{"workflow":"permit"},"hash":"943d38b4f6669ca9d22c8af6df2c8361f171b70574bfb4ec79283e08379fc08c","kind":"start","prev":"6796fc051fb37af84d9c1725002c9ad7ff3b5738c0641b81e2953985b49d77ac","seq":1}"#
    static let line2 = #"{"actor":"lisi","at":"2025-01-06T10:30:00+08:00","details":{"comment":"同意"},"hash":"67874b8d4bbce4fa69d0f86f9cf78d7caca6e5f6b272837dcdcd73c777eb9ea7","kind":"approve","prev":"943d38b4f6669ca9d22c8af6df2c8361f171b70574bfb4ec79283e08379fc08c","seq":2}"#
    static let snapshotText = """
        {
          "data": {
            "project": "光伏组件厂"
          },
          "head": {
            "hash": "67874b8d4bbce4fa69d0f86f9cf78d7caca6e5f6b272837dcdcd73c777eb9ea7",
            "seq": 2
          },
          "id": "permit-0001",
          "indexed": {
            "due": [
              "20250109T010000Z"
            ],
            "inbox": [
              "wangwu"
            ],
            "status": [
              "running"
            ]
          },
          "state": "filed",
          "status": "running"
        }

        """

    @Test func theDocumentedJournalAndSnapshotAreWhatTheStoreWrites() throws {
        #expect(JournalHash.genesis(for: "permit-0001") == Self.genesis)
        try withStore { store in
            let id = "permit-0001"
            try store.withInstanceLock(id) {
                try store.commit(id, records: [["at": "2025-01-06T09:00:00+08:00", "actor": "zhangsan",
                                                "kind": "start", "details": ["workflow": "permit"]]],
                                 snapshot: ["status": "running", "state": "review",
                                            "data": ["project": "光伏组件厂"]],
                                 index: [IndexEntry("status", "running"), IndexEntry("inbox", "lisi")],
                                 create: true)
                try store.commit(id, records: [["at": "2025-01-06T10:30:00+08:00", "actor": "lisi",
                                                "kind": "approve", "details": ["comment": "同意"]]],
                                 snapshot: ["status": "running", "state": "filed",
                                            "data": ["project": "光伏组件厂"]],
                                 index: [IndexEntry("status", "running"), IndexEntry("inbox", "wangwu"),
                                         .due(Date(timeIntervalSince1970: 1_736_384_400))])
            }
            #expect(contents(store.layout.journalFile(id)) == Array((Self.line1 + "\n" + Self.line2 + "\n").utf8))
            #expect(String(decoding: contents(store.layout.snapshotFile(id)) ?? [], as: UTF8.self)
                == Self.snapshotText)
        }
    }
}
