@testable import AgencyCLI
import AgencyJSON
import Foundation
import Testing

/// `agency serve` and the CLI as its client, end to end (Docs/serving.md).
@Suite("agency serve")
struct ServeTests {
    /// The same commands on a direct and a served store print the same bytes and exit
    /// the same way (paths to the stores aside).
    @Test("a served store answers exactly as a direct one")
    func sameAsDirect() throws {
        let direct = try CLIFixture(served: false)
        let served = try CLIFixture(served: true)
        let commands: [[String]] = [
            ["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
             "--input", #"{"project": "光伏", "agent": "wangfang"}"#],
            ["complete", "JR-1", "--as", "wangfang", "--now", "2025-01-06T10:00"],
            ["approve", "JR-1", "--as", "zhangwei", "--comment", "同意", "--now", "2025-01-06T11:00"],
            ["approve", "JR-1", "--as", "wangfang", "--now", "2025-01-06T11:10"],
            ["approve", "NOPE", "--as", "zhangwei"],
            ["show", "JR-1"], ["show", "JR-1", "--json"], ["inbox", "--as", "liqiang"],
            ["inbox", "--as", "liqiang", "--json"], ["list"], ["log", "JR-1"], ["verify", "--all"],
            ["start", "nosuch", "--as", "wangfang"],
        ]
        for command in commands {
            let one = try direct.run(command)
            let two = try served.run(command)
            #expect(one.status == two.status, "\(command): \(one.stderr) / \(two.stderr)")
            #expect(Self.normalized(one.stdout, direct) == Self.normalized(two.stdout, served), "\(command)")
            #expect(Self.normalized(one.stderr, direct) == Self.normalized(two.stderr, served), "\(command)")
        }
        // The journal says how each record came in.
        let journal = try String(contentsOf: served.url.appendingPathComponent(".agency/journal/JR-1.jsonl"),
                                 encoding: .utf8)
        #expect(journal.contains(#""channel":"cli-socket""#))
    }

    /// Waits until the fixture's server runs a command (a client's, waiting for its
    /// standard input), so that what the test does next hits it mid-command. A write to
    /// a client that is already gone must fail the test, not end it with SIGPIPE.
    static func waitUntilBusy(_ zone: CLIFixture) throws {
        signal(SIGPIPE, SIG_IGN)
        for _ in 0..<200 {
            let check = try zone.run(["serve", "--check", "--json"])
            if let json = try? JSONValue.parse(Array(check.stdout.utf8)), json["queueDepth"]?.intValue == 1 { return }
            usleep(50_000)
        }
        Issue.record("the server never started the client's command")
    }

    /// The text with the fixture's path and journal heads (which differ by the records'
    /// `channel`, "cli" against "cli-socket") replaced by placeholders.
    static func normalized(_ text: String, _ fixture: CLIFixture) -> String {
        text.replacingOccurrences(of: fixture.url.path, with: "<dir>")
            .replacingOccurrences(of: "[0-9a-f]{64}", with: "<sha>", options: .regularExpression)
    }

    @Test("init --served writes the socket into store.json and closes the files")
    func servedLayout() throws {
        let folder = try TemporaryDirectory()
        let run = try agency(["init", "--served", "--store", "zone/.agency"], in: folder.url)
        #expect(run.status == 0, "\(run.stderr)")
        let root = folder.url.appendingPathComponent("zone/.agency")
        let config = try JSONValue.parse(Array(try Data(contentsOf: root.appendingPathComponent("store.json"))))
        #expect(config["served"]?["socket"]?.stringValue == root.path + "/agency.sock")
        func mode(_ url: URL) throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
        }
        #expect(try mode(root) == 0o711)
        #expect(try mode(root.appendingPathComponent("store.json")) == 0o644)
        #expect(try mode(root.appendingPathComponent("instances")) == 0o700)
    }

    @Test("a second serve is refused, naming the first one's pid")
    func secondServeRefused() throws {
        let zone = try CLIFixture(served: true)
        let second = try agency(["serve", "--store", ".agency"], in: zone.url)
        #expect(second.status == 4)
        #expect(second.stderr.contains("already served by pid \(try #require(zone.server).process.processIdentifier)"))
    }

