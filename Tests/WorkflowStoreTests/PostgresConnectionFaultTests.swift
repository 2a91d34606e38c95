import Foundation
@testable import PostgresStore
import Testing
import WorkflowStore

/// What a node sees when its connection to PostgreSQL goes away under it (found by
/// Scripts/fault-postgres: a partition made commands wait twice the answer timeout).
/// Runs when `AGENCY_TEST_POSTGRES_URL` is set.
@Suite("PostgreSQL connection faults", .enabled(if: PostgresConformance.url != nil, "AGENCY_TEST_POSTGRES_URL is not set"))
struct PostgresConnectionFaultTests {
    struct BodyFailed: Error {}

    @Test("a query on a connection closed under it fails as closed, not by waiting for an answer")
    func closedConnection() throws {
        let url = try PostgresURL(try #require(PostgresConformance.url))
        // An answer timeout far longer than any test: only the closed connection can end the wait.
        let connections = try PostgresConnections(url: url, answerTimeout: 3600, connectionWait: 5)
        defer { connections.shutdown() }
        let connection = try connections.lease(operation: "test")
        try connection.close().wait()
        let error = storeError { try connections.run("SELECT 1", on: connection, operation: "run a query") }
        guard case .database(_, let operation, let problem)? = error else {
            Issue.record("expected a database error, got \(String(describing: error))")
            return
        }
        #expect(operation == "run a query")
        #expect(problem == PostgresConnections.closedProblem)
        #expect(problem.contains("run the command again"))
    }

    @Test("when the lock holder's connection is lost, the caller gets the body's error, not the release's")
    func lostLockConnection() throws {
        let base = try #require(PostgresConformance.url)
        let schema = "pgtest_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let url = base + (base.contains("?") ? "&" : "?") + "schema=" + schema
        let store = try PostgresStore.create(url: url, config: StoreConfig(lockTimeoutSeconds: 2))
        defer {
            try? store.dropSchema()
            store.close()
        }
        #expect(throws: BodyFailed.self) {
            try store.withInstanceLock("p-1") {
                let holder = try #require(store.lockConnection("p-1"))
                try holder.close().wait()
                throw BodyFailed()
            }
        }
        // The lock went with its connection: another holder gets it at once.
        #expect(try store.withInstanceLock("p-1", timeout: 2) { true })
    }
}
