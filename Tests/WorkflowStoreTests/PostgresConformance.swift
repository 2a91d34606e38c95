import Foundation
import PostgresStore
import Testing
import WorkflowStore

/// The PostgreSQL database the conformance suite also runs on: `AGENCY_TEST_POSTGRES_URL`
/// (`Scripts/test-postgres` sets it up). Each test gets a schema of its own, dropped after.
enum PostgresConformance {
    static let variable = "AGENCY_TEST_POSTGRES_URL"

    static var url: String? {
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { return nil }
        return text
    }

    /// Runs `body` with a new store in a fresh schema of `url`'s database.
    static func withStore<T>(config: StoreConfig, _ body: (any InstanceStore) throws -> T) throws -> T {
        guard let base = url else { throw SkipReason.noDatabase }
        let schema = "conformance_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let separator = base.contains("?") ? "&" : "?"
        let store = try PostgresStore.create(url: base + separator + "schema=" + schema, config: config)
        defer {
            try? store.dropSchema()
            store.close()
        }
        return try body(store)
    }

    enum SkipReason: Error { case noDatabase }
}

@Suite("PostgreSQL conformance")
struct PostgresConformanceTests {
    /// Makes the skip visible: without a database this test is reported as skipped with
    /// the reason, and the conformance suite above runs on the file and memory stores only.
    @Test("the conformance suite runs on PostgreSQL", .enabled(if: PostgresConformance.url != nil,
        "AGENCY_TEST_POSTGRES_URL is not set: the store conformance suite did not run on PostgreSQL (Scripts/test-postgres runs it)"))
    func runsOnPostgres() throws {
        #expect(StoreKind.allCases.contains(.postgres))
        try StoreKind.postgres.withStore { store in
            #expect(store.location.hasPrefix("postgres://"))
            let ids = try store.instanceIDs()
            #expect(ids.isEmpty)
        }
    }
}