    @Test("only the server opens a served store's files")
    func directOpenRefused() throws {
        let zone = try CLIFixture(served: true)
        #expect(throws: CLIError.self) {
            _ = try AgencySession(storeURL: zone.url.appendingPathComponent(".agency"),
                                  workflows: WorkflowOptions(), actor: nil, now: nil)
        }
        do {
            _ = try AgencySession(storeURL: zone.url.appendingPathComponent(".agency"),
                                  workflows: WorkflowOptions(), actor: nil, now: nil)
        } catch let error as CLIError {
            #expect(error.exitCode == ExitStatus.notPermitted)
            #expect(error.description.contains("agency serve --check"))
        }
    }

    @Test("without its server a served store says how to start it (exit 6); --check tells both ways")
    func notRunning() throws {
        let zone = try CLIFixture(served: true)
        let check = try zone.run(["serve", "--check"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("agency serve is running") && check.stdout.contains("pid"))
        let json = try JSONValue.parse(Array(try zone.run(["serve", "--check", "--json"]).stdout.utf8))
        #expect(json["queueDepth"]?.intValue == 0)
        #expect(try #require(zone.server).stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: zone.url.appendingPathComponent(".agency/agency.sock").path))
        let run = try zone.run(["list"])
        #expect(run.status == 6)
        #expect(run.stderr.contains("served by agency serve, which is not running"))
        #expect(run.stderr.contains("systemctl start agency"))
        #expect(try zone.run(["serve", "--check"]).status == 6)
    }

    @Test("a client that dies while the server waits for it does not wedge the server")
    func clientDisconnects() throws {
        let zone = try CLIFixture(served: true)
        let pipe = Pipe()
        let client = Process()
        client.executableURL = AgencyBinary.url
        client.arguments = ["start", "joint_review", "--id", "JR-9", "--as", "wangfang", "--input", "-"]
        client.currentDirectoryURL = zone.url
        client.standardInput = pipe
        client.standardOutput = FileHandle.nullDevice
        client.standardError = FileHandle.nullDevice
        try client.run()
        try Self.waitUntilBusy(zone)  // the server is asking for standard input now
        kill(client.processIdentifier, SIGKILL)
        client.waitUntilExit()
        let list = try zone.run(["show", "JR-9"])
        #expect(list.status == 2, "\(list.stderr)")  // nothing half made
        let start = try zone.run(["start", "joint_review", "--id", "JR-9", "--as", "wangfang",
                                  "--input", #"{"project": "P", "agent": "wangfang"}"#])
        #expect(start.status == 0, "\(start.stderr)")
    }

    @Test("SIGTERM lets the command in flight finish, then removes the socket and exits 0")
    func gracefulStop() throws {
        let zone = try CLIFixture(served: true)
        let server = try #require(zone.server)
        let pipe = Pipe()
        let out = Pipe()
        let client = Process()
        client.executableURL = AgencyBinary.url
        client.arguments = ["start", "joint_review", "--id", "JR-5", "--as", "wangfang", "--input", "-"]
        client.currentDirectoryURL = zone.url
        client.standardInput = pipe
        client.standardOutput = out
        client.standardError = FileHandle.nullDevice
        try client.run()
        try Self.waitUntilBusy(zone)
        kill(server.process.processIdentifier, SIGTERM)
        usleep(300_000)
        try pipe.fileHandleForWriting.write(contentsOf: Data(#"{"project": "P", "agent": "wangfang"}"#.utf8))
        try pipe.fileHandleForWriting.close()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        client.waitUntilExit()
        #expect(client.terminationStatus == 0)
        #expect(printed.contains("[JR-5]：已发起"))
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: server.socket.path))
    }

    @Test("the tick loop fires a due timer by itself")
    func tickLoop() throws {
        let folder = try TemporaryDirectory()
        try folder.write("people.json", TickScene.people)
        try folder.write("Workflows/permit.lua", TickScene.permit)
        #expect(try agency(["init", "--served", "--simulation", "--people", "people.json"], in: folder.url).status == 0)
        let server = try ServeProcess(store: folder.url.appendingPathComponent(".agency"),
                                      arguments: ["--tick-interval", "3600"])
        #expect(try agency(["start", "permit", "--id", "P1", "--as", "agent1", "--now", "2025-03-03T09:00"],
                           in: folder.url).status == 0)
        // A later command moves the simulation clock past P1's timers.
        #expect(try agency(["start", "permit", "--id", "P2", "--as", "agent1", "--now", "2025-03-20T09:00"],
                           in: folder.url).status == 0)
        server.stop()
        let ticking = try ServeProcess(store: folder.url.appendingPathComponent(".agency"),
                                       arguments: ["--tick-interval", "1"])
        defer { ticking.stop() }
        var fired = 0
        for _ in 0..<40 where fired == 0 {
            usleep(250_000)
            let log = try agency(["log", "P1", "--kind", "timer", "--json"], in: folder.url)
            fired = (try? JSONValue.parse(Array(log.stdout.utf8)))?.arrayValue?.count ?? 0
        }
        #expect(fired > 0, "\(ticking.logText)")
    }

    @Test("--as is for admins over the socket too; the login comes from the kernel")
    func actingForOthers() throws {
        let folder = try TemporaryDirectory()
        let login = try #require(AgencySession.login)
        try folder.write("people.json", """
            {"format": 1, "people": [
              {"id": "wangfang", "name": "王芳", "roles": ["代办员"], "login": "\(login)"},
              {"id": "zhangwei", "name": "张伟", "roles": ["包联领导"]},
              {"id": "admin", "name": "管理员", "roles": ["admin"]}
            ]}
            """)
        try folder.write("Workflows/joint_review.lua", CLIFixture.countersign)
        #expect(try agency(["init", "--served", "--people", "people.json"], in: folder.url).status == 0)
        let server = try ServeProcess(store: folder.url.appendingPathComponent(".agency"))
        defer { server.stop() }
        let mine = try agency(["start", "joint_review", "--id", "J1", "--input", #"{"project": "P", "agent": "wangfang"}"#],
                              in: folder.url)
        #expect(mine.status == 0, "\(mine.stderr)")
        let forged = try agency(["complete", "J1", "--as", "zhangwei"], in: folder.url)
        #expect(forged.status == 3)
        #expect(forged.stderr.contains("only an admin may act for someone else"))
        let viaEnvironment = try agency(["complete", "J1"], in: folder.url, environment: ["AGENCY_USER": "zhangwei"])
        #expect(viaEnvironment.status == 3)
        let journal = try String(contentsOf: folder.url.appendingPathComponent(".agency/journal/J1.jsonl"),
                                 encoding: .utf8)
        #expect(journal.contains(#""login":"\#(login)""#))
    }

    @Test("start --input FILE reads the client's file, relative to the client's folder")
    func clientFiles() throws {
        let zone = try CLIFixture(served: true)
        try zone.directory.write("sub/input.json", #"{"project": "从客户端读取", "agent": "wangfang"}"#)
        let run = try agency(["start", "joint_review", "--id", "F1", "--as", "wangfang", "--store", "../.agency",
                              "--input", "input.json"], in: zone.url.appendingPathComponent("sub"))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try zone.run(["show", "F1"]).stdout.contains("从客户端读取"))
        let missing = try agency(["start", "joint_review", "--as", "wangfang", "--store", "../.agency",
                                  "--input", "nothere.json"], in: zone.url.appendingPathComponent("sub"))
        #expect(missing.status == 2)
        // The client reads with its own permissions: a file it may not read is exit 6, as in
        // direct mode, even when the server could read it (root runs the client as nobody).
        let secret = try zone.directory.write("secret.json", #"{"project": "P", "agent": "wangfang"}"#)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: secret.path)
        var launcher: [String] = []
        if geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        }
        if geteuid() != 0 || !launcher.isEmpty {
            let denied = try agency(["start", "joint_review", "--as", "wangfang", "--input", "secret.json"], in: zone.url,
                                    launcher: launcher)
            #expect(denied.status == 6, "\(denied.stderr)")
            #expect(denied.stderr.contains("--input secret.json: could not read it: Permission denied (EACCES)"),
                    "\(denied.stderr)")
        }
        let stdin = try zone.directory.write("in.json", #"{"project": "标准输入", "agent": "wangfang"}"#)
        let piped = try zone.run(["start", "joint_review", "--id", "F2", "--as", "wangfang", "--input", "-"], stdin: stdin)
        #expect(piped.status == 0, "\(piped.stderr)")
    }
}
