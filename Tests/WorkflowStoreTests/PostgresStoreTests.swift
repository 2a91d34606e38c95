import AgencyJSON
import Foundation
@testable import PostgresStore
import Testing
import WorkflowStore

@Suite("PostgreSQL URL")
struct PostgresURLTests {
    @Test("a URL gives user, password, host, port, database, sslmode and schema; the location hides the password")
    func parses() throws {
        let url = try PostgresURL("postgres://agency:s%40cret@db.example:6543/zones?sslmode=require&schema=city_a")
        #expect(url.user == "agency" && url.password == "s@cret")
        #expect(url.host == "db.example" && url.port == 6543 && url.database == "zones")
        #expect(url.sslMode == .require && url.schema == "city_a")
        #expect(url.location == "postgres://agency@db.example:6543/zones?schema=city_a&sslmode=require")
        #expect(!url.location.contains("cret"))
        let defaults = try PostgresURL("postgresql://agency@localhost/zones")
        #expect(defaults.port == 5432 && defaults.sslMode == .prefer && defaults.schema == "agency")
        #expect(defaults.connectionLimit == PostgresURL.defaultConnectionLimit)
        let capped = try PostgresURL("postgres://agency@db/zones?connection_limit=6")
        #expect(capped.connectionLimit == 6 && capped.location == "postgres://agency@db:5432/zones?connection_limit=6")
        let socket = try PostgresURL("postgres://agency@/zones?host=/run/postgresql")
        #expect(socket.socketDirectory == "/run/postgresql")
    }

    @Test("a bad URL is refused with what a good one looks like, never echoing the password")
    func refuses() {
        for text in ["postgres://db/zones", "postgres://agency:pw@db/", "mysql://agency@db/zones",
                     "postgres://agency:pw@db/zones?sslmode=maybe", "postgres://agency:pw@db/zones?schema=Bad-Name",
                     "postgres://agency:pw@db/zones?colour=red", "postgres://agency:pw@db/zones?connection_limit=3",
                     "postgres://agency:pw@db/zones?connection_limit=many"] {
            let error = storeError { _ = try PostgresURL(text) }
            guard case .badConfig(let path, let problem)? = error else {
                Issue.record("\(text) was accepted")
                continue
            }
            #expect(!path.contains(":pw@"), "the password shows in \(path)")
            #expect(!problem.isEmpty)
        }
    }

    @Test("connection refused names the server and what to check")
    func refused() throws {
        // Port 1 on loopback: nothing listens there.
        let error = storeError { _ = try PostgresStore.open(url: "postgres://agency@127.0.0.1:1/zones?sslmode=disable") }
        guard case .database(let location, _, let problem)? = error else {
            Issue.record("expected a database error, got \(String(describing: error))")
            return
        }
        #expect(location == "postgres://agency@127.0.0.1:1/zones?sslmode=disable")
        #expect(problem.contains("refused") && problem.contains("127.0.0.1:1") && problem.contains("listen"))
        #expect(error?.category == .io)
    }
}

/// What only a database store has: schemas, migrations, several store objects (nodes) on
/// one database. Runs when `AGENCY_TEST_POSTGRES_URL` is set.
@Suite("PostgreSQL store", .enabled(if: PostgresConformance.url != nil, "AGENCY_TEST_POSTGRES_URL is not set"))
struct PostgresStoreTests {
    /// Runs `body` with the URL of a fresh schema, dropped afterwards.
    private func withSchema(_ body: (String) throws -> Void) throws {
        let base = try #require(PostgresConformance.url)
        let schema = "pgtest_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let url = base + (base.contains("?") ? "&" : "?") + "schema=" + schema
        defer {
            if let store = try? PostgresStore.open(url: url) {
                try? store.dropSchema()
                store.close()
            }
        }
        try body(url)
    }

    @Test("create records the configuration, open reads it back; a second create is refused")
    func createAndOpen() throws {
        try withSchema { url in
            let created = try PostgresStore.create(url: url, config: StoreConfig(simulation: true, lockTimeoutSeconds: 2))
            created.close()
            let opened = try PostgresStore.open(url: url)
            defer { opened.close() }
            #expect(opened.config.simulation && opened.config.lockTimeoutSeconds == 2)
            #expect(opened.config.created != nil)
            if case .storeNotEmpty? = storeError({ _ = try PostgresStore.create(url: url) }) {} else {
                Issue.record("a second store was created over the first")
            }
        }
    }

