import Foundation
import PostgresStore
import WorkflowStore

/// The instance store behind a store directory: the directory itself (`FileStore`), or the
/// PostgreSQL store its store.json names in `"database"` (`agency init --postgres`). One
/// `PostgresStore` per URL per process, so that `agency serve`, which reopens its store
/// when a file of it changes, keeps one connection pool and one event-loop thread.
enum DatabaseStores {
    private static let mutex = NSLock()
    nonisolated(unsafe) private static var opened: [String: PostgresStore] = [:]

    /// `files`, or the database store its configuration names, signing with the folder's
    /// key when the folder is signed.
    ///
    /// The settings both keep (time zone, simulation) must agree: the database's
    /// (`store_config`, written by `agency init --postgres`) rule what is stored, so a
    /// folder saying otherwise would date or check commands by other rules than the other
    /// nodes. A disagreement is refused, naming both.
    static func instanceStore(for files: FileStore) throws -> any InstanceStore {
        guard let database = files.config.database else { return files }
        let opened = try store(database, signingWith: files)
        for (name, folder, stored) in [("timezone", "\"\(files.config.timezone)\"", "\"\(opened.config.timezone)\""),
                                       ("simulation", "\(files.config.simulation)", "\(opened.config.simulation)")]
        where folder != stored {
            throw StoreError.badConfig(path: files.layout.root + "/store.json", problem:
                "\"\(name)\" is \(folder) here but \(stored) in the database \(opened.location), whose settings every "
                + "node shares; set \"\(name)\": \(stored) in this store.json (copy a node's folder to make another)")
        }
        return opened
    }

    /// The store at `url`, opened once per process.
    static func store(_ url: String, signingWith files: FileStore? = nil) throws -> PostgresStore {
        try mutex.withLock {
            if let store = opened[url] { return store }
            let store = try PostgresStore.open(url: url, signingWith: files)
            opened[url] = store
            return store
        }
    }
}
