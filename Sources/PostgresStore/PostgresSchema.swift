import PostgresNIO
import WorkflowStore

/// The store's tables, created and upgraded by numbered migrations. `schema_version` holds
/// one row per migration applied; a database whose highest version is above what this
/// build knows is refused (an older agency must not write a newer schema).
///
/// Every JSON value the hashes or signatures cover is kept as its exact canonical text
/// (`*_text`, `line`): jsonb would reorder keys and normalise numbers, so it is kept beside
/// the text only for queries, never read back.
enum PostgresSchema {
    /// Migrations in order; index + 1 is the version. Never edit one that has shipped:
    /// append a new one.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE store_config (
                only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
                config_text text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now())
            """,
            """
            CREATE TABLE instances (
                id text COLLATE "C" PRIMARY KEY,
                head_seq bigint NOT NULL,
                head_hash text NOT NULL,
                snapshot_text text NOT NULL,
                snapshot jsonb,
                indexed_text text NOT NULL)
            """,
            """
            CREATE TABLE journal (
                instance_id text COLLATE "C" NOT NULL,
                seq bigint NOT NULL,
                prev text NOT NULL,
                hash text NOT NULL,
                sig text,
                line text NOT NULL,
                PRIMARY KEY (instance_id, seq))
            """,
            """
            CREATE TABLE index_entries (
                kind text COLLATE "C" NOT NULL,
                key text COLLATE "C" NOT NULL,
                instance_id text COLLATE "C" NOT NULL,
                PRIMARY KEY (kind, key, instance_id))
            """,
            """
            CREATE TABLE index_keys (
                kind text COLLATE "C" NOT NULL,
                key text COLLATE "C" NOT NULL,
                PRIMARY KEY (kind, key))
            """,
            """
            CREATE TABLE outbox (
                key text COLLATE "C" PRIMARY KEY,
                source text COLLATE "C" NOT NULL,
                seq bigint NOT NULL,
                n integer NOT NULL,
                message_text text NOT NULL)
            """,
            """
            CREATE TABLE notifications (
                key text COLLATE "C" PRIMARY KEY,
                body_text text NOT NULL,
                delivered boolean NOT NULL DEFAULT false,
                delivered_at timestamptz)
            """,
            """
            CREATE TABLE definitions (
                name text COLLATE "C" NOT NULL,
                sha text NOT NULL,
                source bytea NOT NULL,
                saved_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                PRIMARY KEY (name, sha))
            """,
            """
            CREATE TABLE environment_versions (
                kind text NOT NULL,
                sha text NOT NULL,
                bytes bytea NOT NULL,
                PRIMARY KEY (kind, sha))
            """,
            """
            CREATE TABLE store_state (
                name text PRIMARY KEY,
                value text NOT NULL)
            """,
            """
            CREATE TABLE schedules (
                workflow text COLLATE "C" PRIMARY KEY,
                state_text text NOT NULL)
            """,
            """
            CREATE TABLE store_journal (
                seq bigint PRIMARY KEY,
                prev text NOT NULL,
                hash text NOT NULL,
                line text NOT NULL)
            """,
        ],
        // 2: one person's pending notifications by index (`notifications(to:)`), and the
        // coordinator's cached documents.
        [
            "ALTER TABLE notifications ADD COLUMN recipient text COLLATE \"C\"",
            "UPDATE notifications SET recipient = (body_text::jsonb)->>'to'",
            "CREATE INDEX notifications_pending_recipient ON notifications (recipient, key) WHERE NOT delivered",
            """
            CREATE TABLE cached_documents (
                name text COLLATE "C" PRIMARY KEY,
                bytes bytea NOT NULL)
            """,
        ],
    ]

    static var currentVersion: Int { migrations.count }

    /// Creates the schema or brings it up to `currentVersion`, under a transaction-scoped
    /// advisory lock so that nodes starting together migrate once.
    static func migrate(_ connections: PostgresConnections, on connection: PostgresConnection) throws(StoreError) {
        let schema = connections.url.schema
        let run = { (sql: String) throws(StoreError) in
            try connections.run(PostgresQuery(unsafeSQL: sql), on: connection, operation: "migrate the schema")
        }
        try run("BEGIN")
        do throws(StoreError) {
            try run("SELECT pg_advisory_xact_lock(\(AdvisoryKey.migration(schema: schema)))")
            try run("CREATE SCHEMA IF NOT EXISTS \(schema)")
            try run("""
                CREATE TABLE IF NOT EXISTS \(schema).schema_version (
                    version integer PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """)
            let rows = try connections.run(
                PostgresQuery(unsafeSQL: "SELECT coalesce(max(version), 0) FROM \(schema).schema_version"),
                on: connection, operation: "read the schema version")
            let found = try rows.first.map { row throws(StoreError) in
                try Rows.decode(row, Int.self, url: connections.url)
            } ?? 0
            if found > currentVersion {
                throw StoreError.database(location: connections.url.location, operation: "open the store", problem:
                    "its schema is version \(found), newer than this agency knows (\(currentVersion)); "
                    + "upgrade agency on this machine")
            }
            for version in (found + 1)..<(currentVersion + 1) {
                try run("SET LOCAL search_path TO \(schema)")
                for statement in migrations[version - 1] { try run(statement) }
                try run("INSERT INTO \(schema).schema_version (version) VALUES (\(version))")
            }
            try run("COMMIT")
        } catch {
            _ = try? run("ROLLBACK")
            throw error
        }
    }
}
