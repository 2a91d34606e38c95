import AgencyCalendar
import AgencyJSON
import AgencyService
import ArgumentParser
import Foundation
import WorkflowEngine
import WorkflowStore

/// Everything a command needs: the opened store, its people, calendar and service, the
/// acting person and the time, resolved from options and the environment once.
struct AgencySession {
    let service: AgencyService
    /// The store's directory, for the files beside the instances (calendar layers).
    let files: FileStore
    let people: PeopleDirectory
    let storeURL: URL
    private let requestedActor: String?
    private let requestedNow: String?

    init(storeURL: URL, workflows: WorkflowOptions, actor: String?, now: String?) throws {
        let store: FileStore
        do {
            store = try FileStore.open(at: storeURL.path)
        } catch let error where error.category == .io || error.category == .integrity {
            // The store is there, but its files could not be read (permissions, a failing
            // disk) or are not what they should be: creating a store would not help.
            throw CLIError(error)
        } catch {
            throw CLIError.notFound("\(error)\n(create a store with: agency init --store \(storeURL.path) --people people.json)")
        }
        self.storeURL = storeURL
        files = store
        people = try Self.readPeople(atPath: storeURL.appendingPathComponent("people.json").path)
            ?? PeopleDirectory(people: [])
        let calendar = try Self.calendar(of: store.config, at: storeURL)
        service = try AgencyService(store: store, workflowsFolder: workflows.folder, people: people,
                                    calendar: calendar)
        requestedActor = actor ?? ProcessInfo.processInfo.environment["AGENCY_USER"]
        requestedNow = now
    }

    /// Reads a people file; nil when there is none. One that is not a valid directory
    /// is `invalid`, naming the file.
    static func readPeople(atPath path: String) throws -> PeopleDirectory? {
        guard let data = try mapErrors({ try LocalFile.read(path) }) else { return nil }
        do {
            return try PeopleDirectory.load(json: try JSONValue.parse(data), source: path)
        } catch {
            // Most of the directory's own messages already begin with the file's name.
            let text = "\(error)"
            throw CLIError.invalid(text.hasPrefix("\(path): ") ? text : "\(path): \(text)")
        }
    }

    /// The store's calendar: the official data, its `calendar/*.json` files and `extra`
    /// ones, under the policy of its store.json (`"calendar": "strict"` refuses years
    /// nobody declares; the default plans them provisionally).
    static func calendar(of config: StoreConfig, at storeURL: URL, extra: [URL] = []) throws -> WorkCalendar {
        let policy = WorkCalendar.Policy(rawValue: config.calendar) ?? .provisional
        return try calendarCall {
            try WorkCalendar.load(files: calendarFiles(storeURL) + extra, policy: policy)
        }
    }

    /// The store's local calendar layers, `calendar/*.json`, in name order.
    static func calendarFiles(_ storeURL: URL) -> [URL] {
        let folder = storeURL.appendingPathComponent("calendar")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted().map { folder.appendingPathComponent($0) }
    }

    var simulation: Bool { service.store.config.simulation }

    /// The operating-system login of whoever runs agency: the password entry of the real
    /// user id, as the kernel reports it. Never an environment variable (`USER`, `LOGNAME`),
    /// which anyone can set to an administrator's login. A uid without an entry is `uid<N>`.
    static var login: String {
        let uid = getuid()
        var size = 4_096
        while size <= 1 << 20 {
            var entry = passwd()
            var found: UnsafeMutablePointer<passwd>?
            var buffer = [CChar](repeating: 0, count: size)
            let status = getpwuid_r(uid, &entry, &buffer, buffer.count, &found)
            if status == ERANGE {  // an entry longer than the buffer: try a larger one
                size *= 4
                continue
            }
            if status == 0, found != nil, let name = entry.pw_name { return String(cString: name) }
            break
        }
        return "uid\(uid)"
    }

    /// The person acting: the login's person, or `--as` / AGENCY_USER when the login's
    /// person is an admin or the store is for simulation. The journal records both.
    func actor() throws -> String {
        let login = Self.login
        let own = people.person(login: login)
        guard let requested = requestedActor else {
            guard let own else {
                throw CLIError.notPermitted("your login '\(login)' is not in the people directory "
                    + "(\(storeURL.path)/people.json); add \"login\": \"\(login)\" to your entry"
                    + (simulation ? ", or pass --as PERSON" : ""))
            }
            service.login = login
            return own.id
        }
        guard people.person(requested) != nil else {
            throw CLIError.notFound("--as \(requested): no such person in the people directory")
        }
        if requested != own?.id && !simulation && !(own.map { people.isAdmin($0.id) } ?? false) {
            throw CLIError.notPermitted("--as \(requested): only an admin may act for someone else "
                + "(your login '\(login)' is \(own.map { people.display($0.id) } ?? "not in the directory"))")
        }
        service.login = login
        return requested
    }

    /// The command's time: `--now` in a simulation store, else the store's simulation
    /// clock (the latest time a command used there), else the system clock.
    func now() throws -> Date {
        guard let text = requestedNow else {
            return try mapErrors { try service.simulationClock() } ?? Date()
        }
        guard simulation else {
            throw CLIError.notPermitted("--now is for simulation stores (agency init --simulation); "
                                        + "a real store uses the clock")
        }
        guard let date = service.timestamps.parseUserTime(text) else {
            throw CLIError.invalid("--now '\(text)' is not a time; write 2025-01-06T09:00 or 2025-01-06")
        }
        return date
    }

    func instance(_ id: String) throws -> Instance { try mapErrors { try service.instance(id) } }

    func definition(_ name: String, _ version: String) throws -> WorkflowDefinition {
        try mapErrors { try service.definition(name, version) }
    }
}

/// Maps service errors to the CLI's exit codes.
func mapErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw CLIError(error)
    }
}

/// Options shared by commands that act on instances.
struct ActingOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this person (admins, or simulation stores).",
                                                         valueName: "person"))
    var actor: String?

    @Option(help: ArgumentHelp("The time of the action (simulation stores only), e.g. 2025-01-06T09:00.",
                               valueName: "time"))
    var now: String?

    func session() throws -> AgencySession {
        try AgencySession(storeURL: store.storeURL, workflows: workflows, actor: actor, now: now)
    }
}
