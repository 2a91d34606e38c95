import Foundation
import PostgresStore
import Testing

/// `agency init --postgres` and the commands on such a store, through the built binary:
/// the folder keeps people and settings, the instances live in PostgreSQL. Runs when
/// `AGENCY_TEST_POSTGRES_URL` names a database (`Scripts/test-postgres`).
@Suite("PostgreSQL store, end to end",
       .enabled(if: ProcessInfo.processInfo.environment["AGENCY_TEST_POSTGRES_URL"] != nil,
                "AGENCY_TEST_POSTGRES_URL is not set"))
struct PostgresStoreCommandTests {
    @Test("init --postgres, start, complete, log and verify --all keep the instances in the database")
    func commands() throws {
        let zone = try PostgresZone()
        defer { zone.dropSchema() }
        let url = zone.url, directory = zone.directory
        func run(_ arguments: [String]) throws -> AgencyRun { try zone.run(arguments) }

        var result = try run(["init", "--people", "people.json", "--simulation", "--postgres", url])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("instances in the PostgreSQL store postgres://"))
        result = try run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-02-24T09:00",
                          "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
        #expect(result.status == 0, "\(result.stderr)")
        result = try run(["complete", "JR-1", "--as", "wangfang", "--now", "2025-02-25T10:00"])
        #expect(result.status == 0, "\(result.stderr)")
        result = try run(["verify", "--all"])
        #expect(result.status == 0 && result.stdout.contains("JR-1: ok (2 records, replay matches)"),
                "\(result.stdout)\(result.stderr)")
        // Nothing of the instance in the folder: it is in the database.
        let journal = directory.url.appendingPathComponent(".agency/journal/JR-1.jsonl")
        #expect(!FileManager.default.fileExists(atPath: journal.path))
        let store = try PostgresStore.open(url: url)
        defer { store.close() }
        #expect(try store.readJournal("JR-1").count == 2)
        #expect(try store.verify("JR-1").isOK)

        // Out to a folder and checked there, byte for byte the same journal.
        result = try run(["store", "copy", url, "copy"])
        #expect(result.status == 0 && result.stdout.contains("copied 1 instances (2 records)"), "\(result.stderr)")
        try Data(CLIFixture.people.utf8).write(to: directory.url.appendingPathComponent("copy/people.json"))
        result = try run(["verify", "--all", "--store", "copy"])
        #expect(result.status == 0 && result.stdout.contains("JR-1: ok (2 records, replay matches)"),
                "\(result.stdout)\(result.stderr)")
        let lines = try String(contentsOf: directory.url.appendingPathComponent("copy/journal/JR-1.jsonl"), encoding: .utf8)
        #expect(lines.split(separator: "\n").count == 2)
        // A second copy into the same database is refused: exit 4, nothing changed.
        result = try run(["store", "copy", "copy", url])
        #expect(result.status == 4 && result.stderr.contains("is not empty"), "\(result.stderr)")
        #expect(try store.readJournal("JR-1").count == 2)
    }

    @Test("a signed folder signs the database's journals with its key; verify checks every signature")
    func signed() throws {
        let zone = try PostgresZone()
        defer { zone.dropSchema() }
        let url = zone.url, directory = zone.directory
        func run(_ arguments: [String]) throws -> AgencyRun { try zone.run(arguments) }
        var result = try run(["init", "--people", "people.json", "--simulation", "--signed", "--postgres", url])
        #expect(result.status == 0, "\(result.stderr)")
        result = try run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-02-24T09:00",
                          "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
        #expect(result.status == 0, "\(result.stderr)")
        result = try run(["verify", "--all"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let store = try PostgresStore.open(url: url)
        defer { store.close() }
        let records = try store.readJournal("JR-1")
        #expect(records.last?["sig"]?.stringValue?.hasPrefix("ed25519:") == true)
        // The database alone (without the folder's key) cannot add a record verify accepts.
        try store.withInstanceLock("JR-1") {
            let loaded = try store.loadInstance("JR-1")
            try store.commit("JR-1", records: [["at": "2025-02-25T09:00:00+08:00", "actor": "mallory", "kind": "note",
                                                "details": [:]]],
                             snapshot: try #require(loaded?.snapshot), expectedHead: loaded?.journalHead)
        }
        result = try run(["verify", "--all"])
        #expect(result.status == 5 && result.stdout.contains("unsigned"), "\(result.stdout)\(result.stderr)")
    }

    @Test("a signed folder store copied to PostgreSQL signs there with its key; naming the database moves the zone")
    func signedCopyAndMove() throws {
        let zone = try PostgresZone()
        defer { zone.dropSchema() }
        let url = zone.url, directory = zone.directory
        func run(_ arguments: [String]) throws -> AgencyRun { try zone.run(arguments) }
        var result = try run(["init", "--people", "people.json", "--simulation", "--signed"])
        #expect(result.status == 0, "\(result.stderr)")
        result = try run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-02-24T09:00",
                          "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
        #expect(result.status == 0, "\(result.stderr)")
        result = try run(["store", "copy", ".agency", url])
        #expect(result.status == 0 && result.stdout.contains("every signature too"), "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("\"database\""), "\(result.stdout)")
        let local = try String(contentsOf: directory.url.appendingPathComponent(".agency/journal/JR-1.jsonl"), encoding: .utf8)
        let store = try PostgresStore.open(url: url)
        defer { store.close() }
        let copied = try store.readJournal("JR-1")
        #expect(copied.count == 1 && copied.last?["sig"]?.stringValue.map { local.contains($0) } == true)

        // The folder now names the database: the zone runs on it, signing with the same key.
        let config = directory.url.appendingPathComponent(".agency/store.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any] ?? [:]
        json["database"] = url
        try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys]).write(to: config)
        result = try run(["complete", "JR-1", "--as", "wangfang", "--now", "2025-02-25T10:00"])
        #expect(result.status == 0, "\(result.stderr)")
        result = try run(["verify", "--all"])
        #expect(result.status == 0 && result.stdout.contains("JR-1: ok (2 records"), "\(result.stdout)\(result.stderr)")
        #expect(try store.readJournal("JR-1").last?["sig"] != nil)
    }

    @Test("a database records its folder's key: another key, or none, cannot sign in it; a refused copy creates nothing")
    func databaseKeepsItsKey() throws {
        let zone = try PostgresZone()
        defer { zone.dropSchema() }
        let url = zone.url, directory = zone.directory
        func run(_ arguments: [String]) throws -> AgencyRun { try zone.run(arguments) }
        var result = try run(["init", "--people", "people.json", "--simulation", "--signed", "--postgres", url])
        #expect(result.status == 0, "\(result.stderr)")
        result = try run(["init", "--store", "other", "--people", "people.json", "--simulation", "--signed"])
        #expect(result.status == 0, "\(result.stderr)")
        result = try run(["start", "joint_review", "--id", "JR-9", "--store", "other", "--as", "wangfang",
                          "--now", "2025-02-24T09:00", "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
        #expect(result.status == 0, "\(result.stderr)")
        // A copy of another signed store into this database: refused, its key is not the database's.
        result = try run(["store", "copy", "other", url])
        #expect(result.status == 1 && result.stderr.contains("is not the key the database"), "\(result.stderr)")
        // A node folder without the key: refused before it writes.
        let config = directory.url.appendingPathComponent("other/store.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any] ?? [:]
        json["database"] = url
        json["publicKey"] = nil
        try FileManager.default.removeItem(at: directory.url.appendingPathComponent("other/keys"))
        try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys]).write(to: config)
        result = try run(["list", "--store", "other"])
        #expect(result.status == 1 && result.stderr.contains("has no \"publicKey\""), "\(result.stderr)")
        // Signed journals read by URL alone: refused, and no target folder is left behind.
        result = try run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-02-24T09:00",
                          "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
        #expect(result.status == 0, "\(result.stderr)")
        result = try run(["store", "copy", url, "copy"])
        #expect(result.status == 1 && result.stderr.contains("opened without its key"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("copy").path))
    }

    @Test("init --postgres with an unreachable server says what to check and creates no folder")
    func unreachable() throws {
        let directory = try TemporaryDirectory()
        let result = try agency(["init", "--simulation", "--postgres", "postgres://agency@127.0.0.1:1/zones?sslmode=disable"],
                                in: directory.url)
        #expect(result.status == 6, "\(result.stderr)")
        #expect(result.stderr.contains("refused") && result.stderr.contains("127.0.0.1:1"))
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent(".agency").path))
    }
}

