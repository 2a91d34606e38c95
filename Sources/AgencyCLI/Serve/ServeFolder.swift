import AgencyJSON
import AgencyService
import Foundation
import PostgresStore
import WorkflowStore

/// The folder `agency serve` owns. A store given as a folder is that folder. A store given
/// as a `postgres://` URL (a node of several on one database) still needs one, named with
/// `--folder`: a database holds the instances, not what a server keeps beside them.
enum ServeFolder {
    /// What the folder holds that the database does not, for messages.
    static let contents = "the socket clients connect to, store.json, people.json, the calendar layers, "
        + "the signing key, the API tokens and the lock that keeps a second server off it"

    /// The folder to serve: `--store`'s folder, or `--folder` checked to name the database
    /// `--store` gives as a URL.
    static func root(_ options: StoreOptions, folder: String?) throws -> URL {
        guard let text = options.databaseURL else {
            if folder != nil {
                throw CLIError.invalid("--folder goes with --store postgres://URL; with a store folder, --store DIR "
                    + "is the folder served")
            }
            return options.storeURL.standardizedFileURL.resolvingSymlinksInPath()
        }
        let url = try mapErrors { try PostgresURL(text) }
        guard let folder else {
            throw CLIError.invalid("agency serve --store \(url.location) needs --folder DIR, the node's own folder: "
                + "\(contents). Its store.json names this database (agency init --served --store DIR --postgres URL "
                + "creates one; for another node on the same database, copy the first node's folder)")
        }
        let root = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath()
        let file = root.appendingPathComponent("store.json").path
        guard let bytes = try mapErrors({ try LocalFile.read(file) }) else {
            throw CLIError.notFound("--folder \(root.path) is not a store folder (no store.json); create one with "
                + "agency init --served --store \(root.path) --postgres URL")
        }
        let config = try mapErrors { try StoreConfig(json: try JSONValue.parse(bytes), path: file) }
        guard let named = config.database, let database = try? PostgresURL(named) else {
            throw CLIError.invalid("--folder \(root.path): its store.json names no database (\"database\"), so it "
                + "keeps its own instances; serve it with --store \(root.path), or give the folder of a node of "
                + url.location)
        }
        guard sameStore(database, url) else {
            throw CLIError.invalid("--folder \(root.path) names the database \(database.location), not "
                + "\(url.location): give the folder of a node of \(url.location), or correct --store")
        }
        return root
    }

    /// Whether two URLs name the same store (server, database, schema and user), whatever
    /// their password, TLS mode or connection limit.
    static func sameStore(_ one: PostgresURL, _ other: PostgresURL) -> Bool {
        (one.user, one.host, one.port, one.database, one.schema, one.socketDirectory)
            == (other.user, other.host, other.port, other.database, other.schema, other.socketDirectory)
    }
}
