import AgencyJSON
import PostgresNIO
import WorkflowStore

/// Reading columns and JSON text back, with failures as `StoreError`s.
enum Rows {
    /// The row's columns as `T` (a type or a tuple of types).
    static func decode<T: PostgresDecodable>(_ row: PostgresRow, _ type: T.Type, url: PostgresURL)
        throws(StoreError) -> T {
        do {
            return try row.decode(T.self)
        } catch {
            throw .database(location: url.location, operation: "read a row", problem:
                "a column does not have the type this agency expects (\(error)); is the schema from another program?")
        }
    }

    static func decode<A: PostgresDecodable, B: PostgresDecodable>(_ row: PostgresRow, _ types: (A.Type, B.Type),
                                                                     url: PostgresURL) throws(StoreError) -> (A, B) {
        do {
            return try row.decode((A, B).self)
        } catch {
            throw .database(location: url.location, operation: "read a row", problem:
                "a column does not have the type this agency expects (\(error)); is the schema from another program?")
        }
    }

    static func decode<A: PostgresDecodable, B: PostgresDecodable, C: PostgresDecodable>(
        _ row: PostgresRow, _ types: (A.Type, B.Type, C.Type), url: PostgresURL) throws(StoreError) -> (A, B, C) {
        do {
            return try row.decode((A, B, C).self)
        } catch {
            throw .database(location: url.location, operation: "read a row", problem:
                "a column does not have the type this agency expects (\(error)); is the schema from another program?")
        }
    }

    /// `text` parsed as JSON; `what` names it in the error.
    static func json(_ text: String, what: String) throws(StoreError) -> JSONValue {
        do {
            return try JSONValue.parse(Array(text.utf8))
        } catch {
            throw .encoding(what: what, problem: "its stored text does not read back: \(error.description)")
        }
    }

    /// A bytea column's bytes.
    static func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }
}

/// The 64-bit keys of the store's advisory locks (`pg_advisory_lock`): the first 8 bytes of
/// SHA-256 over the schema and the lock's name, so that stores in different schemas of one
/// database never share a lock. Two names sharing a key would only make them wait for each
/// other, never let two holders in.
enum AdvisoryKey {
    static func key(schema: String, name: String) -> Int64 {
        let hex = JournalHash.sha256(Array("fullagency-lock:\(schema):\(name)".utf8))
        return Int64(bitPattern: UInt64(hex.prefix(16), radix: 16) ?? 0)
    }

    static func instance(schema: String, id: String) -> Int64 { key(schema: schema, name: "instance/" + id) }
    static func store(schema: String) -> Int64 { key(schema: schema, name: "store") }
    static func delivery(schema: String) -> Int64 { key(schema: schema, name: "delivery") }
    static func migration(schema: String) -> Int64 { key(schema: schema, name: "migration") }
}