    @Test("opening a schema without a store says how to create one")
    func openEmpty() throws {
        try withSchema { url in
            guard case .notAStore(_, let problem)? = storeError({ _ = try PostgresStore.open(url: url) }) else {
                Issue.record("an empty schema opened as a store")
                return
            }
            #expect(problem.contains("agency init --postgres"))
        }
    }

    @Test("an instance lock held by one node makes another node's wait end as busy")
    func locksAcrossNodes() throws {
        try withSchema { url in
            let first = try PostgresStore.create(url: url, config: StoreConfig(lockTimeoutSeconds: 0.3))
            defer { first.close() }
            let second = try PostgresStore.open(url: url)
            defer { second.close() }
            try first.withInstanceLock("P1") {
                if case .busy(let id, let waited)? = storeError({ _ = try second.withInstanceLock("P1") { 1 } }) {
                    #expect(id == "P1" && waited >= 0.3)
                } else {
                    Issue.record("the second node entered a lock the first held")
                }
                // Another instance is free.
                #expect(try second.withInstanceLock("P2") { true })
                // The delivery lock is one per database too.
                var inner = true
                let delivered = try first.withDeliveryLock {
                    inner = try second.withDeliveryLock { }
                }
                #expect(!inner)
                #expect(delivered)
            }
            #expect(try second.withInstanceLock("P1") { true })
        }
    }

    @Test("a claim held by one node is refused to another at once, re-entrant for its holder, free after")
    func claimsAcrossNodes() throws {
        try withSchema { url in
            // A lock timeout far beyond the test: a claim that waited would show as a hang.
            let first = try PostgresStore.create(url: url, config: StoreConfig(lockTimeoutSeconds: 60))
            defer { first.close() }
            let second = try PostgresStore.open(url: url)
            defer { second.close() }
            let held = try first.withInstanceClaim("P1") { () throws -> [Int?] in
                [try second.withInstanceClaim("P1") { 1 },
                 try first.withInstanceClaim("P1") { 2 },   // re-entrant
                 try second.withInstanceClaim("P2") { 3 }]  // another instance is free
            }
            #expect(held == [nil, 2, 3])
            // The instance lock and the claim are one lock.
            let underLock = try first.withInstanceLock("P1") { try second.withInstanceClaim("P1") { 1 } }
            #expect(underLock == nil)
            #expect(try second.withInstanceClaim("P1") { 4 } == 4)
        }
    }

    @Test("a claim ends with its node: when the holder's connection dies, the claim is free for the others")
    func claimEndsWithItsNode() throws {
        try withSchema { url in
            let first = try PostgresStore.create(url: url, config: StoreConfig(lockTimeoutSeconds: 0.5))
            defer { first.close() }
            let second = try PostgresStore.open(url: url)
            defer { second.close() }
            let key = AdvisoryKey.instance(schema: second.url.schema, id: "P1")
            var claimedAfterCrash: Int?
            let holder = Result {
                try first.withInstanceClaim("P1") {
                    // The first node "crashes": the server ends the session holding its claim
                    // (and waits, up to 5 s, until it has ended).
                    try second.sql("""
                        SELECT pg_terminate_backend(pid, 5000) FROM pg_locks
                        WHERE locktype = 'advisory' AND objsubid = 1
                          AND ((classid::bigint << 32) | objid::bigint) = \(key)
                        """, "end the holder's session")
                    claimedAfterCrash = try second.withInstanceClaim("P1") { 1 }
                }
            }
            #expect(claimedAfterCrash == 1)
            // The holder learns it lost the lock when it lets go (its release finds the
            // connection gone, or waits the store's answer timeout for it): never a silent
            // success.
            if case .success = holder { Issue.record("the claim of a terminated session ended without an error") }
        }
    }

    @Test("connection_limit caps the connections a process opens: callers wait for one, and a wait past the lock timeout names the limit")
    func connectionLimit() throws {
        try withSchema { url in
            let limited = url + "&connection_limit=4"
            let created = try PostgresStore.create(url: limited, config: StoreConfig(lockTimeoutSeconds: 0.3))
            created.close()
            let store = try PostgresStore.open(url: limited)
            defer { store.close() }
            #expect(store.url.connectionLimit == 4)
            // Four locks hold four connections: a read needs a fifth and may not open it.
            let refused = try store.withInstanceLock("A") {
                try store.withInstanceLock("B") {
                    try store.withInstanceLock("C") {
                        try store.withInstanceLock("D") { storeError { _ = try store.instanceIDs() } }
                    }
                }
            }
            guard case .database(_, _, let problem)? = refused else {
                Issue.record("a fifth connection was opened past connection_limit=4: \(String(describing: refused))")
                return
            }
            #expect(problem.contains("connection_limit") && problem.contains("4"))
            #expect(store.connections.mostOpen == 4)
            // Returned connections serve the next callers.
            #expect(try store.instanceIDs().isEmpty)
        }
    }

