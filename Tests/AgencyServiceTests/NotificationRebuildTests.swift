import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowStore

@Suite("notification box rebuilt from the journals")
struct NotificationRebuildTests {
    @Test("a notification lost or torn by a power loss comes back; acknowledged ones stay acknowledged")
    func rebuild() throws {
        let fixture = try ServiceFixture(workflows: ["hourly": hourlyWorkflow], onDisk: true)
        try fixture.start("hourly", id: "R1", at: "2025-03-03T09:00")
        _ = try fixture.tick(until: "2025-03-03T18:00", now: "2025-03-03T09:00")
        let before = try fixture.notifications()
        #expect(before.count >= 3)  // the task, two 催办, the colour change
        let keys = before.compactMap { $0["key"]?.stringValue }

        // One acknowledged, one lost, one torn.
        #expect(try fixture.service.acknowledge(keys: [keys[0]]) == 1)
        let layout = try fixture.files.layout
        try FileManager.default.removeItem(atPath: layout.pendingNotificationFile(keys[1]))
        try Data("{\"to\":".utf8).write(to: URL(fileURLWithPath: layout.pendingNotificationFile(keys[2])))

        let report = try fixture.service.rebuildNotifications()
        #expect(report.skipped.isEmpty)
        #expect(report.instances == 1)
        #expect(report.restored == 2)
        #expect(try fixture.notifications() == Array(before.dropFirst()))
        #expect(try fixture.service.notifications(acknowledged: true).map { $0["key"]?.stringValue } == [keys[0]])

        // On a sound box it changes nothing.
        #expect(try fixture.service.rebuildNotifications().restored == 0)
        #expect(try fixture.notifications() == Array(before.dropFirst()))
    }

    @Test("a damaged journal is skipped with its reason, the other instances are rebuilt")
    func damagedJournal() throws {
        let fixture = try ServiceFixture(workflows: ["hourly": hourlyWorkflow], onDisk: true)
        try fixture.start("hourly", id: "R1", at: "2025-03-03T09:00")
        try fixture.start("hourly", id: "R2", at: "2025-03-03T09:00")
        let layout = try fixture.files.layout
        for name in try FileManager.default.contentsOfDirectory(atPath: layout.pendingNotificationsDirectory) {
            try FileManager.default.removeItem(atPath: layout.pendingNotificationsDirectory + "/" + name)
        }
        let journal = layout.journalFile("R1")
        var text = try String(contentsOfFile: journal, encoding: .utf8)
        text = text.replacingOccurrences(of: "agent1", with: "agent2")
        try text.write(toFile: journal, atomically: false, encoding: .utf8)

        let report = try fixture.service.rebuildNotifications()
        #expect(report.instances == 1)
        #expect(report.skipped.keys.sorted() == ["R1"])
        #expect(report.skipped["R1"]?.contains("R1") == true)
        #expect(try fixture.notifications().map { $0["instance"]?.stringValue } == ["R2"])
    }
}
