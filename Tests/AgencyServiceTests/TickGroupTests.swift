import AgencyJSON
import AgencyService
import Foundation
import Testing
import WorkflowEngine
import WorkflowStore

/// The tick fires the instances due at one moment in group commits (`fireDueGroup`,
/// `InstanceStore.commitGroup`). The memory store commits a group one member at a time
/// (the protocol's default), the file store in phases with shared fsyncs: the same tick
/// on both must report and record the same.
@Suite("tick in group commits")
struct TickGroupTests {
    /// 70 instances due at the same moments (more than one group of 64), one whose
    /// timeout script fails, one whose due date has passed by the time of the tick.
    /// The report and every journal as text, the fixture's own folder (in Lua's error
    /// messages) replaced by `ROOT`; F1's journal by its record kinds only, since its
    /// incident record, and so its hash, holds that folder.
    static func run(onDisk: Bool, groupSize: Int = 64) throws -> (report: JSONValue, reportText: String,
                                                                  journals: String, notifications: Int,
                                                                  fixture: ServiceFixture) {
        let fixture = try ServiceFixture(workflows: ["hourly": hourlyWorkflow, "fragile": TickTests.fragile],
                                         onDisk: onDisk)
        fixture.service.tickGroupSize = groupSize
        let ids = (1...70).map { String(format: "G%02d", $0) }
        for id in ids { try fixture.start("hourly", id: id, at: "2025-03-03T09:00") }
        try fixture.start("fragile", id: "F1", at: "2025-03-03T09:00", input: ["bad": true])
        try fixture.start("fragile", id: "F2", at: "2025-03-03T09:00")
        let report = try fixture.tick(until: "2025-03-10", now: "2025-03-03T09:00")
        let text = { (value: JSONValue) throws -> String in
            String(decoding: try value.canonicalBytes(), as: UTF8.self)
                .replacing(/[0-9A-F]+-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/, with: "ROOT")
        }
        let journals = try fixture.instanceIDs().map { id in
            let records = try fixture.records(id)
            return "\(id): " + (id == "F1" ? "\(records.map { $0["kind"]?.stringValue ?? "" })"
                                           : try text(.array(records)))
        }
        return (report.json, try text(report.json),
                journals.joined(separator: "\n"), try fixture.notifications().count, fixture)
    }

    /// Where two texts first differ, for a message shorter than both.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let index = zip(a, b).prefix { $0 == $1 }.count
        return "at \(index): …\(a.dropFirst(index).prefix(120)) against …\(b.dropFirst(index).prefix(120))"
    }

    @Test("the file store's phased group commit reports and records what one commit each does")
    func sameAsOneCommitEach() throws {
        let memory = try Self.run(onDisk: false)
        let disk = try Self.run(onDisk: true)
        #expect(disk.reportText == memory.reportText, "\(Self.firstDifference(disk.reportText, memory.reportText))")
        #expect(disk.journals == memory.journals, "\(Self.firstDifference(disk.journals, memory.journals))")
        #expect(disk.notifications == memory.notifications)

        // Every G instance fired its three timers; only F1 failed, as an incident.
        let fired = disk.report["fired"]?.arrayValue ?? []
        #expect(fired.count == 3 * 70 + 1)
        #expect(disk.report["failed"]?.arrayValue?.compactMap { $0["instance"]?.stringValue } == ["F1"])
        #expect(try disk.fixture.instance("F1").status == .failed)
        // And what the tick did one instance per commit, as before groups.
        let alone = try Self.run(onDisk: true, groupSize: 1)
        #expect(alone.reportText == disk.reportText, "\(Self.firstDifference(alone.reportText, disk.reportText))")
        #expect(alone.journals == disk.journals, "\(Self.firstDifference(alone.journals, disk.journals))")
        #expect(try disk.fixture.instance("F2").outcome == "closed")
        for id in ["G01", "G64", "G65", "G70", "F1", "F2"] {
            #expect(try disk.fixture.service.verify(id).problems.isEmpty, "\(id)")
        }
        // Nothing is due any more, and the index says so.
        let again = try disk.fixture.tick(until: "2025-03-11")
        #expect(again.fired.isEmpty && again.failed.isEmpty)
    }
}
