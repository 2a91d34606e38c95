import Foundation
import PostgresNIO
import WorkflowStore

/// postgres-nio's errors as `StoreError`s that say what to check.
enum PostgresErrors {
    /// The SQLSTATE of a server error, nil for any other error.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// SQLSTATE 55P03: a lock was not obtained within `lock_timeout`.
    static let lockNotAvailable = "55P03"
    /// SQLSTATE 23505: a unique constraint refused a row.
    static let uniqueViolation = "23505"

    static func storeError(_ error: any Error, url: PostgresURL, operation: String) -> StoreError {
        if let error = error as? StoreError { return error }
        return .database(location: url.location, operation: operation, problem: problem(error, url: url))
    }

    private static func problem(_ error: any Error, url: PostgresURL) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        let server = url.socketDirectory.map { "the socket in \($0)" } ?? "\(url.host):\(url.port)"
        switch error.code {
        case .server:
            return serverProblem(error, url: url)
        case .connectionError:
            let cause = error.underlying.map { "\($0)" } ?? "unknown cause"
            if cause.localizedCaseInsensitiveContains("refused") || cause.contains("ECONNREFUSED")
                || cause.contains("No such file") {
                return "the connection to \(server) was refused (\(cause)). Check that PostgreSQL is running "
                    + "(pg_ctl status, systemctl status postgresql) and listens there (listen_addresses and port "
                    + "in postgresql.conf), and that no firewall is in the way"
            }
            return "could not connect to \(server) (\(cause)). Check the host name, the port and the network"
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return "the connection to \(server) broke (the server restarted or shut down, or the network "
                + "failed). A command that was running was not applied unless a later read shows it; check "
                + "the server, then run the command again"
        case .sslUnsupported:
            return "the server at \(server) does not offer TLS but sslmode=\(url.sslMode.rawValue) needs it: "
                + "enable ssl in postgresql.conf, or use sslmode=disable on a trusted network"
        case .authMechanismRequiresPassword:
            return "the server asks user \(url.user) for a password: set PGPASSWORD in the environment "
                + "(kept out of store.json; see Docs/operations.md), or let pg_hba.conf trust this connection"
        case .unsupportedAuthMechanism, .saslError:
            return "the server's login method is not supported (\(error.code)): use scram-sha-256 or md5 "
                + "for this user in pg_hba.conf"
        default:
            return "\(error.code): \(String(reflecting: error))"
        }
    }

    private static func serverProblem(_ error: PSQLError, url: PostgresURL) -> String {
        let state = error.serverInfo?[.sqlState] ?? "?"
        let message = error.serverInfo?[.message] ?? "no message"
        switch state {
        case "28P01", "28000":
            return "the login of user \(url.user) was refused (\(message)). Check the user name and password "
                + "in the URL and the server's pg_hba.conf"
        case "3D000":
            return "database \(url.database) does not exist (\(message)). Create it (createdb -O \(url.user) "
                + "\(url.database)) or fix the URL"
        case "42501":
            return "user \(url.user) lacks a privilege (\(message)). Grant it as Docs/operations.md, "
                + "\"PostgreSQL roles and grants\", shows"
        case "53300":
            return "the server has no free connections (\(message)). Raise max_connections or run fewer nodes"
        case "57P01", "57P02", "57P03":
            return "the server is shutting down or starting up (\(message)). Wait for it, then run the command "
                + "again"
        case "25006":
            return "the server is read-only (\(message)): connect to the primary, not a standby"
        default:
            return "the server said \(message) (SQLSTATE \(state))"
        }
    }
}
