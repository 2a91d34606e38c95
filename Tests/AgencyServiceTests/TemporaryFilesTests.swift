import Foundation
import Testing
@testable import AgencyService
import WorkflowStore

@Suite("Temporary files left by killed processes")
struct TemporaryFilesTests {
    @Test("tick removes temporary files whose writer is gone, and keeps a live writer's")
    func tickCleansUp() throws {
        let fixture = try ServiceFixture(workflows: [:])
        let root = fixture.service.store.layout.root
        let dead = "\(root)/instances/.tmp-X.json-999999-abc"   // no such pid
        let alive = "\(root)/instances/.tmp-Y.json-\(getpid())-def"
        #expect(FileManager.default.createFile(atPath: dead, contents: Data("x".utf8)))
        #expect(FileManager.default.createFile(atPath: alive, contents: Data("y".utf8)))
        _ = try fixture.tick(until: "2025-03-03T09:00")
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: alive))
    }
}
