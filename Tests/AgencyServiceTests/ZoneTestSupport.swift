import AgencyCalendar
import AgencyJSON
@testable import AgencyService
import Foundation
import Testing
import WorkflowEngine
import WorkflowStore

/// The repository's Workflows folder: the zone's real workflows and people.
let zoneWorkflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Workflows")

let zoneTimestamps = Timestamps(timeZone: TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!)

/// "2025-03-03T09:00" in the zone's time.
func zoneTime(_ text: String) -> Date { zoneTimestamps.parseUserTime(text)! }

/// How the engine writes that time: "2025-03-03T09:00:00+08:00".
func zoneStamp(_ text: String) -> String { zoneTimestamps.format(zoneTime(text)) }

/// A temporary simulation store running the repository's workflows with the demo
/// zone's people (陈志远 主任, 李明 包联领导, 张伟 代办员, 吴霞 联络员, admin ...).
final class ZoneFixture {
    let root: URL
    let service: AgencyService

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("agency-zone-\(UUID().uuidString)")
        let data = try #require(FileManager.default.contents(atPath: zoneWorkflows.appendingPathComponent("people.json").path))
        let people = try PeopleDirectory.load(json: try JSONValue.parse([UInt8](data)), source: "people.json")
        let store: any InstanceStore = ServiceFixture.alwaysOnDisk
            ? try FileStore.create(at: root.appendingPathComponent("store").path, config: StoreConfig(simulation: true))
            : try MemoryStore(config: StoreConfig(simulation: true))
        service = try AgencyService(store: store, workflowsFolder: zoneWorkflows, people: people, calendar: .official)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    @discardableResult
    func start(_ workflow: String, id: String, at time: String, as actor: String = "zhangwei",
               input: JSONValue) throws -> Instance {
        try service.start(workflow, id: id, input: input, actor: actor, at: zoneTime(time)).instance
    }

    /// Applies one command; `configure` fills in the event, data, comment, item.
    @discardableResult
    func act(_ id: String, _ kind: Command.Kind, as actor: String, at time: String, event: String? = nil,
             data: JSONValue? = nil, comment: String? = nil, item: String? = nil) throws -> Instance {
        var command = Command(kind: kind, actor: actor, at: zoneStamp(time))
        command.event = event
        command.data = data
        command.comment = comment
        command.item = item
        return try service.execute(id, command).instance
    }

    /// The refusal's category, or nil when the command was accepted.
    func refusal(_ id: String, _ kind: Command.Kind, as actor: String, at time: String, event: String? = nil,
                 data: JSONValue? = nil, comment: String? = nil) -> ServiceError? {
        do {
            try act(id, kind, as: actor, at: time, event: event, data: data, comment: comment)
            return nil
        } catch let error as ServiceError {
            return error
        } catch {
            return ServiceError(error)
        }
    }

    @discardableResult
    func tick(until time: String) throws -> TickReport { try service.tick(until: zoneTime(time)) }

    func instance(_ id: String) throws -> Instance { try service.instance(id) }

    /// The one open item of `id` assigned to `person`.
    func openItem(_ id: String, of person: String) throws -> WorkItem? {
        try instance(id).openItems.first { $0.assignee == person }
    }

    /// Instances of a workflow, by id.
    func instances(_ workflow: String) throws -> [Instance] {
        try service.list(InstanceFilter(workflow: workflow))
    }

    /// Pending notifications of a kind (催办, 督办, assigned, color) to a person.
    func notifications(to person: String, kind: String) throws -> [JSONValue] {
        try service.notifications(to: person).filter { $0["kind"]?.stringValue == kind }
    }

    /// Every instance in the store verifies: chain, head and replay.
    func verifyAll() throws -> [String] {
        try service.store.instanceIDs().compactMap { id in
            let report = try service.verify(id)
            return report.isOK ? nil : report.description
        }
    }
}

/// A project's input; `stage` is where it is imported.
func projectInput(_ code: String = "P01", stage: String = "初步对接", investment: Int = 20000,
                  sector: String = "装备制造", landType: String = "新增用地", site: String? = "东区约50亩",
                  agent: String = "zhangwei", leader: String = "liming") -> JSONValue {
    var fields: [String: JSONValue] = [
        "code": .string(code), "name": .string("测试项目\(code)"), "enterprise": "山西测试科技有限公司",
        "sector": .string(sector), "investment": .integer(Int64(investment)), "scale": "年产1万台设备",
        "land": "需配套蒸汽", "land_type": .string(landType), "leader": .string(leader),
        "agent": .string(agent), "liaison": "wuxia", "initial_stage": .string(stage),
    ]
    if let site { fields["site"] = .string(site) }
    return .object(fields)
}
