import AgencyCalendar
import AgencyJSON
import Foundation
import LuaRuntime
import WorkflowEngine
import WorkflowStore

/// Runs commands against a store: the protocol of DESIGN.md's "Executing an event".
///
/// lock the instance → load the snapshot → check it against the journal head (and roll
/// pending records forward after a crash) → run the engine → commit records, snapshot,
/// index and outbox durably → unlock → deliver outbox messages to other instances.
///
/// One service serves one process; definitions are compiled once per process and
/// version, however many events they serve.
public final class AgencyService {
    public let store: any InstanceStore
    public let engine: Engine
    public let runtime: LuaRuntime
    public let workflowsFolder: URL
    public var timestamps: Timestamps { engine.timestamps }
    /// The operating-system login behind the commands, recorded in each journal record
    /// beside the person acted for.
    public var login: String?
    /// How the commands reached FullAgency, recorded in each journal record as `channel`:
    /// "cli" in direct mode, else the served channel ("cli-socket", "web", "api"; see
    /// AgencyServer's `Channel`); nil leaves it out.
    public var channel: String?
    /// The id (never the secret) of the API token behind the commands, recorded as `token`.
    public var tokenID: String?
    /// How many instances due at one moment a tick fires in one group commit
    /// (`fireDueGroup`): enough to share the fsyncs (Docs/performance.md), few enough that
    /// a person's command on one of them waits only a few milliseconds longer for its
    /// lock. 1 fires one instance per commit, as before groups (benchmarks compare).
    public var tickGroupSize = 64
    /// Whether a commit of this service wrote outbox messages that are not delivered
    /// yet; a command lists the outbox only then (tick always does).
    var outboxWritten = false
    private var byVersion: [String: WorkflowDefinition] = [:]
    private var currentVersion: [String: String] = [:]
    /// The current calendar's version (see `AgencyService+CalendarVersions`), once known,
    /// and whether the store holds it yet.
    var calendarVersionCache: (sha: String, saved: Bool)?
    /// The current people directory's version, once known, and whether the store holds it.
    var peopleVersionCache: (sha: String, saved: Bool)?
    /// Engines that decide with older calendar or people versions ("<calendar>/<people>"),
    /// for replaying their records.
    var enginesByVersions: [String: Engine] = [:]
    /// People directory versions named by the records `verify` replayed, with how many
    /// records named each: what the store journal must account for.
    public internal(set) var peopleVersionsSeen: [String: Int] = [:]
    /// The engine that replays records written before calendar versions were kept.
    var legacyEngineCache: Engine?
    /// The calendar version this process last completed a re-planning sweep for.
    var calendarSweptInProcess: String?
    /// A simulation store's clock as this process last read or wrote it (`.some(nil)`: read,
    /// none yet); nil until first needed.
    var simulationClockCache: Date??

    public init(store: any InstanceStore, workflowsFolder: URL, people: PeopleDirectory,
                calendar: WorkCalendar) throws {
        self.store = store
        self.workflowsFolder = workflowsFolder
        var limits = LuaLimits.standard
        if let lua = store.config.lua {
            if let bytes = lua.memoryBytes { limits.memoryBytes = bytes }
            if let instructions = lua.instructions { limits.instructions = instructions }
            if let seconds = lua.seconds { limits.seconds = seconds }
        }
        runtime = try LuaRuntime(limits: limits)
        var resolve: ((String, String) throws -> WorkflowDefinition)?
        engine = Engine(calendar: calendar, timeZone: store.config.timeZone, people: people) { name, version in
            guard let resolve else { throw EngineError.notFound("definitions are not ready") }
            return try resolve(name, version)
        }
        resolve = { [unowned self] name, version in try self.definition(name, version) }
        engine.query = { [unowned self] filter in self.querySummaries(filter) }
        engine.calendarVersion = try currentCalendarVersion()
        IndexGeneration.recordIfUnknown(store)
    }

    /// An engine like `engine` that counts working days with `calendar` and resolves
    /// people and roles with `people` instead.
    func makeEngine(calendar: WorkCalendar, people: PeopleDirectory) -> Engine {
        let other = Engine(calendar: calendar, timeZone: store.config.timeZone, people: people) {
            [unowned self] name, version in try self.definition(name, version)
        }
        other.query = { [unowned self] filter in self.querySummaries(filter) }
        return other
    }

    // MARK: Definitions

    /// The definition in the workflows folder now; its source is kept in the store so
    /// instances pinned to it never change behaviour when the file is edited.
    public func currentDefinition(_ name: String) throws -> WorkflowDefinition {
        if let version = currentVersion[name], let definition = byVersion[version] { return definition }
        // A name is a file name in the workflows folder, never a path: `../x` must not
        // reach a file outside it (in agency serve the name comes from a client).
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else {
            throw ServiceError.invalid("'\(name)' is not a workflow name (letters, digits, '_', '-')")
        }
        let file = workflowsFolder.appendingPathComponent("\(name).lua")
        guard let source = try LocalFile.read(file.path) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: workflowsFolder.path)) ?? [])
                .filter { $0.hasSuffix(".lua") }.map { String($0.dropLast(4)) }.sorted()
            throw ServiceError.notFound("no workflow '\(name)' in \(workflowsFolder.path)"
                                        + (known.isEmpty ? "" : " (there are: \(known.joined(separator: ", ")))"))
        }
        let version = DefinitionLoader.version(of: source)
        if let cached = byVersion[version] {
            currentVersion[name] = version
            return cached
        }
        let definition = try DefinitionLoader.load(source: source, file: displayPath(file), runtime: runtime)
        guard definition.name == name else {
            throw ServiceError.invalid("\(displayPath(file)) defines workflow '\(definition.name)', not '\(name)'")
        }
        _ = try store.saveDefinition(name, source: source)
        byVersion[version] = definition
        currentVersion[name] = version
        return definition
    }

    /// A definition by name and version, from the store's copy of its source.
    public func definition(_ name: String, _ version: String) throws -> WorkflowDefinition {
        if let cached = byVersion[version] { return cached }
        if (try? currentDefinition(name))?.version == version, let cached = byVersion[version] { return cached }
        let source = try store.loadDefinition(name, sha: version)
        let definition = try DefinitionLoader.load(source: Array(source.utf8),
                                                   file: "\(name)@\(version.prefix(12)).lua", runtime: runtime)
        byVersion[version] = definition
        return definition
    }

    /// A file's path as a user would type it: relative to the current directory when
    /// inside it, absolute otherwise (for messages that name workflow files).
    public static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }

    func displayPath(_ url: URL) -> String { Self.displayPath(url) }

    // MARK: Reading

    /// The instance as stored (after rolling pending records forward in memory).
    public func instance(_ id: String) throws -> Instance {
        try loadRolledForward(id).instance
    }

    /// The stored journal head of an instance.
    public func head(_ id: String) throws -> JournalHead? { try store.journalHead(id) }
}

/// What a command did, for the CLI to print.
public struct CommandResult: Sendable {
    public var instance: Instance
    public var head: JournalHead
    public var from: String
    public var notifications: [AgencyNotification]
    public var logs: [String]
    /// Instances started or signalled as a consequence, and any delivery problems.
    public var delivery: DeliveryReport
}
