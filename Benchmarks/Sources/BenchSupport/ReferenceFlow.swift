import AgencyCalendar
import AgencyJSON
import AgencyService
import Foundation
import WorkflowEngine
import WorkflowStore

/// The reference approval flow (Workflows/reference.lua) on a store of its own, driven
/// through `AgencyService` exactly as the CLI drives it, minus argument parsing.
///
/// One run of the flow is a start and three user actions: the applicant completes
/// `submit`, the reviewer approves `review`, the clerk completes `file`. The figures
/// in Docs/performance.md are per user action; SpiffWorkflow's peer does the same three.
public final class ReferenceFlow {
    public static let workflow = "reference"
    public static let applicant = "agent1"
    public static let reviewer = "leader1"
    public static let clerk = "clerk1"
    /// Every event happens at this virtual time unless a caller says otherwise.
    public static let startTime = "2025-03-03T09:00:00+08:00"

    public static let people: [PeopleDirectory.Person] = [
        .init(id: applicant, name: "王代办", roles: ["代办员"]),
        .init(id: reviewer, name: "张领导", roles: ["包联领导"]),
        .init(id: clerk, name: "李文书", roles: ["文书"]),
    ]

    public let service: AgencyService
    public let storePath: String
    public let workflowsFolder: URL

    /// Creates a simulation store at `storePath` (with people.json, so the CLI can use
    /// it too) and a service on it over `fileSystem`.
    public init(storePath: String, fileSystem: any FileSystem = POSIXFileSystem()) throws {
        let store = try FileStore.create(at: storePath, config: StoreConfig(simulation: true),
                                         fileSystem: fileSystem)
        let people = try PeopleDirectory(people: Self.people)
        let peopleJSON: JSONValue = .object([
            "format": 1,
            "people": .array(try Self.people.map { try JSONValue(encoding: $0) }),
        ])
        try Data(try peopleJSON.prettyString().utf8).write(to: URL(fileURLWithPath: storePath + "/people.json"))
        self.storePath = store.layout.root
        workflowsFolder = BenchPaths.workflows
        service = try AgencyService(store: store, workflowsFolder: workflowsFolder, people: people,
                                    calendar: .official)
    }

    /// Opens an existing store (made by `init(storePath:fileSystem:)`) over `fileSystem`.
    public init(openingStoreAt storePath: String, fileSystem: any FileSystem) throws {
        let store = try FileStore.open(at: storePath, fileSystem: fileSystem)
        self.storePath = store.layout.root
        workflowsFolder = BenchPaths.workflows
        service = try AgencyService(store: store, workflowsFolder: workflowsFolder,
                                    people: try PeopleDirectory(people: Self.people), calendar: .official)
    }

    /// The start input: a few data fields, as the SpiffWorkflow peer sets them.
    public static func input(_ id: String) -> JSONValue {
        .object(["project": .string("光伏电站\(id)"), "amount": 1200,
                 "applicant": .string(applicant), "reviewer": .string(reviewer), "clerk": .string(clerk)])
    }

    public func start(_ id: String, at time: String = ReferenceFlow.startTime) throws {
        guard let date = service.timestamps.parse(time) else { throw BenchError("bad time \(time)") }
        _ = try service.start(Self.workflow, id: id, input: Self.input(id), actor: Self.applicant, at: date)
    }

    /// The three user actions of one run, in order, as (kind, actor, outcome).
    public static let actions: [(kind: Command.Kind, actor: String, outcome: String?)] = [
        (.complete, applicant, "submitted"),
        (.approve, reviewer, nil),
        (.complete, clerk, "filed"),
    ]

    /// Applies user action `step` (0, 1 or 2) to instance `id`.
    public func act(_ id: String, step: Int, at time: String = ReferenceFlow.startTime) throws {
        let action = Self.actions[step]
        var command = Command(kind: action.kind, actor: action.actor, at: time)
        command.event = action.outcome
        _ = try service.execute(id, command)
    }

    /// The three user actions, ending with the instance completed.
    public func finish(_ id: String) throws {
        for step in Self.actions.indices { try act(id, step: step) }
        let instance = try service.instance(id)
        guard instance.status == .completed else {
            throw BenchError("instance \(id) ended \(instance.status.rawValue) in \(instance.state), not completed")
        }
    }
}