    @Test("more threads than connections: every call is served, never more than the limit open")
    func connectionLimitUnderLoad() throws {
        try withSchema { url in
            let limited = url + "&connection_limit=4"
            let created = try PostgresStore.create(url: limited, config: StoreConfig(lockTimeoutSeconds: 30))
            created.close()
            let store = try PostgresStore.open(url: limited)
            defer { store.close() }
            let failures = Locked<[String]>([])
            runThreads(12) { thread in
                for round in 0..<10 {
                    do {
                        _ = try store.instanceIDs()
                        _ = try store.journalHead("L\(thread)-\(round)")
                    } catch {
                        failures.withValue { $0.append("\(error)") }
                    }
                }
            }
            #expect(failures.withValue { $0 }.isEmpty)
            #expect(store.connections.mostOpen <= 4)
        }
    }

    @Test("a commit on one node is seen by the other, and a stale head is a conflict")
    func commitsAcrossNodes() throws {
        try withSchema { url in
            let first = try PostgresStore.create(url: url)
            defer { first.close() }
            let second = try PostgresStore.open(url: url)
            defer { second.close() }
            let head = try first.withInstanceLock("P1") {
                try first.commit("P1", records: [draft()], snapshot: snapshot("P1", count: 1), create: true)
            }
            #expect(try second.journalHead("P1") == head)
            try second.withInstanceLock("P1") {
                try second.commit("P1", records: [draft()], snapshot: snapshot("P1", count: 2), expectedHead: head)
            }
            let stale = storeError {
                _ = try first.withInstanceLock("P1") {
                    try first.commit("P1", records: [draft()], snapshot: snapshot("P1", count: 3), expectedHead: head)
                }
            }
            if case .conflict? = stale {} else { Issue.record("a stale head was accepted: \(String(describing: stale))") }
            #expect(try first.readJournal("P1").count == 2)
            #expect(try first.verify("P1").isOK)
        }
    }

    @Test("two nodes committing to one instance at once lose nothing and apply nothing twice")
    func concurrentNodes() throws {
        try withSchema { url in
            let first = try PostgresStore.create(url: url, config: StoreConfig(lockTimeoutSeconds: 20))
            defer { first.close() }
            let second = try PostgresStore.open(url: url)
            defer { second.close() }
            try first.withInstanceLock("P1") {
                _ = try first.commit("P1", records: [draft()], snapshot: snapshot("P1", count: 1), create: true)
            }
            let nodes = [first, second]
            let failures = Counter()
            DispatchQueue.concurrentPerform(iterations: 8) { worker in
                let node = nodes[worker % 2]
                for _ in 0..<10 {
                    do {
                        try node.withInstanceLock("P1") {
                            let loaded = try node.loadInstance("P1")
                            let count = Int(loaded?.snapshot?["data"]?["count"]?.intValue ?? 0)
                            try node.commit("P1", records: [draft()], snapshot: snapshot("P1", count: count + 1),
                                            expectedHead: loaded?.journalHead)
                        }
                    } catch {
                        failures.add()
                    }
                }
            }
            #expect(failures.value == 0)
            #expect(try first.readJournal("P1").count == 81)
            #expect(try second.loadInstance("P1")?.snapshot?["data"]?["count"] == 81)
            #expect(try second.verify("P1").isOK)
        }
    }

    @Test("journal lines are the file store's bytes: the same drafts give the same hashes")
    func sameBytesAsFileStore() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let files = try FileStore.create(at: directory.path + "/store")
        try withSchema { url in
            let database = try PostgresStore.create(url: url)
            defer { database.close() }
            let details: JSONValue = ["名称": "新区 项目", "amount": .double(12.5), "list": [1, "二", .null]]
            for store in [files as any InstanceStore, database] {
                try store.withInstanceLock("P1") {
                    try store.commit("P1", records: [draft(details: details)], snapshot: snapshot("P1", count: 1),
                                     create: true)
                    try store.commit("P1", records: [draft("second")], snapshot: snapshot("P1", count: 2))
                }
            }
            #expect(try database.readJournal("P1") == files.readJournal("P1"))
            #expect(try database.journalHead("P1") == files.journalHead("P1"))
            #expect(try database.loadInstance("P1")?.snapshot == files.loadInstance("P1")?.snapshot)
        }
    }
}

/// A count several threads add to.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
