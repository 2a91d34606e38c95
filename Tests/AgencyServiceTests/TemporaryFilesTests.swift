@testable import AgencyService
import Foundation
import Testing
import WorkflowStore
import WorkflowStoreTestSupport

@Suite("Temporary files left by killed processes")
struct TemporaryFilesTests {
    @Test("tick removes temporary files in tmp/ whose writer is gone, and keeps a live writer's")
    func tickCleansUp() throws {
        let fixture = try ServiceFixture(workflows: [:], onDisk: true)
        let layout = try fixture.files.layout
        let dead = "\(layout.temporaryDirectory)/.tmp-X.json-999999-abc"   // no such pid
        let alive = "\(layout.temporaryDirectory)/.tmp-Y.json-\(getpid())-def"
        let elsewhere = "\(layout.instancesDirectory)/.tmp-Z.json-999999-abc"
        for path in [dead, alive, elsewhere] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        }
        _ = try fixture.tick(until: "2025-03-03T09:00")
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: alive))
        // Tick lists tmp/ only, so that its cost does not grow with the instances.
        #expect(FileManager.default.fileExists(atPath: elsewhere))
    }

    @Test("repair also sweeps the folders older builds wrote temporary files into")
    func repairSweepsEverywhere() throws {
        let fixture = try ServiceFixture(workflows: ["hourly": hourlyWorkflow], onDisk: true)
        try fixture.start("hourly", id: "T1", at: "2025-03-03T09:00")
        let layout = try fixture.files.layout
        let stale = ["\(layout.instancesDirectory)/.tmp-Z.json-999999-abc",
                     "\(layout.pendingNotificationsDirectory)/.tmp-Z.json-999999-abd"]
        for path in stale {
            #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        }
        _ = try fixture.service.repair("T1")
        for path in stale { #expect(!FileManager.default.fileExists(atPath: path)) }
    }

    @Test("a store's durable writes leave their temporary files in tmp/ only")
    func temporariesLiveInTmp() throws {
        let fs = FaultInjectingFileSystem()
        let fixture = try ServiceFixture(workflows: ["hourly": hourlyWorkflow], fileSystem: fs)
        try fixture.start("hourly", id: "T1", at: "2025-03-03T09:00")
        let temporaries = fs.calls.filter { $0.operation == .open && $0.path.contains("/.tmp-") }.map(\.path)
        #expect(!temporaries.isEmpty)
        let layout = try fixture.files.layout
        let elsewhere = temporaries.filter { !$0.hasPrefix(layout.temporaryDirectory + "/") }
        #expect(elsewhere.isEmpty)
    }
}
