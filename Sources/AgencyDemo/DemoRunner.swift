import AgencyCalendar
import AgencyJSON
import AgencyReports
import AgencyService
import Foundation
import WorkflowEngine
import WorkflowStore

/// `agency demo`: creates a simulation store, loads the demo zone (Workflows/people.json
/// and Workflows/demo/zone.json) and simulates its weeks.
public enum DemoRunner {
    public struct Options {
        public var store: URL
        public var workflows: URL
        /// Weeks to simulate from the zone's start (a Monday); the simulation stops just
        /// after the weekly dispatch that follows the last week, so that the last weekly
        /// report covers it.
        public var weeks: Int
        /// Replace an existing simulation store at `store`.
        public var replace: Bool
        /// fsync every write, as a production store does. Off by default: a demo store is
        /// rebuilt in seconds, and the files are flushed once at the end instead.
        public var durable: Bool
        /// Called as the simulation enters each week: (week, weeks).
        public var progress: (Int, Int) -> Void
        /// Whether SIGINT and SIGTERM, while the demo runs, remove its scratch folder and
        /// end the process (exit 128 + the signal's number). For the process's owner (the
        /// CLI), not for a library caller that has its own use for the signals.
        public var removeScratchOnSignals: Bool

        public init(store: URL, workflows: URL, weeks: Int = 13, replace: Bool = false, durable: Bool = false,
                    removeScratchOnSignals: Bool = false, progress: @escaping (Int, Int) -> Void = { _, _ in }) {
            self.store = store
            self.workflows = workflows
            self.weeks = weeks
            self.replace = replace
            self.durable = durable
            self.removeScratchOnSignals = removeScratchOnSignals
            self.progress = progress
        }
    }

    public static let maximumWeeks = 52

    public static func run(_ options: Options) throws -> DemoResult {
        guard (1...maximumWeeks).contains(options.weeks) else {
            throw ServiceError.invalid("--weeks \(options.weeks): simulate 1 to \(maximumWeeks) weeks")
        }
        let people = try loadPeople(options.workflows.appendingPathComponent("people.json"))
        let zone = try DemoZone.load(options.workflows.appendingPathComponent("demo/zone.json"), people: people)
        try prepare(options.store, replace: options.replace)
        let fileSystem: any FileSystem = POSIXFileSystem(fsync: options.durable)
        // The simulation writes thousands of small files; on a RAM disk that takes a
        // fraction of the time some disks need to create files next to deleted ones. The
        // finished store is then copied to its place in one go.
        // The signals are handled before the folder exists, so no signal can find the
        // folder there and nothing yet to remove it.
        let planned = options.durable ? nil : ramScratchLocation()
        let signals = planned.flatMap { options.removeScratchOnSignals ? ScratchSignals(removing: $0) : nil }
        let scratch = planned.flatMap(createScratch)
        defer {
            // A signal is being handled: its handler is removing the folder under the
            // simulation, which may have failed for that reason. The handler ends the
            // process (128 + the signal); the failure must not end it first with its own code.
            if ScratchSignals.isTerminating { ScratchSignals.waitForTheEnd() }
            signals?.cancel()
            if let scratch { try? FileManager.default.removeItem(at: scratch) }
        }
        let workPath = scratch?.appendingPathComponent("store").path ?? options.store.path
        let store = try wrap {
            try FileStore.create(at: workPath, config: StoreConfig(simulation: true), fileSystem: fileSystem)
        }
        try wrap {
            try store.writer.replace(store.layout.root + "/people.json", with: try people.json.prettyBytes())
        }
        let calendar = try wrap { try WorkCalendar.load(files: []) }
        let service = try AgencyService(store: store, workflowsFolder: options.workflows, people: people,
                                        calendar: calendar)
        let end = try endTime(service, zone: zone, weeks: options.weeks)
        let simulation = try DemoSimulation(service: service, zone: zone, weeks: options.weeks, end: end,
                                            progress: options.progress)
        try simulation.run()
        guard simulation.failures.isEmpty else {
            throw ServiceError.invalid("the demo's simulated people were refused "
                                       + "\(simulation.failures.count) time(s); first: \(simulation.failures[0])")
        }
        var result = result(simulation, zone: zone, store: store)
        if let latest = try service.latestDispatchWeek() {
            result.lastReport = try service.weeklyReport(week: latest)
        }
        if let scratch {
            try place(scratch.appendingPathComponent("store"), at: options.store)
            result.store = URL(fileURLWithPath: options.store.path).resolvingSymlinksInPath().path
        }
        if !options.durable { sync() }
        return result
    }

