import AgencyCalendar
import AgencyServer
import AgencyService
import Foundation
import WorkflowEngine
import WorkflowStore

/// The request a command runs for inside `agency serve`, visible to the command's code
/// through a task-local: where its output goes, who asked, and the server's hot store.
///
/// Commands are the same code in both modes; they ask `ServedRequestContext.current`
/// only at the few seams that differ (the session, the console, the user's files, the
/// environment, the store and workflows folders). Nil in direct mode.
struct ServedRequestContext: @unchecked Sendable {
    /// The server's store and coordinator, shared by every request (on the executor).
    let store: HotStore
    /// Who asked, as the server established it; nil for the server's own tick.
    let caller: Caller?
    /// The journal's `channel` for this request's records.
    let channel: String
    /// The client's files and standard input.
    let io: any ClientIO
    /// The client's AGENCY_*, NO_COLOR and COLUMNS variables (never the server's own).
    let environment: [String: String]
    /// Where the command's standard output and error go.
    let output: OutputSink

    @TaskLocal static var current: ServedRequestContext?

    /// An environment variable as the command should see it: the client's in served mode.
    static func environment(_ name: String) -> String? {
        if let current { return current.environment[name] }
        return ProcessInfo.processInfo.environment[name]
    }
}

/// A request's captured standard output and error, sent back to the client as they are.
final class OutputSink: @unchecked Sendable {
    var standardOutput: [UInt8] = []
    var standardError: [UInt8] = []
    /// Colour as in direct mode: the client's stdout is a terminal and NO_COLOR is unset.
    let color: Bool
    /// Whether the client's standard output is a terminal (binary output is refused there).
    let terminal: Bool

    init(color: Bool, terminal: Bool = false) {
        self.color = color
        self.terminal = terminal
    }
}

/// The served store's opened files, people, calendar and coordinator, kept between
/// requests (compiled definitions and caches stay hot) and rebuilt when people.json,
/// store.json or a calendar layer changed on disk (`people apply`, `calendar import`).
/// Used only on the executor, one request at a time.
final class HotStore: @unchecked Sendable {
    struct Opened {
        let files: FileStore
        let people: PeopleDirectory
        let service: AgencyService
    }

    let storeURL: URL
    let workflowsFolder: URL
    private var opened: Opened?
    private var stamp: [String] = []

    init(storeURL: URL, workflowsFolder: URL) {
        self.storeURL = storeURL
        self.workflowsFolder = workflowsFolder
    }

    /// Drops the kept coordinator: the next request opens the store afresh.
    func invalidate() { opened = nil }

    /// The store as it is now: the kept one, or a fresh one when its inputs changed.
    func current() throws -> Opened {
        let now = versionStamp()
        if let opened, now == stamp { return opened }
        let store: FileStore
        do {
            store = try FileStore.open(at: storeURL.path)
        } catch {
            throw CLIError(error)
        }
        let people = try AgencySession.readPeople(atPath: storeURL.appendingPathComponent("people.json").path)
            ?? PeopleDirectory(people: [])
        let calendar = try AgencySession.calendar(of: store.config, at: storeURL)
        let instances = try mapErrors { try DatabaseStores.instanceStore(for: store) }
        let service = try AgencyService(store: instances, workflowsFolder: workflowsFolder, people: people,
                                        calendar: calendar)
        let fresh = Opened(files: store, people: people, service: service)
        opened = fresh
        stamp = now
        return fresh
    }

    /// Size, inode and change time of every file the coordinator is built from or keeps
    /// in memory: store.json, people.json, the calendar layers, the workflow files, the
    /// stored definitions and environment versions, the store journal. Any change, even
    /// a chmod (the change time moves), rebuilds the coordinator, so a served command
    /// sees exactly what a direct one would: an edited workflow, a tampered definition, a
    /// deleted store journal, an unreadable file. A few dozen stats per request.
    private func versionStamp() -> [String] {
        let manager = FileManager.default
        func listed(_ folder: URL, suffix: String = "") -> [URL] {
            ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
                .map { folder.appendingPathComponent($0) }
        }
        let definitions = storeURL.appendingPathComponent("definitions")
        let environment = storeURL.appendingPathComponent("environment")
        var files = ["store.json", "people.json"].map { storeURL.appendingPathComponent($0) }
            + AgencySession.calendarFiles(storeURL) + listed(workflowsFolder, suffix: ".lua")
            + [environment.appendingPathComponent("journal.jsonl")]
        for folder in listed(definitions) + listed(environment) where folder.lastPathComponent != "journal.jsonl" {
            files += listed(folder)
        }
        return files.map { url in
            var info = stat()
            guard stat(url.path, &info) == 0 else { return url.path + ":-" }
            return "\(url.path):\(info.st_size):\(info.st_ino):\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
        }
    }
}
