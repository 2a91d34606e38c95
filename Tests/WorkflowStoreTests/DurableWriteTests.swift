import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore
import WorkflowStoreTestSupport

@Suite("Durable writes: each step, in order")
struct DurableWriteTests {
    @Test func replaceWritesSyncsRenamesThenSyncsTheDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let fs = FaultInjectingFileSystem()
        let target = directory.path + "/file.json"
        try DurableWriter(fileSystem: fs).replace(target, with: Array("new\n".utf8))
        let steps = fs.calls.filter { [.write, .fsync, .rename, .open, .close].contains($0.operation) }
        let temporary = try #require(steps.first { $0.operation == .write }).path
        #expect(splitPath(temporary).directory == directory.path)
        #expect(splitPath(temporary).name.hasPrefix(".tmp-file.json-"))
        #expect(steps.map(\.description) == [
            "open \(temporary)", "write \(temporary)", "fsync \(temporary)", "close \(temporary)",
            "rename \(temporary) -> \(target)",
            "open \(directory.path)", "fsync \(directory.path)", "close \(directory.path)",
        ])
        #expect(contents(target) == Array("new\n".utf8))
    }

    @Test func appendIsOneWriteThenFsync() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let fs = FaultInjectingFileSystem()
        let path = directory.path + "/log.jsonl"
        let writer = DurableWriter(fileSystem: fs)
        try writer.append(path, Array("a\n".utf8), createExclusive: true)
        fs.clearCalls()
        try writer.append(path, Array("b\nc\n".utf8))
        #expect(fs.calls.map(\.operation) == [.open, .size, .write, .fsync, .close])
        #expect(contents(path) == Array("a\nb\nc\n".utf8))
    }

    @Test func commitOrderIsMarkersJournalOutboxSnapshotThenStaleMarkers() throws {
        let fs = FaultInjectingFileSystem()
        try withStore(fileSystem: fs) { store in
            let id = "order-1"
            try makeInstance(store, id, records: 1, index: { _ in [IndexEntry("status", "old")] })
            fs.clearCalls()
            try store.withInstanceLock(id) {
                try store.commit(id, records: [draft()], snapshot: snapshot(id, count: 2),
                                 index: [IndexEntry("status", "new")], outbox: [["to": "other"]])
            }
            let layout = store.layout
            let interesting: [FaultInjectingFileSystem.Call] = fs.calls.filter { call in
                switch call.operation {
                case .write, .fsync, .rename: return true
                case .open: return call.path.contains("/index/")
                case .unlink: return call.path.contains("/index/")
                default: return false
                }
            }
            let journal = layout.journalFile(id)
            let outbox = layout.outboxFile("\(id)-2-1")
            let snap = layout.snapshotFile(id)
            let described = interesting.map { call -> String in
                let short = { (path: String) -> String in
                    if path.hasPrefix(layout.temporaryDirectory + "/.tmp-\(id)-2-1.json-") { return "outbox-tmp" }
                    if path.hasPrefix(layout.temporaryDirectory + "/.tmp-\(id).json-") { return "snapshot-tmp" }
                    switch path {
                    case journal: return "journal"
                    case outbox: return "outbox-file"
                    case snap: return "snapshot"
                    case layout.outboxDirectory: return "outbox-dir"
                    case layout.instancesDirectory: return "instances-dir"
                    case layout.indexMarker(IndexEntry("status", "new"), id: id): return "new-marker"
                    case layout.indexMarker(IndexEntry("status", "old"), id: id): return "old-marker"
                    default: return path
                    }
                }
                if let destination = call.destination {
                    return "\(call.operation.rawValue) \(short(call.path)) -> \(short(destination))"
                }
                return "\(call.operation.rawValue) \(short(call.path))"
            }
            #expect(described == [
                "open new-marker",
                "write journal", "fsync journal",
                "write outbox-tmp", "fsync outbox-tmp", "rename outbox-tmp -> outbox-file", "fsync outbox-dir",
                "write snapshot-tmp", "fsync snapshot-tmp", "rename snapshot-tmp -> snapshot", "fsync instances-dir",
                "unlink old-marker",
            ])
        }
    }

    @Test func createFsyncsTheJournalDirectoryForTheNewName() throws {
        let fs = FaultInjectingFileSystem()
        try withStore(fileSystem: fs) { store in
            fs.clearCalls()
            try makeInstance(store, "new-1", records: 1)
            let fsyncs = fs.calls.filter { $0.operation == .fsync }.map(\.path)
            #expect(fsyncs.contains(store.layout.journalDirectory))
            #expect(fsyncs.firstIndex(of: store.layout.journalDirectory)!
                < fsyncs.firstIndex(of: store.layout.instancesDirectory)!)
        }
    }

    @Test func failedReplaceLeavesTargetAndNoTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let target = directory.path + "/file.json"
        try write(Array("old".utf8), to: target)
        for operation in [FaultInjectingFileSystem.Operation.write, .fsync, .rename] {
            let fs = FaultInjectingFileSystem()
            fs.inject(.init(operation, occurrence: .nth(1), errno: ENOSPC, partialWrite: true))
            let error = storeError { try DurableWriter(fileSystem: fs).replace(target, with: Array("new".utf8)) }
            #expect(error?.errno == ENOSPC)
            #expect(contents(target) == Array("old".utf8))
            #expect(allFiles(under: directory.path) == ["file.json"])
        }
    }

    @Test func partialAppendIsCutBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.path + "/log.jsonl"
        try write(Array("a\n".utf8), to: path)
        let fs = FaultInjectingFileSystem()
        fs.inject(.init(.write, errno: ENOSPC, partialWrite: true))
        let error = storeError { try DurableWriter(fileSystem: fs).append(path, Array("bbbbbbbb\n".utf8)) }
        #expect(error?.errno == ENOSPC)
        #expect(contents(path) == Array("a\n".utf8))
    }

    @Test func symlinkTargetIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let outside = directory.path + "/outside"
        try write(Array("keep".utf8), to: outside)
        let link = directory.path + "/link.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outside)
        let writer = DurableWriter(fileSystem: POSIXFileSystem())
        #expect(storeError { try writer.replace(link, with: [1]) } == .symlink(path: link))
        #expect(storeError { try writer.append(link, [1]) } == .symlink(path: link))
        #expect(contents(outside) == Array("keep".utf8))
    }
}