    /// Where the scratch folders go, and how their names begin:
    /// `/dev/shm/fullagency-demo-<pid>-<random>`.
    static let ramDisk = URL(fileURLWithPath: "/dev/shm")
    static let scratchPrefix = "fullagency-demo-"

    /// A fresh folder's place on a RAM disk (/dev/shm), or nil when there is none. Scratch
    /// folders of runs that died without removing theirs are swept first.
    ///
    /// A scratch folder never outlives its process for long: the run removes it when it
    /// ends (normally, with an error, or, from the CLI, on SIGINT or SIGTERM); a run that
    /// was killed outright (SIGKILL, a crash, a power cut cannot clean up, but /dev/shm is
    /// emptied at boot) leaves it to the next run, which removes every scratch folder
    /// whose process is gone. The pid in the name says whose it is. ``createScratch(_:)``
    /// makes the folder, after the signals are handled.
    static func ramScratchLocation() -> URL? {
        let shm = ramDisk
        guard FileManager.default.isWritableFile(atPath: shm.path) else { return nil }
        sweepScratch(in: shm)
        return shm.appendingPathComponent("\(scratchPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    /// Creates the scratch folder; nil when it cannot be made (the run then writes in place).
    static func createScratch(_ folder: URL) -> URL? {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            return folder
        } catch {
            return nil
        }
    }

    /// Removes the scratch folders in `folder` whose process no longer exists, and
    /// returns their names. Only real directories that belong to this user and whose name
    /// is `fullagency-demo-<pid>-…` are considered; a folder whose process is alive, or
    /// that cannot be judged (another user's process), is left alone.
    @discardableResult
    static func sweepScratch(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var removed: [String] = []
        for name in names.sorted() where name.hasPrefix(scratchPrefix) {
            guard let pid = name.dropFirst(scratchPrefix.count).split(separator: "-").first.flatMap({ Int32($0) }),
                  pid > 0 else { continue }
            var info = stat()
            let path = folder.appendingPathComponent(name)
            guard lstat(path.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid() else { continue }
            if kill(pid, 0) == 0 || errno != ESRCH { continue }  // alive, or not ours to judge
            if (try? FileManager.default.removeItem(at: path)) != nil { removed.append(name) }
        }
        return removed
    }

    /// Copies the finished store from the scratch folder to where it was asked for.
    static func place(_ source: URL, at destination: URL) throws {
        let manager = FileManager.default
        do {
            if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }  // empty (prepare)
            try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.copyItem(at: source, to: destination)
        } catch {
            throw ServiceError.invalid("cannot copy the demo store to \(destination.path): \(error.localizedDescription)")
        }
    }

    static func loadPeople(_ url: URL) throws -> PeopleDirectory {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ServiceError.notFound("the demo's people directory \(url.path) is missing "
                                        + "(run agency demo from the repository, or pass --workflows DIR)")
        }
        do {
            return try PeopleDirectory.load(json: try JSONValue.parse([UInt8](data)), source: url.path)
        } catch {
            throw ServiceError.invalid("\(url.path): \(error)")
        }
    }

