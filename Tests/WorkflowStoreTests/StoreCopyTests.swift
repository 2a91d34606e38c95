import AgencyJSON
import Foundation
import Testing
import WorkflowStore

@Suite("Store copy")
struct StoreCopyTests {
    /// A file store with two instances, a definition, a calendar version named by a record,
    /// notifications (one delivered), a schedule, a store record and a clock.
    private func filledSource(_ body: (FileStore) throws -> Void) throws {
        try withStore { source in
            let calendar = try source.saveCalendarVersion(Array("{\"layers\":[]}".utf8))
            try source.saveDefinition("permit", source: "return workflow { }")
            for id in ["P1", "P2"] {
                try source.withInstanceLock(id) {
                    var first = draft(details: ["n": 1])
                    if case .object(var members) = first {
                        members["calendar"] = .string(calendar)
                        first = .object(members)
                    }
                    try source.commit(id, records: [first], snapshot: snapshot(id, count: 1),
                                      index: [IndexEntry("status", "open")], create: true)
                    try source.commit(id, records: [draft("second")], snapshot: snapshot(id, count: 2),
                                      index: [IndexEntry("status", "done")],
                                      notifications: [["to": "agent1", "kind": "new"]])
                }
            }
            try source.acknowledgeNotification(OutboxMessage.notificationKey(source: "P1", seq: 2, outboxCount: 0, index: 0))
            try source.saveSchedule("dispatch", ["next": "2025-01-13"])
            try source.appendStoreRecord(draft("people", details: ["version": .string(calendar)]))
            try source.setSimulationClock("2025-03-03T09:00:00+08:00")
            try body(source)
        }
    }

    @Test("a copy has the same journals, heads, snapshots, index, notifications and the rest", arguments: StoreKind.allCases)
    func copies(kind: StoreKind) throws {
        try filledSource { source in
            try kind.withStore { target in
                let report = try StoreCopy.copy(from: source, to: target)
                #expect(report.instances == 2 && report.records == 4 && report.definitions == 1)
                #expect(report.environmentVersions == 1 && report.notifications == 2 && report.storeRecords == 1)
                for id in ["P1", "P2"] {
                    #expect(try target.readJournal(id) == source.readJournal(id))
                    #expect(try target.loadInstance(id)?.snapshot == source.loadInstance(id)?.snapshot)
                }
                #expect(try target.ids(kind: "status", key: "done") == ["P1", "P2"])
                #expect(try target.notifications(delivered: true).notifications.count == 1)
                #expect(try target.notifications(delivered: false).notifications.count == 1)
                #expect(try target.schedules() == source.schedules())
                #expect(try target.readStoreJournal() == source.readStoreJournal())
                #expect(try target.simulationClock() == "2025-03-03T09:00:00+08:00")
                // A second copy into the same target is refused, and changes nothing.
                #expect(throws: StoreCopyError.targetNotEmpty(location: target.location, what: "instances")) {
                    _ = try StoreCopy.copy(from: source, to: target)
                }
                #expect(try target.readJournal("P1").count == 2)
            }
        }
    }

    @Test("undelivered outbox messages are refused before anything is written", arguments: StoreKind.allCases)
    func refusesUndelivered(kind: StoreKind) throws {
        try withStore { source in
            try source.withInstanceLock("P1") {
                try source.commit("P1", records: [draft()], snapshot: snapshot("P1", count: 1),
                                  outbox: [["to": "P2", "event": "go"]], create: true)
            }
            try kind.withStore { target in
                #expect(throws: StoreCopyError.undeliveredMessages(location: source.location, count: 1)) {
                    _ = try StoreCopy.copy(from: source, to: target)
                }
                let ids = try target.instanceIDs()
                #expect(ids.isEmpty)
            }
        }
    }

    @Test("an empty target set up in another time zone or clock is refused, naming both settings, before anything is written")
    func refusesOtherSettings() throws {
        try filledSource { source in
            try withStore(config: StoreConfig(timezone: "Asia/Urumqi", simulation: true)) { (target: FileStore) throws in
                #expect(throws: StoreCopyError.settingsDiffer(location: target.location, differences: [
                    "time zone: source Asia/Shanghai, target Asia/Urumqi",
                    "clock: source is a real store, target a simulation store",
                ])) {
                    _ = try StoreCopy.copy(from: source, to: target)
                }
                #expect(try target.instanceIDs().isEmpty)
                #expect(try target.definitionNames().isEmpty)
            }
        }
    }
}
