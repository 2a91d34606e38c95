import AgencyCalendar
import AgencyJSON
import AgencyServer
import ArgumentParser
import Foundation
import WorkflowEngine
import WorkflowStore

/// `agency init`: creates a store.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a store: the folder that holds instances, journals and indexes.",
        discussion: """
            Examples:
              agency init --people Workflows/people.json
              agency init --store /var/lib/agency --timezone Asia/Shanghai --people people.json
              agency init --store sim --simulation --people people.json   # allows --as and --now
              agency init --store /srv/zone/.agency --served --people people.json   # for agency serve
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("The people directory to copy into the store (people.json).", valueName: "file"))
    var people: String?
    @Option(help: "The zone's time zone.") var timezone = "Asia/Shanghai"
    @Flag(help: "A store for simulation and tests: --as and --now are honoured for everyone.")
    var simulation = false
    @Option(name: .customLong("calendar"), help: ArgumentHelp("A calendar file to copy in (repeatable).", valueName: "file"))
    var calendars: [String] = []
    @Flag(help: ArgumentHelp("Refuse working days in years no calendar declares, instead of planning them "
                             + "provisionally from the statutory holidays."))
    var strictCalendar = false
    @Flag(help: ArgumentHelp("A served store: only agency serve opens it, everyone else is its client "
                             + "(run init as the service account; Docs/serving.md)."))
    var served = false

    func run() throws {
        guard TimeZone(identifier: timezone) != nil else {
            throw CLIError.invalid("--timezone '\(timezone)' is not a time zone (e.g. Asia/Shanghai)")
        }
        var directory = try PeopleDirectory(people: [])
        var peopleBytes: [UInt8]?
        if let people {
            guard let loaded = try AgencySession.readPeople(atPath: people) else {
                throw CLIError.notFound("--people \(people): no such file")
            }
            directory = loaded
            peopleBytes = try directory.json.prettyBytes()
        }
        // Every calendar file must load, together and in order, before anything is created:
        // a store whose calendar fails would refuse every later command.
        let calendarURLs = calendars.map { URL(fileURLWithPath: $0) }
        for url in calendarURLs where !FileManager.default.fileExists(atPath: url.path) {
            throw CLIError.notFound("--calendar \(url.path): no such file")
        }
        _ = try calendarCall {
            try WorkCalendar.load(files: calendarURLs, policy: strictCalendar ? .strict : .provisional)
        }
        let root = storeOptions.storeURL
        var config = StoreConfig()
        config.timezone = timezone
        config.simulation = simulation
        config.calendar = strictCalendar ? "strict" : "provisional"
        if served {
            // Everything init creates is the service account's alone; StorePermissions
            // then opens the store folder for traversal and store.json for reading.
            umask(0o077)
            config.served = ServedConfig(socket: root.standardizedFileURL.path + "/agency.sock")
        }
        let store = try mapErrors { try FileStore.create(at: root.path, config: config) }
        let writer = store.writer
        if let peopleBytes {
            try mapErrors { try writer.replace(root.appendingPathComponent("people.json").path, with: peopleBytes) }
        }
        if !calendars.isEmpty {
            let folder = root.appendingPathComponent("calendar")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in calendars {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CLIError.notFound("--calendar \(file): the file could not be read")
                }
                let name = URL(fileURLWithPath: file).lastPathComponent
                try mapErrors { try writer.replace(folder.appendingPathComponent(name).path, with: [UInt8](data)) }
            }
        }
        if served { try ServeCommand.served { try StorePermissions.secure(storeRoot: store.layout.root) } }
        Console.out("created \(served ? "served " : "")store \(root.path) (time zone \(timezone)\(simulation ? ", simulation" : "")"
                    + "\(strictCalendar ? ", strict calendar" : ""), "
                    + "\(directory.people.count) people)")
        if served { Console.out("serve it with: agency serve --store \(root.path) (Docs/serving.md)") }
    }
}