    /// Makes sure the store folder is free: missing or empty, or an old simulation store
    /// when `replace` is given. A store that is not a simulation store is never removed.
    static func prepare(_ url: URL, replace: Bool) throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: url.path) else { return }
        let entries = (try? manager.contentsOfDirectory(atPath: url.path)) ?? []
        if entries.isEmpty { return }
        guard replace else {
            throw ServiceError.busy("\(url.path) already exists and is not empty; pass --replace to rebuild "
                                    + "a demo store there, or choose another --store")
        }
        let store = try wrap { try FileStore.open(at: url.path) }
        guard store.config.simulation else {
            throw ServiceError.notPermitted("\(url.path) is not a simulation store; agency demo replaces "
                                            + "only simulation stores")
        }
        do {
            try manager.removeItem(at: url)
        } catch {
            throw ServiceError.invalid("cannot remove the old demo store \(url.path): \(error.localizedDescription)")
        }
    }

    /// Just after the weekly dispatch of the Monday `weeks` weeks after the start.
    static func endTime(_ service: AgencyService, zone: DemoZone, weeks: Int) throws -> Date {
        guard let start = CivilDate(zone.start) else { throw ServiceError.invalid("demo start is not a date") }
        let schedule = try service.currentDefinition("dispatch").schedule
        let monday = start.adding(days: 7 * weeks)
        let day = try wrap { try service.engine.calendar.nextWorkday(onOrAfter: monday) }
        let minutes = (schedule?.hour ?? 9) * 60 + (schedule?.minute ?? 0)
        return day.startOfDay(in: service.timestamps.timeZone).addingTimeInterval(Double(minutes + 1) * 60)
    }

    /// Runs `body`, turning any error into a ``ServiceError``.
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw ServiceError(error)
        }
    }

    static func result(_ simulation: DemoSimulation, zone: DemoZone, store: FileStore) -> DemoResult {
        var counts: [String: Int] = [:]
        for instance in simulation.known.values where instance.workflow == ReportMapping.zone.projects.workflow {
            counts[simulation.service.stage(of: instance.state, in: instance), default: 0] += 1
        }
        let order = ProjectPipeline.stages + [ProjectPipeline.paused, ProjectPipeline.dropped]
        return DemoResult(zone: zone.zone, store: store.layout.root, weeks: simulation.weeks,
                          instances: simulation.known.count, commands: simulation.commands,
                          stagesAtEnd: order.compactMap { stage in counts[stage].map { (stage, $0) } },
                          lastReport: nil)
    }
}

/// While a demo runs from the CLI: SIGINT and SIGTERM remove its scratch folder, then end
/// the process with exit code 128 + the signal's number, as the default action would
/// have (without leaving the folder). A signal the process was started with ignored
/// stays ignored. The signals are handled on a dispatch queue, not in
/// a signal handler, so removing a folder is allowed there; the simulation may still be
/// writing into it meanwhile, so the removal is retried briefly.
final class ScratchSignals {
    private static let handled = [SIGINT, SIGTERM]
    private var sources: [DispatchSourceSignal] = []
    private var previous: [(Int32, sighandler_t?)] = []

    init(removing folder: URL) {
        for number in Self.handled {
            let before = signal(number, SIG_IGN)
            previous.append((number, before))
            // A signal the process was started with ignored (`nohup`, a background job of a
            // script) stays ignored.
            if unsafeBitCast(before, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Self.markTerminating()
                Self.remove(folder)
                _exit(128 + number)
            }
            // Between SIG_IGN and the source's registration a signal would be lost, and the
            // run would go on: wait (briefly) until the source listens.
            let registered = DispatchSemaphore(value: 0)
            source.setRegistrationHandler { registered.signal() }
            source.resume()
            _ = registered.wait(timeout: .now() + 2)
            sources.append(source)
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var terminating = false

    /// Whether a handled signal is ending the process.
    static var isTerminating: Bool { lock.withLock { terminating } }

    static func markTerminating() { lock.withLock { terminating = true } }

    /// Waits for the signal's handler to end the process (it does within moments).
    static func waitForTheEnd() -> Never {
        while true { sleep(1) }
    }

    /// Stops handling the signals and restores what the process did before.
    func cancel() {
        for source in sources { source.cancel() }
        sources = []
        for (number, handler) in previous { signal(number, handler) }
        previous = []
    }

    private static func remove(_ folder: URL) {
        for _ in 0..<50 {
            if (try? FileManager.default.removeItem(at: folder)) != nil
                || !FileManager.default.fileExists(atPath: folder.path) { return }
            usleep(10_000)
        }
    }
}
