import AgencyJSON
import Foundation
import Testing

/// The red-team cases of Docs/security.md, played by a second OS user (`agency-redteam`,
/// created here as root). Each attack is shown to work on a direct store, whose files are
/// the users' own, and to fail on a served one, whose files only the server's account can
/// open. The forged-append and re-chained-journal cases belong to the signed journal's
/// tests; these are the ones file modes and the socket decide: locking, reading, writing,
/// listing, and acting as someone else.
@Suite("served store: a second OS user attacks", .serialized,
       .enabled(if: RedTeamUser.shared != nil, Comment(rawValue: RedTeamUser.unavailableReason)))
struct ServedSecurityTests {
    var attacker: RedTeamUser { RedTeamUser.shared! }

    // MARK: lock denial

    /// On a direct store lock files are 0644: anyone may open one read-only, and flock
    /// needs no more. The owner's command then waits for the lock and gives up busy.
    @Test("lock denial works on a direct store: the owner's approval fails busy (exit 4)")
    func lockDenialOnDirect() throws {
        let zone = try RedTeamZone(served: false)
        try zone.startReview("JR-1")
        let lock = zone.store.appendingPathComponent("locks/JR-1.lock").path
        let holder = try attacker.holdLock(lock, seconds: 30)
        defer { holder.terminate(); holder.waitUntilExit() }
        #expect(try zone.waitUntilLocked(lock), "the other user took the owner's lock file")
        let approval = try zone.run(["approve", "JR-1", "--as", "zhangwei"])
        #expect(approval.status == 4, "\(approval.stderr)")
        #expect(approval.stderr.contains("busy"))
    }

    /// On a served store the locks folder is the server's (0700): the other user cannot
    /// even open the lock file, and the approval goes through.
    @Test("lock denial fails on a served store: EACCES, and the approval succeeds")
    func lockDenialOnServed() throws {
        let zone = try RedTeamZone(served: true)
        try zone.startReview("JR-1")
        let lock = zone.store.appendingPathComponent("locks/JR-1.lock").path
        let attempt = try attacker.run("/usr/bin/flock", ["-n", "-x", lock, "/bin/true"], in: zone.url)
        #expect(attempt.status != 0)
        #expect(attempt.stderr.contains("Permission denied"), "\(attempt.stderr)")
        let approval = try zone.run(["approve", "JR-1", "--as", "zhangwei"])
        #expect(approval.status == 0, "\(approval.stderr)")
    }

    // MARK: reading, writing, listing

    @Test("on a direct store the other user reads journals and lists the store")
    func readsDirect() throws {
        let zone = try RedTeamZone(served: false)
        try zone.startReview("JR-1")
        #expect(try attacker.run("/bin/cat", [".agency/journal/JR-1.jsonl"], in: zone.url).status == 0)
        #expect(try attacker.run("/bin/ls", [".agency/instances"], in: zone.url).status == 0)
    }

    /// Only store.json (the socket path and the public key) and the socket are reachable.
    @Test("on a served store the other user can read only store.json: no reading, writing or listing")
    func filesClosedOnServed() throws {
        let zone = try RedTeamZone(served: true)
        try zone.startReview("JR-1")
        let config = try attacker.run("/bin/cat", [".agency/store.json"], in: zone.url)
        #expect(config.status == 0, "store.json is public: \(config.stderr)")
        let attempts: [(String, [String])] = [
            ("/bin/cat", [".agency/journal/JR-1.jsonl"]),
            ("/bin/cat", [".agency/instances/JR-1.json"]),
            ("/bin/cat", [".agency/people.json"]),
            ("/bin/ls", [".agency"]),
            ("/bin/ls", [".agency/journal"]),
            ("/bin/ls", [".agency/instances"]),
            ("/usr/bin/touch", [".agency/instances/forged.json"]),
            ("/usr/bin/touch", [".agency/locks/JR-1.lock"]),
            ("/bin/mkdir", [".agency/forged"]),
            ("/bin/sh", ["-c", "echo '{}' >> .agency/journal/JR-1.jsonl"]),
            ("/bin/rm", ["-f", ".agency/serve.lock"]),
        ]
        for (program, arguments) in attempts {
            let run = try attacker.run(program, arguments, in: zone.url)
            #expect(run.status != 0, "\(program) \(arguments) should be refused")
            #expect(run.stderr.contains("Permission denied"), "\(program) \(arguments): \(run.stderr)")
        }
        // Nothing the attempts could have changed did change.
        let journal = try zone.run(["log", "JR-1", "--json"])
        #expect(journal.status == 0)
        #expect(try zone.run(["verify", "--all"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: zone.store.appendingPathComponent("forged").path))
    }

    // MARK: identity over the socket

    @Test("a login not in the people directory is refused over the socket (exit 3)")
    func strangerRefused() throws {
        let zone = try RedTeamZone(served: true)
        try zone.startReview("JR-1")
        for command in [["list"], ["show", "JR-1"], ["comment", "JR-1", "--comment", "路过"],
                        ["approve", "JR-1", "--as", "zhangwei"]] {
            let run = try attacker.agency(command, in: zone.url)
            #expect(run.status == 3, "\(command): exit \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("not in the people directory"), "\(command): \(run.stderr)")
        }
        let comments = try zone.records("JR-1").filter { $0["kind"]?.stringValue == "comment" }
        #expect(comments.isEmpty)
    }

