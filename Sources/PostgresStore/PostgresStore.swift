import AgencyFormats
import AgencyJSON
import Foundation
import PostgresNIO
import WorkflowStore

/// An `InstanceStore` in a PostgreSQL database (Docs/storage.md, "The PostgreSQL store"):
/// what several `agency serve` nodes share.
///
/// It keeps what a `FileStore` keeps, with the same checks and the same bytes: every
/// journal record's canonical line (so `hash`, `prev` and the chain are exactly the file
/// store's, and `agency store copy` moves them unchanged), the snapshot's canonical text
/// (with a jsonb copy for queries), outbox messages, notifications, index entries,
/// content-addressed definitions and environment versions, schedules, the simulation
/// clock and the store journal (tables in `PostgresSchema`).
///
/// - **Commits** are one transaction each: records, snapshot, index, outbox and
///   notifications appear together or not at all, so there are never `pending` records.
/// - **Locks** are PostgreSQL advisory locks held by a connection for the lock's body
///   (`PostgresStore+Locks`), waited for up to `lock_timeout` (`busy` after it); a holder
///   that dies loses its connection and so its locks. Commits also lock the instance's row
///   (`SELECT … FOR UPDATE`) and check the head, so a commit never builds on a stale head.
/// - **Reads** outside a lock run on pooled connections, one statement each, so they see a
///   state some commit left.
public final class PostgresStore: @unchecked Sendable {
    // @unchecked: immutable after `init`; `connections` is thread-safe.
    public let config: StoreConfig
    public let url: PostgresURL
    let connections: PostgresConnections
    /// The schema, for SQL (validated by `PostgresURL` as an identifier needing no quotes).
    let schema: String
    /// Tells this store's held locks from another store object's (`PostgresLocks`).
    let tag = UUID().uuidString
    /// A signed store's signer and raw public key: the folder's (`open(url:signingWith:)`).
    let signing: Signing?

    /// How a signed PostgreSQL store signs: with the key of the store folder that names it.
    struct Signing: Sendable {
        let signer: @Sendable () throws(StoreError) -> JournalSigner
        let publicKey: [UInt8]
        /// `publicKey` as store.json writes it (`ed25519:<base64>`).
        let publicKeyText: String
    }

    private init(url: PostgresURL, config: StoreConfig, connections: PostgresConnections, signing: Signing? = nil) {
        self.url = url
        self.config = config
        self.connections = connections
        self.schema = url.schema
        self.signing = signing
    }

    /// Whether commits sign their last record (a store opened with a signed folder's key).
    public var signsJournal: Bool { signing != nil }
    public var journalPublicKey: String? { signing?.publicKeyText }

    /// A new store in `url`'s database and schema: the tables are created (or upgraded),
    /// and `config` is recorded. A schema that already holds a store is refused
    /// (`storeNotEmpty`), and so is a bad configuration, before anything is written.
    public static func create(url text: String, config: StoreConfig = StoreConfig()) throws -> PostgresStore {
        let url = try PostgresURL(text)
        var config = config
        try config.validate(path: url.location)
        if config.created == nil { config.created = ISOTime.string(Date(), in: config.timeZone) }
        let configText = String(decoding: try ImplementationKit.canonical(config.json, what: "the store's configuration"),
                                as: UTF8.self)
        let connections = try PostgresConnections(url: url, answerTimeout: answerTimeout(config),
                                                  connectionWait: config.lockTimeoutSeconds)
        do {
            try connections.withConnection(operation: "create the store") { connection in
                try PostgresSchema.migrate(connections, on: connection)
                let inserted = try connections.run(
                    "INSERT INTO \(unescaped: url.schema).store_config (config_text) VALUES (\(configText)) ON CONFLICT DO NOTHING RETURNING 1",
                    on: connection, operation: "create the store")
                if inserted.isEmpty {
                    throw StoreError.storeNotEmpty(path: url.location + " (schema \(url.schema))",
                                                   entry: "a store already: give another schema with ?schema=NAME")
                }
            }
        } catch {
            connections.shutdown()
            throw error
        }
        return PostgresStore(url: url, config: config, connections: connections)
    }

