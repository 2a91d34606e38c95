@testable import AgencyDemo
import Foundation
import Testing

@Suite("The demo's scratch folders do not outlive their processes")
struct DemoScratchTests {
    /// The pid of a process that has ended (and been reaped).
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("the sweep removes the folders of dead processes and keeps the living's and anything else")
    func sweepRemovesOnlyDeadRunsFolders() throws {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("demo-scratch-\(UUID().uuidString)")
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: folder) }
        let dead = try Self.deadPID()
        let names = [
            "fullagency-demo-\(dead)-12345",              // killed mid-run: removed, contents and all
            "fullagency-demo-\(getpid())-678",            // this process is alive: kept
            "fullagency-demo-1-9",                        // pid 1 is alive: kept
            "fullagency-demo-notapid",                    // not a scratch name: kept
            "other-\(dead)-1",                            // not ours: kept
        ]
        for name in names {
            try manager.createDirectory(at: folder.appendingPathComponent("\(name)/store/journal"),
                                        withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: folder.appendingPathComponent("\(name)/store/store.json"))
        }
        // A file (not a folder) with a dead pid's name is not a scratch folder either.
        try Data().write(to: folder.appendingPathComponent("fullagency-demo-\(dead)-file"))
        #expect(DemoRunner.sweepScratch(in: folder) == ["fullagency-demo-\(dead)-12345"])
        let left = try manager.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == (names.dropFirst() + ["fullagency-demo-\(dead)-file"]).sorted())
    }
}
