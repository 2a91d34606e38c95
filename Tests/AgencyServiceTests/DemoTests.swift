import AgencyCalendar
@testable import AgencyDemo
import AgencyJSON
@testable import AgencyReports
@testable import AgencyService
import Foundation
import Testing
import WorkflowEngine
import WorkflowStore

/// `agency demo`'s library: the demo zone, the simulation, and what it leaves behind.
@Suite struct DemoTests {
    /// The seed's 屯留经开区 figures: projects and 万元 per stage.
    static let seed: [(stage: String, count: Int, investment: Int)] = [
        ("初步对接", 7, 155_000), ("重点意向", 10, 273_600), ("成熟待签约", 5, 37_500), ("签约待备案", 7, 80_900),
    ]

    final class DemoStore {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("agency-demo-\(UUID().uuidString)")
        var store: URL { root.appendingPathComponent("demo") }
        deinit { try? FileManager.default.removeItem(at: root) }

        func run(weeks: Int) throws -> DemoResult {
            try DemoRunner.run(.init(store: store, workflows: zoneWorkflows, weeks: weeks))
        }

        func service() throws -> AgencyService {
            let people = try DemoRunner.loadPeople(zoneWorkflows.appendingPathComponent("people.json"))
            return try AgencyService(store: try FileStore.open(at: store.path), workflowsFolder: zoneWorkflows,
                                     people: people, calendar: .official)
        }
    }

    @Test func zoneFileMatchesTheSeed() throws {
        let people = try DemoRunner.loadPeople(zoneWorkflows.appendingPathComponent("people.json"))
        let zone = try DemoZone.load(zoneWorkflows.appendingPathComponent("demo/zone.json"), people: people)
        #expect(zone.projects.count == 29)
        for row in Self.seed {
            let projects = zone.projects.filter { $0.stage == row.stage }
            #expect(projects.count == row.count, "\(row.stage)")
            #expect(projects.reduce(0) { $0 + $1.investment } == row.investment, "\(row.stage)")
        }
        #expect(zone.projects.reduce(0) { $0 + $1.investment } == 547_000)
        let sectors = Set(zone.projects.map(\.sector))
        #expect(sectors == ["新能源", "固废利用", "生物医药", "信息技术", "装备制造", "节能环保", "现代物流", "特色轻工", "安全应急"])
        for role in ["包联领导", "代办员", "联络员", "主任", "admin"] { #expect(!people.holders(of: role).isEmpty, "\(role)") }
    }

    @Test func firstWeeklyReportReproducesTheSeedAndEveryInstanceVerifies() throws {
        let demo = DemoStore()
        let result = try demo.run(weeks: 2)
        #expect(result.weeks.compactMap(\.dispatch) == ["dispatch-2025-01-06", "dispatch-2025-01-13", "dispatch-2025-01-20"])
        #expect(result.lastReport?.week == "2025-W04")
        #expect(result.commands > 0)

        let service = try demo.service()
        let first = try service.weeklyReport(week: try #require(ISOWeek("2025-W02")))
        #expect(first.asOf == zoneStamp("2025-01-06T09:00"))
        for (row, expected) in zip(first.stages.prefix(4), Self.seed) {
            #expect(row.stage == expected.stage)
            #expect(row.count == expected.count, "\(row.stage)")
            #expect(row.investment == expected.investment, "\(row.stage)")
        }
        #expect(first.stages.dropFirst(4).allSatisfy { $0.count == 0 })
        #expect(first.total.count == 29)
        #expect(first.total.investment == 547_000)
        #expect(first.stages.prefix(4).map { ReportFormatting.yi($0.investment) } == ["15.5", "27.36", "3.75", "8.09"])
        #expect(ReportFormatting.yi(first.total.investment) == "54.7")

        let ids = try service.store.instanceIDs()
        #expect(ids.count == result.instances)
        for id in ids {
            let report = try service.verify(id)
            #expect(report.isOK, "\(report)")
        }
    }

    @Test func sameZoneGivesTheSameStore() throws {
        let one = DemoStore(), two = DemoStore()
        _ = try one.run(weeks: 1)
        _ = try two.run(weeks: 1)
        let first = try one.service(), second = try two.service()
        let ids = try first.store.instanceIDs().sorted()
        #expect(ids == (try second.store.instanceIDs().sorted()))
        #expect(ids.contains("problem-01"))
        for id in ids { #expect(try first.head(id) == (try second.head(id)), "\(id)") }
    }

    @Test func demoStoresAreNotOverwrittenByAccident() throws {
        let demo = DemoStore()
        try FileManager.default.createDirectory(at: demo.store, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: demo.store.appendingPathComponent("notes.txt"))
        #expect(throws: ServiceError.self) { try demo.run(weeks: 1) }
        // --replace removes only a simulation store.
        try FileManager.default.removeItem(at: demo.store)
        _ = try FileStore.create(at: demo.store.path, config: StoreConfig(simulation: false))
        do {
            _ = try DemoRunner.run(.init(store: demo.store, workflows: zoneWorkflows, weeks: 1, replace: true))
            Issue.record("a production store was replaced")
        } catch let error as ServiceError {
            #expect(error.category == .notPermitted)
        }
        #expect(FileManager.default.fileExists(atPath: demo.store.appendingPathComponent("store.json").path))
        #expect(throws: ServiceError.self) {
            try DemoRunner.run(.init(store: demo.root.appendingPathComponent("other"), workflows: zoneWorkflows, weeks: 0))
        }
    }

    @Test func zoneFileProblemsNameTheProject() throws {
        let people = try DemoRunner.loadPeople(zoneWorkflows.appendingPathComponent("people.json"))
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("agency-zone-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: root) }
        let text = try String(contentsOf: zoneWorkflows.appendingPathComponent("demo/zone.json"), encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"stage\": \"重点意向\"", with: "\"stage\": \"开工\"").utf8).write(to: root)
        do {
            _ = try DemoZone.load(root, people: people)
            Issue.record("a bad stage was accepted")
        } catch let error as ServiceError {
            #expect(error.description.contains("project P08: stage '开工'"))
        }
    }
}
