import ArgumentParser
import Foundation
import PostgresStore

/// Where the store is: `--store`, else AGENCY_STORE, else ./.agency.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store directory (default: $AGENCY_STORE or ./.agency).",
                                            valueName: "dir"))
    var store: String?

    /// In agency serve, always the server's store, whatever the client named: a client
    /// only reaches a server through the socket its store names.
    var storeURL: URL {
        if let served = ServedRequestContext.current { return served.store.storeURL }
        let path = store ?? ProcessInfo.processInfo.environment["AGENCY_STORE"] ?? ".agency"
        return URL(fileURLWithPath: path)
    }

    /// The `postgres://` URL given where a store folder is expected (`--store` or
    /// AGENCY_STORE), nil when a folder was given (and always inside agency serve).
    var databaseURL: String? {
        if ServedRequestContext.current != nil { return nil }
        let text = store ?? ProcessInfo.processInfo.environment["AGENCY_STORE"] ?? ""
        return PostgresURL.isPostgresURL(text) ? text : nil
    }

    /// Refuses a database URL where a command needs its store folder: the folder holds
    /// store.json, people.json, the calendar layers and the keys, and names the database.
    func requireFolder() throws {
        guard let text = databaseURL else { return }
        let location = (try? PostgresURL(text))?.location ?? "postgres://…"
        throw CLIError.invalid("--store \(location): this command acts on a store folder, not a database URL. "
            + "The folder keeps store.json (which names the database in \"database\"), people.json, the calendar "
            + "layers and the keys; give it with --store DIR (agency init --store DIR --postgres URL creates one "
            + "with a new database store; for another node on the same database, copy the first node's folder). "
            + "agency store copy takes URLs; agency serve takes one with --folder DIR")
    }
}
