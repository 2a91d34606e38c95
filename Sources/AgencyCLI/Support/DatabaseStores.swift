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
    static func instanceStore(for files: FileStore) throws -> any InstanceStore {
        guard let database = files.config.database else { return files }
        return try store(database, signingWith: files)
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
