import Foundation
import PostgresNIO
import WorkflowStore

/// Where a `PostgresStore` lives, read from a libpq-style URL:
///
///     postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE&schema=NAME&host=/socket/dir&connection_limit=N]
///
/// - `sslmode`: `disable`, `prefer` (the default, as libpq's: TLS when the server offers it,
///   without checking its certificate), `require` (TLS, certificate not checked) or
///   `verify-full` (TLS, certificate and host name checked against the system's roots).
/// - `schema`: the PostgreSQL schema holding the store's tables (default `agency`), so that
///   several stores can share a database; lowercase letters, digits and `_`.
/// - `host=/dir`: connect through the Unix socket `/dir/.s.PGSQL.PORT` instead of TCP.
/// - `connection_limit`: the most connections this process opens to the store at once
///   (default 10, at least 4); a caller needing one when all are in use waits for one,
///   up to the store's `lockTimeoutSeconds`, then fails naming the limit.
///
/// Percent-encoded user names and passwords are decoded; without a password in the URL,
/// `PGPASSWORD`'s is used, as libpq does. The password never appears in
/// `location` (what messages and `AGENCY_STORE` show).
public struct PostgresURL: Sendable, Equatable {
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode
    public var schema: String
    /// The directory of the server's Unix socket, when given as `host=/dir`.
    public var socketDirectory: String?
    /// The most connections this process opens to the store at once (`connection_limit`).
    public var connectionLimit: Int

    public static let defaultConnectionLimit = 10
    /// A command may hold the store lock, an instance lock and a read at once: fewer than
    /// this many connections could leave a command waiting on itself.
    public static let connectionLimits = 4...1000

    /// Whether `text` is meant as a PostgreSQL URL (rather than a store directory).
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads `text`; `badConfig` says what is wrong and how a good URL looks.
    public init(_ text: String) throws(StoreError) {
        let shape = "expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|"
            + "verify-full&schema=NAME&host=/socket/dir&connection_limit=N]"
        guard Self.isPostgresURL(text), let components = URLComponents(string: text) else {
            throw .badConfig(path: Self.redacted(text), problem: shape)
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") },
                               uniquingKeysWith: { _, last in last })
        for name in query.keys where !["sslmode", "schema", "host", "connection_limit"].contains(name) {
            throw .badConfig(path: Self.redacted(text), problem: "unknown parameter \"\(name)\"; \(shape)")
        }
        user = components.percentEncodedUser?.removingPercentEncoding ?? ""
        // As libpq: a URL without a password takes PGPASSWORD's, so store.json need not hold one.
        password = components.percentEncodedPassword?.removingPercentEncoding
            ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        host = components.host ?? ""
        port = components.port ?? 5432
        database = String(components.path.drop(while: { $0 == "/" }))
        schema = query["schema"] ?? "agency"
        socketDirectory = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        guard let mode = SSLMode(rawValue: query["sslmode"] ?? "prefer") else {
            throw .badConfig(path: Self.redacted(text), problem: "sslmode must be one of "
                + SSLMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        sslMode = mode
        if let value = query["connection_limit"] {
            guard let limit = Int(value), Self.connectionLimits.contains(limit) else {
                throw .badConfig(path: Self.redacted(text), problem: "connection_limit must be a whole number from "
                    + "\(Self.connectionLimits.lowerBound) to \(Self.connectionLimits.upperBound), not \"\(value)\"")
            }
            connectionLimit = limit
        } else {
            connectionLimit = Self.defaultConnectionLimit
        }
        if user.isEmpty { throw .badConfig(path: Self.redacted(text), problem: "no user name; \(shape)") }
        if host.isEmpty && socketDirectory == nil {
            throw .badConfig(path: Self.redacted(text), problem: "no host; \(shape)")
        }
        if database.isEmpty || database.contains("/") {
            throw .badConfig(path: Self.redacted(text), problem: "no database name; \(shape)")
        }
        guard Self.isIdentifier(schema) else {
            throw .badConfig(path: Self.redacted(text), problem: "schema \"\(schema)\" is not 1 to 63 lowercase "
                + "ASCII letters, digits or '_' starting with a letter or '_'")
        }
    }

    /// The URL without its password: for messages, logs and `InstanceStore.location`.
    public var location: String {
        var text = "postgres://\(user)@\(host.isEmpty ? "localhost" : host):\(port)/\(database)"
        var parameters: [String] = []
        if let socketDirectory { parameters.append("host=\(socketDirectory)") }
        if schema != "agency" { parameters.append("schema=\(schema)") }
        if sslMode != .prefer { parameters.append("sslmode=\(sslMode.rawValue)") }
        if connectionLimit != Self.defaultConnectionLimit { parameters.append("connection_limit=\(connectionLimit)") }
        if !parameters.isEmpty { text += "?" + parameters.joined(separator: "&") }
        return text
    }

    /// postgres-nio's connection settings for this URL.
    func connectionConfiguration() throws(StoreError) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketDirectory {
            configuration = .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user,
                                  password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: user, password: password, database: database,
                                  tls: try tls())
        }
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    private func tls() throws(StoreError) -> PostgresConnection.Configuration.TLS {
        if sslMode == .disable { return .disable }
        var settings = TLSConfiguration.makeClientConfiguration()
        if sslMode != .verifyFull { settings.certificateVerification = .none }
        do {
            let context = try NIOSSLContext(configuration: settings)
            return sslMode == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw .badConfig(path: location, problem: "cannot set up TLS (\(error)); try sslmode=disable on a "
                + "trusted network")
        }
    }

    /// `text` with any password replaced by `***`.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "postgres://…"
    }

    /// A PostgreSQL identifier that needs no quoting.
    static func isIdentifier(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), let first = bytes.first,
              (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) || first == UInt8(ascii: "_")
        else { return false }
        return bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "_")
        }
    }
}