    /// The store in `url`'s database and schema, its schema upgraded if this build has
    /// newer migrations. No store there: `notAStore`. With `files`, a signed store folder
    /// (store.json's `publicKey`), every commit is signed with the folder's key, exactly as
    /// the folder's own commits would be, and verify checks every signature.
    public static func open(url text: String, signingWith files: FileStore? = nil) throws -> PostgresStore {
        let url = try PostgresURL(text)
        // The configuration is not known yet: answer within a generous bound until it is.
        let probe = try PostgresConnections(url: url, answerTimeout: 60, connectionWait: 60)
        let config: StoreConfig
        do {
            config = try probe.withConnection(operation: "open the store") { connection in
                // Nothing is created where there is no store: only an existing one is upgraded.
                let found = try probe.run("SELECT to_regclass(\(url.schema + ".store_config"))::text",
                                          on: connection, operation: "look for the store")
                guard let row = found.first, try Rows.decode(row, String?.self, url: url) != nil else {
                    throw StoreError.notAStore(path: url.location, problem: "the schema \(url.schema) holds no store "
                        + "(create one with `agency init --postgres URL`)")
                }
                try PostgresSchema.migrate(probe, on: connection)
                let rows = try probe.run("SELECT config_text FROM \(unescaped: url.schema).store_config",
                                         on: connection, operation: "read the store's configuration")
                guard let row = rows.first else {
                    throw StoreError.notAStore(path: url.location, problem: "the schema \(url.schema) holds no store "
                        + "(create one with `agency init --postgres URL`)")
                }
                let text = try Rows.decode(row, String.self, url: url)
                return try StoreConfig(json: try Rows.json(text, what: "the store's configuration"),
                                       path: url.location)
            }
        } catch {
            probe.shutdown()
            throw error
        }
        probe.shutdown()
        try checkKey(recorded: config.publicKey, folder: files, location: url.location)
        var signing: Signing?
        if let files, let publicKeyText = files.config.publicKey {
            guard let publicKey = Ed25519Keys.publicKeyBytes(publicKeyText) else {
                throw StoreError.badConfig(path: files.layout.root, problem: "\"publicKey\" is not an Ed25519 key")
            }
            signing = Signing(signer: { () throws(StoreError) -> JournalSigner in
                guard let signer = try ImplementationKit.signer(of: files) else {
                    throw StoreError.badConfig(path: files.layout.root, problem: "the store does not sign")
                }
                return signer
            }, publicKey: publicKey, publicKeyText: publicKeyText)
        }
        let connections = try PostgresConnections(url: url, answerTimeout: answerTimeout(config),
                                                  connectionWait: config.lockTimeoutSeconds)
        return PostgresStore(url: url, config: config, connections: connections, signing: signing)
    }

    /// A database whose `store_config` records a public key (a signed folder's, since
    /// `agency init --postgres` and `agency store copy` record it) signs only with that key:
    /// a folder with another key, or none, would write records its nodes' verify refuses.
    /// Opening by URL alone (no folder) only reads and copies, and is allowed.
    private static func checkKey(recorded: String?, folder files: FileStore?, location: String) throws {
        guard let recorded, let files, files.config.publicKey != recorded else { return }
        let path = files.layout.root + "/store.json"
        if let other = files.config.publicKey {
            throw StoreError.badConfig(path: path, problem: "its \"publicKey\" \(other) is not the key the database "
                + "\(location) is signed with (\(recorded)): every node's folder holds the same key; copy a node's "
                + "folder, keys/ included, to make another")
        }
        throw StoreError.badConfig(path: path, problem: "it has no \"publicKey\" but the database \(location) is "
            + "signed (\(recorded)): a node without the key would write records the others' verify refuses; copy a "
            + "node's folder, keys/ included, to make another")
    }

    /// Closes the store's connections and its event-loop thread. The store must not be
    /// used afterwards.
    public func close() {
        connections.shutdown()
    }

    /// Drops the store's schema and everything in it: for tests, which use a schema each.
    public func dropSchema() throws {
        try connections.run("DROP SCHEMA \(unescaped: schema) CASCADE", operation: "drop the schema")
    }

    /// How long any one answer may take: the lock timeout (waits end there, server-side)
    /// plus time for the work itself.
    private static func answerTimeout(_ config: StoreConfig) -> Double {
        max(30, config.lockTimeoutSeconds + 30)
    }

    /// The qualified name of table `name`, for SQL.
    func table(_ name: String) -> String { "\(schema).\(name)" }

    /// `query`'s rows, on a pooled connection.
    @discardableResult
    func sql(_ query: PostgresQuery, _ operation: String) throws(StoreError) -> [PostgresRow] {
        try connections.run(query, operation: operation)
    }
}
