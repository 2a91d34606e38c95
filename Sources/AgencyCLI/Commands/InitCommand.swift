import AgencyCalendar
import AgencyFormats
import AgencyJSON
import AgencyServer
import ArgumentParser
import Foundation
import PostgresStore
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
              agency init --store /var/lib/agency --signed --people people.json
              agency init --store /srv/zone/.agency --served --key /etc/agency/journal.key --people people.json
              agency init --store /srv/zone/.agency --postgres postgres://agency@db.internal/zones --people people.json
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
                             + "(run init as the service account; Docs/serving.md). Implies --signed."))
    var served = false
    @Flag(help: ArgumentHelp("Sign the journal: create an Ed25519 key (keys/journal.key, 0600) and put its public key "
                             + "in store.json; verify then refuses records written without it."))
    var signed = false
    @Option(help: ArgumentHelp("Keep the signing key in this new file outside the store (stronger: whoever can restore "
                               + "the store's files cannot sign).", valueName: "file"))
    var key: String?
    @Option(help: ArgumentHelp("The language staff read the store in: zh-CN (default) or en.", valueName: "language"))
    var language = "zh-CN"
    @Option(help: ArgumentHelp("Keep the instances in this PostgreSQL database (Docs/storage.md, \"The PostgreSQL "
                               + "store\"); the folder keeps people, calendars and settings. The password comes "
                               + "from PGPASSWORD.", valueName: "postgres://user@host/db"))
    var postgres: String?

    func run() throws {
        guard StoreConfig.languages.contains(language) else {
            throw CLIError.invalid("--language '\(language)' is not one of "
                                   + StoreConfig.languages.joined(separator: ", ") + " (zh-CN: staff read Chinese)")
        }
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
        let signs = signed || served || key != nil
        let keyPath = try key.map { try Self.outsideKeyPath($0, store: root) }
        var config = StoreConfig()
        config.signingKey = keyPath
        config.timezone = timezone
        config.language = language
        config.simulation = simulation
        config.calendar = strictCalendar ? "strict" : "provisional"
        if served {
            // Everything init creates is the service account's alone; StorePermissions
            // then opens the store folder for traversal and store.json for reading.
            umask(0o077)
            config.served = ServedConfig(socket: root.standardizedFileURL.path + "/agency.sock")
        }
        let seed = signs ? JournalSignature.newKeySeed() : nil
        let database = try postgres.map { url in
            try createDatabaseStore(url, publicKey: seed.flatMap(Ed25519Keys.publicKeyText(seed:)))
        }
        config.database = database?.location
        let store: FileStore
        do {
            store = try FileStore.create(at: root.path, config: config, signingKeySeed: seed)
        } catch {
            // Nothing half-made: the database store created above goes too.
            try? database?.dropSchema()
            throw CLIError(error)
        }
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
        if let database { Console.out("instances in the PostgreSQL store \(database.location)") }
        if served { Console.out("serve it with: agency serve --store \(root.path) (Docs/serving.md)") }
        if let publicKey = store.config.publicKey {
            Console.out("signing key \(store.signingKeyPath) (mode 0600; back it up apart from the store: "
                        + "see Docs/operations.md); public key \(publicKey)")
        }
    }

    /// The PostgreSQL store `--postgres` names, created with the folder's zone, clock, limits
    /// and language. A signed or served folder's key signs its commits (`DatabaseStores`).
    /// The database records the folder's public key, so that a folder with another key, or
    /// none, cannot sign in it (`PostgresStore.open(url:signingWith:)`).
    private func createDatabaseStore(_ url: String, publicKey: String?) throws -> PostgresStore {
        var config = StoreConfig()
        config.publicKey = publicKey
        config.timezone = timezone
        config.language = language
        config.simulation = simulation
        config.calendar = strictCalendar ? "strict" : "provisional"
        return try mapErrors { try PostgresStore.create(url: url, config: config) }
    }

    /// `--key`'s file as an absolute path, refused inside the store (where a key gains
    /// nothing over the default) or where a file already is.
    static func outsideKeyPath(_ given: String, store: URL) throws -> String {
        let path = URL(fileURLWithPath: given).standardizedFileURL.path
        let root = store.standardizedFileURL.resolvingSymlinksInPath().path
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().resolvingSymlinksInPath().path
        if parent == root || parent.hasPrefix(root + "/") {
            throw CLIError.invalid("--key \(given) is inside the store; name a file outside it (e.g. "
                                   + "/etc/agency/journal.key), or leave --key out for keys/journal.key")
        }
        if FileManager.default.fileExists(atPath: path) {
            throw CLIError.busy("--key \(given): a file is already there (another store's key?); name a new file")
        }
        // A new folder for the key is the owner's alone, like the key.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw CLIError.io("--key \(given): cannot create the folder \(folder): \(error.localizedDescription)")
            }
        }
        return path
    }
}