    /// The attacker is staff (王芳, by login): the server knows them from the kernel, so
    /// neither `--as`, AGENCY_USER nor USER/LOGNAME make them anyone else.
    @Test("staff cannot act as another person: --as and AGENCY_USER refused, USER ignored")
    func staffCannotImpersonate() throws {
        let zone = try RedTeamZone(served: true, staffLogin: RedTeamUser.name)
        try zone.startReview("JR-1")
        let asOption = try attacker.agency(["approve", "JR-1", "--as", "zhangwei"], in: zone.url)
        #expect(asOption.status == 3, "\(asOption.stderr)")
        #expect(asOption.stderr.contains("only an admin may act for someone else"), "\(asOption.stderr)")
        let asVariable = try attacker.agency(["approve", "JR-1"], in: zone.url, environment: ["AGENCY_USER": "zhangwei"])
        #expect(asVariable.status == 3, "\(asVariable.stderr)")
        let forgedLogin = try attacker.agency(["comment", "JR-1", "--comment", "冒名"], in: zone.url,
                                              environment: ["USER": "root", "LOGNAME": "root", "SUDO_USER": "root"])
        #expect(forgedLogin.status == 0, "\(forgedLogin.stderr)")
        let records = try zone.records("JR-1")
        #expect(!records.contains { $0["kind"]?.stringValue == "approve" }, "no approval was recorded")
        let comment = try #require(records.last { $0["kind"]?.stringValue == "comment" })
        #expect(comment["actor"]?.stringValue == "wangfang")
        #expect(comment["login"]?.stringValue == RedTeamUser.name)
        #expect(comment["channel"]?.stringValue == "cli-socket")
    }
}

/// A non-simulation store (direct or served) whose admin is the login running the tests
/// (root), with 王芳 optionally the red-team login, and the countersign workflow.
final class RedTeamZone: @unchecked Sendable {
    let directory: TemporaryDirectory
    private(set) var server: ServeProcess?
    var url: URL { directory.url }
    var store: URL { url.appendingPathComponent(".agency") }

    init(served: Bool, staffLogin: String? = nil) throws {
        directory = try TemporaryDirectory()
        // The attacker must reach the store folder (0711 when served) through this one.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.url.path)
        let owner = String(cString: getpwuid(getuid()).pointee.pw_name)
        let wangfang = staffLogin.map { #", "login": "\#($0)""# } ?? ""
        try directory.write("people.json", """
            {"format": 1, "people": [
              {"id": "admin", "name": "管理员", "roles": ["admin"], "login": "\(owner)"},
              {"id": "wangfang", "name": "王芳", "roles": ["代办员"]\(wangfang)},
              {"id": "zhangwei", "name": "张伟", "roles": ["包联领导"]},
              {"id": "liqiang", "name": "李强", "roles": ["包联领导"]}
            ]}
            """)
        try directory.write("Workflows/joint_review.lua", CLIFixture.countersign)
        let initRun = try agency(["init", "--people", "people.json"] + (served ? ["--served"] : []), in: url)
        guard initRun.status == 0 else { throw ZoneFailure(message: "init failed: \(initRun.stderr)") }
        if served {
            server = try ServeProcess(store: store, arguments: ["--workflows", url.appendingPathComponent("Workflows").path,
                                                                "--tick-interval", "0"])
        } else {
            // A busy lock is reported after store.json's lockTimeoutSeconds: one second, not five.
            let file = store.appendingPathComponent("store.json")
            guard case .object(var config) = try JSONValue.parse(Array(try Data(contentsOf: file))) else {
                throw ZoneFailure(message: "store.json is not an object")
            }
            config["lockTimeoutSeconds"] = .double(1)
            try Data(try JSONValue.object(config).prettyString().utf8).write(to: file)
        }
    }

    deinit { server?.stop() }

    @discardableResult
    func run(_ arguments: [String]) throws -> AgencyRun { try agency(arguments, in: url) }

    /// Starts JR-1 and brings it to the leaders' 会签, so there is a lock file and a journal.
    func startReview(_ id: String) throws {
        for command in [["start", "joint_review", "--id", id, "--as", "wangfang",
                         "--input", #"{"project": "光伏", "agent": "wangfang"}"#],
                        ["complete", id, "--as", "wangfang"]] {
            let result = try run(command)
            guard result.status == 0 else { throw ZoneFailure(message: "\(command): \(result.stderr)") }
        }
    }

    func records(_ id: String) throws -> [JSONValue] {
        let log = try run(["log", id, "--json"])
        guard log.status == 0 else { throw ZoneFailure(message: "log \(id): \(log.stderr)") }
        return try JSONValue.parse(Array(log.stdout.utf8)).arrayValue ?? []
    }

    /// Whether someone holds `path`'s lock within 10 s (`flock -n` as the owner fails).
    func waitUntilLocked(_ path: String) throws -> Bool {
        for _ in 0..<200 {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            probe.arguments = ["-n", path, "/bin/true"]
            try probe.run()
            probe.waitUntilExit()
            if probe.terminationStatus != 0 { return true }
            usleep(50_000)
        }
        return false
    }

    struct ZoneFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
