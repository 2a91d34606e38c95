import AgencyCalendar
import AgencyJSON
import AgencyService
import Foundation
import PostgresStore
import WorkflowEngine
import WorkflowStore

/// A small zone: two agents, a liaison leader, a director and an admin.
let zonePeople = try! PeopleDirectory(people: [
    .init(id: "agent1", name: "王代办", roles: ["代办员"]),
    .init(id: "agent2", name: "李代办", roles: ["代办员"]),
    .init(id: "leader1", name: "张领导", roles: ["包联领导"]),
    .init(id: "director", name: "孙主任", roles: ["主任"]),
    .init(id: "admin", name: "管理员", roles: ["admin"]),
])

let shanghaiZone = TimeZone(identifier: "Asia/Shanghai")!

/// A local time in Asia/Shanghai: "2025-03-03T09:00" or "2025-03-03".
func shanghaiTime(_ text: String) -> Date {
    Timestamps(timeZone: shanghaiZone).parseUserTime(text)!
}

/// The engine's rendering of a local time: "2025-03-03T09:00:00+08:00".
func stamp(_ text: String) -> String {
    Timestamps(timeZone: shanghaiZone).format(shanghaiTime(text))
}

/// A temporary simulation store with a workflows folder, removed when released.
/// Each `service()` is a new `AgencyService` on the same store, as another process
/// would have.
///
/// The store lives in memory (`MemoryStore`) unless the test gives a `fileSystem` or
/// asks for `onDisk`: tests of the service's logic run on the in-memory store, tests of
/// what it leaves on disk on a `FileStore` in `storePath`. `AGENCY_TEST_STORE=file` puts
/// every fixture on disk (to compare, or to run the service suite on the file store);
/// `AGENCY_TEST_STORE=postgres` puts the ones that would be in memory in a PostgreSQL
/// store, a fresh schema each in `AGENCY_TEST_POSTGRES_URL`'s database.
final class ServiceFixture {
    static let alwaysOnDisk = ProcessInfo.processInfo.environment["AGENCY_TEST_STORE"] == "file"
    static let postgresURL: String? = ProcessInfo.processInfo.environment["AGENCY_TEST_STORE"] == "postgres"
        ? ProcessInfo.processInfo.environment["AGENCY_TEST_POSTGRES_URL"] : nil

    let root: URL
    let storePath: String
    let workflows: URL
    let fileSystem: any FileSystem
    /// The in-memory (or PostgreSQL) store every service of this fixture shares; nil on disk.
    let memory: (any InstanceStore)?
    private(set) lazy var service: AgencyService = try! makeService()

    init(workflows files: [String: String] = [:], fileSystem: (any FileSystem)? = nil, onDisk: Bool = false,
         lockTimeoutSeconds: Double = 5) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("agency-service-tests-\(UUID().uuidString)")
        storePath = root.appendingPathComponent("store").path
        workflows = root.appendingPathComponent("workflows")
        self.fileSystem = fileSystem ?? POSIXFileSystem()
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        let config = StoreConfig(simulation: true, lockTimeoutSeconds: lockTimeoutSeconds)
        if onDisk || fileSystem != nil || Self.alwaysOnDisk {
            memory = nil
            _ = try FileStore.create(at: storePath, config: config, fileSystem: self.fileSystem)
        } else if let base = Self.postgresURL {
            let schema = "service_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            memory = try PostgresStore.create(url: base + (base.contains("?") ? "&" : "?") + "schema=" + schema,
                                              config: config)
        } else {
            memory = try MemoryStore(config: config)
        }
        for (name, source) in files { try write(name, source) }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
        if let database = memory as? PostgresStore {
            try? database.dropSchema()
            database.close()
        }
    }

    /// The store on disk, for tests that look at or damage its files.
    var files: FileStore {
        get throws {
            guard memory == nil else { throw StoreError.notAStore(path: storePath, problem: "this fixture's store is in memory; pass onDisk: true") }
            return try FileStore.open(at: storePath, fileSystem: fileSystem)
        }
    }

    /// Writes (or replaces) `Workflows/<name>.lua`.
    func write(_ name: String, _ source: String) throws {
        try Data(source.utf8).write(to: workflows.appendingPathComponent("\(name).lua"))
    }

    /// A fresh service on the same store (its own definition cache, its own Lua state),
    /// counting working days with `calendar`.
    func makeService(fileSystem: (any FileSystem)? = nil, calendar: WorkCalendar = .official,
                     people: PeopleDirectory = zonePeople) throws -> AgencyService {
        let store: any InstanceStore = try memory ?? FileStore.open(at: storePath, fileSystem: fileSystem ?? self.fileSystem)
        return try AgencyService(store: store, workflowsFolder: workflows, people: people, calendar: calendar)
    }

    /// Starts `workflow` as agent1 at a local time.
    @discardableResult
    func start(_ workflow: String, id: String, at time: String, input: JSONValue = [:],
               as actor: String = "agent1") throws -> Instance {
        try service.start(workflow, id: id, input: input, actor: actor, at: shanghaiTime(time)).instance
    }

    /// Ticks up to `until`; with `now`, whatever was due before it fires at `now`,
    /// without, each event fires at its own time.
    @discardableResult
    func tick(until: String, now: String? = nil) throws -> TickReport {
        try service.tick(until: shanghaiTime(until), now: now.map(shanghaiTime))
    }

    func instance(_ id: String) throws -> Instance { try service.instance(id) }

    /// The journal's records of kind `kind` (all when nil).
    func records(_ id: String, kind: String? = nil) throws -> [JSONValue] {
        try service.journal(id).filter { kind == nil || $0["kind"]?.stringValue == kind }
    }

    /// Pending notifications (the notification box), optionally for one person and kind.
    func notifications(to person: String? = nil, kind: String? = nil) throws -> [JSONValue] {
        try service.notifications(to: person).filter { kind == nil || $0["kind"]?.stringValue == kind }
    }

    /// Ids of every instance in the store, sorted.
    func instanceIDs() throws -> [String] { try service.store.instanceIDs() }
}

/// Runs `bodies` at the same time on separate threads and waits for all of them.
func concurrently(_ bodies: [@Sendable () -> Void]) {
    let group = DispatchGroup()
    for body in bodies {
        group.enter()
        Thread {
            body()
            group.leave()
        }.start()
    }
    group.wait()
}

/// A value several threads may set.
final class SharedValue<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    /// A copy of the current value.
    var value: T { lock.withLock { stored } }
    /// Changes the value under the lock, so read-modify-write from several threads loses
    /// nothing (a get/set pair would let two appends read the same old array).
    func update(_ change: (inout T) -> Void) { lock.withLock { change(&stored) } }
}

/// Hands a value that is used by one thread at a time to another thread.
final class Handoff<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