/// A folder with people and the joint review, naming a fresh schema of the test database.
/// A store named by URL where a folder is needed, and a folder disagreeing with its database.
@Suite("PostgreSQL store by URL",
       .enabled(if: ProcessInfo.processInfo.environment["AGENCY_TEST_POSTGRES_URL"] != nil,
                "AGENCY_TEST_POSTGRES_URL is not set"))
struct PostgresStoreURLCommandTests {
    @Test("--store postgres://: commands ask for the folder, serve for --folder naming that database")
    func urlWhereAFolderIsNeeded() throws {
        let zone = try PostgresZone()
        defer { zone.dropSchema() }
        var result = try zone.run(["init", "--people", "people.json", "--simulation", "--postgres", zone.url])
        #expect(result.status == 0, "\(result.stderr)")
        result = try zone.run(["list", "--store", zone.url])
        #expect(result.status == 1 && result.stderr.contains("not a database URL")
                && result.stderr.contains("--store DIR"), "\(result.stderr)")
        result = try zone.run(["serve", "--store", zone.url])
        #expect(result.status == 1 && result.stderr.contains("needs --folder DIR")
                && result.stderr.contains("people.json"), "\(result.stderr)")
        // A folder of another database (here: none) is refused before anything is opened.
        try zone.directory.write("other/store.json", #"{"format": 1, "timezone": "Asia/Shanghai", "simulation": true}"#)
        result = try zone.run(["serve", "--store", zone.url, "--folder", "other"])
        #expect(result.status == 1 && result.stderr.contains("names no database"), "\(result.stderr)")
        result = try zone.run(["serve", "--folder", ".agency"])
        #expect(result.status == 1 && result.stderr.contains("--folder goes with --store postgres://"), "\(result.stderr)")
    }

    @Test("a folder whose time zone differs from its database's is refused, naming both")
    func settingsDisagree() throws {
        let zone = try PostgresZone()
        defer { zone.dropSchema() }
        var result = try zone.run(["init", "--people", "people.json", "--simulation", "--postgres", zone.url])
        #expect(result.status == 0, "\(result.stderr)")
        let file = zone.directory.url.appendingPathComponent(".agency/store.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("Asia/Shanghai"))
        try text.replacingOccurrences(of: "Asia/Shanghai", with: "Asia/Urumqi").write(to: file, atomically: true,
                                                                                       encoding: .utf8)
        result = try zone.run(["list"])
        #expect(result.status != 0 && result.stderr.contains("\"timezone\" is \"Asia/Urumqi\" here but \"Asia/Shanghai\""),
                "\(result.stderr)")
    }
}

private struct PostgresZone {
    let url: String
    let directory: TemporaryDirectory

    init() throws {
        let base = try #require(ProcessInfo.processInfo.environment["AGENCY_TEST_POSTGRES_URL"])
        let schema = "clitest_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        url = base + (base.contains("?") ? "&" : "?") + "schema=" + schema
        directory = try TemporaryDirectory()
        try directory.write("people.json", CLIFixture.people)
        try directory.write("Workflows/joint_review.lua", CLIFixture.countersign)
    }

    func run(_ arguments: [String]) throws -> AgencyRun { try agency(arguments, in: directory.url) }

    /// Drops the schema the test made, if it made one.
    func dropSchema() {
        if let store = try? PostgresStore.open(url: url) {
            try? store.dropSchema()
            store.close()
        }
    }
}
