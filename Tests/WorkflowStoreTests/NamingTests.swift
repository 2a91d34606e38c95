import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore

@Suite("Names and symbolic links")
struct NamingTests {
    @Test(arguments: ["../x", "a/b", ".hidden", "", ".", "..", "-rf", "a b", "名字",
                      String(repeating: "x", count: 129), "a\0b"])
    func badInstanceIDsAreRefused(_ id: String) throws {
        try withStore { store in
            let error = storeError { _ = try store.loadInstance(id) }
            guard case .invalidName(let what, let value, let rule) = error else {
                Issue.record("\(id) was accepted")
                return
            }
            #expect(what == "instance id" && value == id && rule == NameRules.instanceRule)
            #expect(error?.description.contains("\"\(id)\"") == true)
            #expect(storeError { try store.withInstanceLock(id) {} } != nil)
        }
    }

    @Test(arguments: ["permit-2025-0001", "a", "A.b_c-9", String(repeating: "x", count: 128)])
    func goodInstanceIDsAreAccepted(_ id: String) throws {
        try NameRules.checkInstanceID(id)
    }

    @Test func definitionNamesAndIndexKeys() throws {
        #expect(storeError { try NameRules.checkDefinitionName("permit.v2") } != nil)
        #expect(storeError { try NameRules.checkDefinitionName("../x") } != nil)
        try NameRules.checkDefinitionName("permit_v2-b")
        try NameRules.checkIndexKey("张三")
        #expect(storeError { try NameRules.checkIndexKey("a/b") } != nil)
        #expect(storeError { try NameRules.checkIndexKey("..") } != nil)
        #expect(storeError { try NameRules.checkIndexKey("a\nb") } != nil)
        #expect(storeError { try NameRules.checkIndexKind("Due") } != nil)
    }

    @Test func symlinkedSnapshotIsRefused() throws {
        try withStore { store in
            try makeInstance(store, "s-1", records: 1)
            let path = store.layout.snapshotFile("s-1")
            let elsewhere = store.layout.root + "/../elsewhere.json"
            try FileManager.default.moveItem(atPath: path, toPath: elsewhere)
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: elsewhere)
            #expect(storeError { _ = try store.loadInstance("s-1") } == .symlink(path: path))
            #expect(storeError {
                try store.withInstanceLock("s-1") {
                    _ = try store.commit("s-1", records: [draft()], snapshot: snapshot("s-1", count: 2))
                }
            } == .symlink(path: path))
        }
    }

    @Test func symlinkedJournalIsRefused() throws {
        try withStore { store in
            try makeInstance(store, "s-2", records: 1)
            let path = store.layout.journalFile("s-2")
            let elsewhere = store.layout.root + "/../elsewhere.jsonl"
            try FileManager.default.moveItem(atPath: path, toPath: elsewhere)
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: elsewhere)
            let before = contents(elsewhere)
            #expect(storeError { _ = try store.readJournal("s-2") } == .symlink(path: path))
            #expect(storeError { _ = try store.loadInstance("s-2") } == .symlink(path: path))
            #expect(storeError {
                try store.withInstanceLock("s-2") {
                    _ = try store.commit("s-2", records: [draft()], snapshot: snapshot("s-2", count: 2),
                                     expectedHead: nil)
                }
            } == .symlink(path: path))
            #expect(contents(elsewhere) == before)
        }
    }

    @Test func symlinkedStoreFolderIsRefusedOnOpen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try FileStore.create(at: directory.path + "/s")
        try FileManager.default.removeItem(atPath: store.layout.instancesDirectory)
        try FileManager.default.createDirectory(atPath: directory.path + "/other", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: store.layout.instancesDirectory,
                                                   withDestinationPath: directory.path + "/other")
        #expect(storeError { _ = try FileStore.open(at: directory.path + "/s") }
            == .symlink(path: store.layout.instancesDirectory))
    }

    @Test func storeReachedThroughALinkWorks() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        _ = try FileStore.create(at: directory.path + "/real")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/link",
                                                   withDestinationPath: directory.path + "/real")
        let store = try FileStore.open(at: directory.path + "/link")
        try makeInstance(store, "l-1", records: 1)
        #expect(try store.instanceIDs() == ["l-1"])
    }
}
