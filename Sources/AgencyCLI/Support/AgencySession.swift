import AgencyCalendar
import AgencyJSON
import AgencyServer
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
        requestedActor = actor ?? ServedRequestContext.environment("AGENCY_USER")
        requestedNow = now
        if let served = ServedRequestContext.current {
            // Inside agency serve: the server's hot store, whatever the client named.
            let hot = try served.store.current()
            self.storeURL = served.store.storeURL
            files = hot.files
            people = hot.people
            service = hot.service
            service.login = nil
            service.channel = served.channel
            service.tokenID = served.caller?.tokenID
            return
        }
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
        if let served = store.config.served {
            throw CLIError.notPermitted("the store \(storeURL.path) is served by agency serve, and only the server "
                + "opens its files; run the command as a client (agency does that by itself when the store's "
                + "store.json names the socket \(served.socket)): is the server running? "
                + "systemctl status agency, or agency serve --check --store \(storeURL.path)")
        }
        self.storeURL = storeURL
        files = store
        people = try Self.readPeople(atPath: storeURL.appendingPathComponent("people.json").path)
            ?? PeopleDirectory(people: [])
        let calendar = try Self.calendar(of: store.config, at: storeURL)
        let instances = try mapErrors { try DatabaseStores.instanceStore(for: store) }
        service = try AgencyService(store: instances, workflowsFolder: workflows.folder, people: people,
                                    calendar: calendar)
        service.channel = "cli"
        service.tokenID = nil
    }

    /// Reads a people file; nil when there is none. One that is not a valid directory
    /// is `invalid`, naming the file.
    /// `userFile`: a file the user named (`people apply FILE`), read by the client in
    /// served mode; else a store or local file read where agency runs.
    static func readPeople(atPath path: String, userFile: Bool = false) throws -> PeopleDirectory? {
        let read = userFile ? try UserFiles.read(path) : try mapErrors({ try LocalFile.read(path) })
        guard let data = read else { return nil }
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

    /// The operating-system login behind the command: in direct mode the password entry
    /// of the real user id (`OSUser`), never an environment variable (`USER`, `LOGNAME`),
    /// which anyone can set to an administrator's login; in agency serve the socket
    /// peer's, from the kernel (SO_PEERCRED). Nil for HTTP callers and the server's tick.
    static var login: String? {
        if let served = ServedRequestContext.current { return served.caller?.login }
        return OSUser.current
    }

    /// The person acting: the login's person, or `--as` / AGENCY_USER when the login's
    /// person is an admin or the store is for simulation. The journal records both.
    func actor() throws -> String {
        let login = Self.login
        // An HTTP caller's person comes from its session or token; a socket's and direct
        // mode's from the login.
        let own = ServedRequestContext.current?.caller?.person.flatMap { people.person($0) }
            ?? login.flatMap { people.person(login: $0) }
        guard let requested = requestedActor else {
            guard let own else {
                let name = login ?? "(none)"
                throw CLIError.notPermitted("your login '\(name)' is not in the people directory "
                    + "(\(storeURL.path)/people.json); add \"login\": \"\(name)\" to your entry"
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
                + "(your login '\(login ?? "(none)")' is \(own.map { people.display($0.id) } ?? "not in the directory"))")
        }
        service.login = login
        return requested
    }

    /// Whether the command is dated by a clock (no `--now` given), so the service may date
    /// it again when it holds the instance's lock.
    var datedByClock: Bool { requestedNow == nil }

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
