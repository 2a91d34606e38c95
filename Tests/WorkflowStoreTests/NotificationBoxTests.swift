import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore
import WorkflowStoreTestSupport

@Suite("Notification box")
struct NotificationBoxTests {
    static let note: JSONValue = ["to": "lisi", "title": "请审核：标准厂房项目", "kind": "task"]

    @Test func commitPutsNotificationsUnderKeysAfterTheOutbox() throws {
        try withStore { store in
            try makeInstance(store, "n-1", records: 1)
            try store.withInstanceLock("n-1") {
                try store.commit("n-1", records: [draft()], snapshot: snapshot("n-1", count: 2),
                                 outbox: [["to": "child-1"], ["to": "child-2"]],
                                 notifications: [Self.note, ["to": "wangwu", "title": "知悉"]])
            }
            let box = try store.notifications()
            #expect(box.unreadable.isEmpty)
            #expect(box.notifications.map { $0["key"]?.stringValue } == ["n-1-2-3", "n-1-2-4"])
            #expect(box.notifications.first?["title"]?.stringValue == "请审核：标准厂房项目")
            #expect(try store.pendingMessages().map(\.key) == ["n-1-2-1", "n-1-2-2"])
        }
    }

    @Test func aKeyPendingOrAcknowledgedIsNeverPutTwice() throws {
        try withStore { store in
            let first = try store.putNotification(key: "n-1-2-1", body: Self.note)
            #expect(first == store.layout.pendingNotificationFile("n-1-2-1"))
            #expect(try store.putNotification(key: "n-1-2-1", body: ["to": "someone else"]) == nil)
            #expect(try store.notifications().notifications.first?["to"] == "lisi")

            try store.acknowledgeNotification("n-1-2-1")
            #expect(try store.putNotification(key: "n-1-2-1", body: Self.note) == nil)
            #expect(try store.notifications().notifications.isEmpty)
            #expect(try store.notifications(delivered: true).notifications.map { $0["key"] } == ["n-1-2-1"])
        }
    }

    @Test func aTornPendingFileIsReportedAndWrittenAgain() throws {
        try withStore { store in
            try store.putNotification(key: "n-1-2-1", body: Self.note)
            let path = store.layout.pendingNotificationFile("n-1-2-1")
            try write(Array("{\"to\": \"li".utf8), to: path)  // what a power loss can leave
            #expect(try store.notifications().unreadable == [path])
            #expect(try store.putNotification(key: "n-1-2-1", body: Self.note) == path)
            #expect(try store.notifications().notifications.map { $0["to"] } == ["lisi"])
        }
    }

    @Test func onePersonsNotificationsAreFoundByTheirMarkersAndLeaveWhenAcknowledged() throws {
        try withStore { store in
            try store.putNotification(key: "n-1-2-1", body: Self.note)
            try store.putNotification(key: "n-1-2-2", body: ["to": "wangwu", "title": "知悉"])
            try store.putNotification(key: "n-1-3-1", body: Self.note)
            #expect(try store.notifications(to: "lisi").notifications.map { $0["key"] } == ["n-1-2-1", "n-1-3-1"])
            #expect(try store.notifications(to: "nobody").notifications.isEmpty)
            try store.acknowledgeNotification("n-1-2-1")
            #expect(try store.notifications(to: "lisi").notifications.map { $0["key"] } == ["n-1-3-1"])
            #expect(try FileManager.default.contentsOfDirectory(
                atPath: store.layout.notificationRecipientDirectory("lisi")) == ["n-1-3-1"])
        }
    }

    @Test func markersLostOrNeverMadeAreRestoredByTheIndexRebuild() throws {
        try withStore { store in
            try store.putNotification(key: "n-1-2-1", body: Self.note)
            // As a box written before the markers (or a marker lost to a power loss).
            try FileManager.default.removeItem(atPath: store.layout.notificationRecipientsDirectory)
            #expect(try store.notifications(to: "lisi").notifications.isEmpty)
            try store.rebuildIndex()
            #expect(try store.notifications(to: "lisi").notifications.map { $0["key"] } == ["n-1-2-1"])
        }
    }

    @Test func acknowledgingAnUnknownKeyFails() throws {
        try withStore { store in
            #expect(storeError { try store.acknowledgeNotification("n-9-9-9") }?.errno == ENOENT)
            #expect(storeError { try store.acknowledgeNotification("../x") } != nil)
        }
    }

    /// The durable part of an event is the disk floor: one fsynced append and one durable
    /// replace (file and directory). Notifications are derived and add no fsync unless
    /// the store asks for it.
    @Test(arguments: [false, true])
    func aCommitWithANotificationFsyncsOnlyJournalAndSnapshot(syncNotifications: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let fs = FaultInjectingFileSystem()
        let store = try FileStore.create(at: directory.path + "/store", fileSystem: fs,
                                         options: .init(syncNotifications: syncNotifications))
        try makeInstance(store, "n-1", records: 1)
        try store.putNotification(key: "warm-up", body: Self.note)  // creates pending/
        fs.clearCalls()
        try store.withInstanceLock("n-1") {
            try store.commit("n-1", records: [draft()], snapshot: snapshot("n-1", count: 2),
                             notifications: [Self.note])
        }
        let fsyncs = fs.calls.filter { $0.operation == .fsync }.map(\.path)
        let layout = store.layout
        var expected = [layout.journalFile("n-1")]
        if syncNotifications { expected += [layout.pendingNotificationsDirectory] }
        expected += [layout.instancesDirectory]
        let named = fsyncs.filter { !$0.contains("/.tmp-") }
        #expect(named == expected)
        #expect(fsyncs.count == (syncNotifications ? 5 : 3))
    }
}
