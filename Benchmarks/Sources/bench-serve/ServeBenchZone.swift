import AgencyJSON
import AgencyServer
import BenchSupport
import Foundation

/// The stores bench-serve measures: a served one with `agency serve` running, and a direct
/// one with the same people and workflows for the direct CLI's baseline.
///
/// Identity: the server knows a socket caller from the kernel, and every client here is
/// this process, so the login running the benchmark is the admin `admin` and the socket
/// clients act for the approvers with `--as` (which a non-simulation store allows only to
/// admins). Over HTTP each approver has a token of their own (`agency people token`), so
/// those requests carry real per-person identity. Creating 50 OS users instead would
/// measure the same server path and leave users behind on the machine.
final class ServeBenchZone: @unchecked Sendable {
    static let countersign = """
        return workflow {
          name = "countersign", title = "会签压测",
          input = { project = "string" },
          start = "review",
          states = {
            review = approval { title = "会签", approvers = { role("审批人") }, rule = "all",
                                on = { approved = "done", rejected = "refused" } },
            done = final { outcome = "approved" },
            refused = final { outcome = "rejected" },
          },
        }
        """
    static let single = """
        return workflow {
          name = "single", title = "单人审批",
          input = { project = "string", approver = "person" },
          start = "review",
          states = {
            review = approval { title = "审批", approvers = { "approver" }, rule = "any",
                                on = { approved = "done", rejected = "refused" } },
            done = final { outcome = "approved" },
            refused = final { outcome = "rejected" },
          },
        }
        """

    let agency: String
    let folder: String
    let people: Int
    var served: String { folder + "/served/.agency" }
    var direct: String { folder + "/direct/.agency" }
    var socketPath: String { served + "/agency.sock" }
    let port: Int?
    private var server: Process?

    static func person(_ n: Int) -> String { String(format: "p%02d", n) }

    init(agency: String, folder: String, people: Int, http: Bool) throws {
        self.agency = agency
        self.folder = folder
        self.people = people
        port = http ? Int.random(in: 20_000...40_000) : nil
        let login = String(cString: getpwuid(getuid()).pointee.pw_name)
        var entries = [#"{"id": "admin", "name": "管理员", "roles": ["admin"], "login": "\#(login)"}"#]
        entries += (0..<people).map { #"{"id": "\#(Self.person($0))", "name": "审批人\#($0)", "roles": ["审批人"]}"# }
        let directory = #"{"format": 1, "people": [\#(entries.joined(separator: ",\n"))]}"#
        for (kind, flags) in [("served", ["--served"]), ("direct", [])] {
            let zone = folder + "/" + kind
            try FileManager.default.createDirectory(atPath: zone + "/Workflows", withIntermediateDirectories: true)
            try Data(directory.utf8).write(to: URL(fileURLWithPath: zone + "/people.json"))
            try Data(Self.countersign.utf8).write(to: URL(fileURLWithPath: zone + "/Workflows/countersign.lua"))
            try Data(Self.single.utf8).write(to: URL(fileURLWithPath: zone + "/Workflows/single.lua"))
            try run(["init", "--store", zone + "/.agency", "--people", zone + "/people.json"] + flags)
        }
    }

    // MARK: the server

    /// `agency serve --help`, to see whether this agency has `--listen` (the HTTP API).
    static func helpText(_ agency: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: agency)
        process.arguments = ["serve", "--help"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: text, as: UTF8.self)
    }

    func startServer() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: agency)
        process.arguments = ["serve", "--store", served, "--workflows", folder + "/served/Workflows",
                             "--tick-interval", "3600"] + (port.map { ["--listen", "127.0.0.1:\($0)"] } ?? [])
        let log = folder + "/serve.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try process.run()
        server = process
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            guard process.isRunning else { throw BenchError("agency serve exited: \(serverLog)") }
            if (try? ServedClient.ping(socketPath: socketPath, timeout: 2)) != nil,
               port.map({ (try? HTTPRequest.send(port: $0, method: "GET", path: "/v1/health"))?.status == 200 })
                ?? true {
                return
            }
            usleep(20_000)
        }
        throw BenchError("agency serve did not answer within 60 s: \(serverLog)")
    }

    var serverLog: String {
        (try? String(contentsOfFile: folder + "/serve.log", encoding: .utf8)).map { String($0.suffix(2000)) } ?? ""
    }

    /// SIGTERM and the exit status (0 when the server finished its commands and left).
    func stopServer() -> Int32 {
        guard let server, server.isRunning else { return server?.terminationStatus ?? 0 }
        server.terminate()
        server.waitUntilExit()
        return server.terminationStatus
    }

    // MARK: commands

    /// `agency ARGS` as a process (set-up and the direct CLI); throws on a non-zero exit.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: agency)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("agency \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                + String(decoding: error, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// One command through the socket, in process (ServedClient): its exit status and output.
    func socket(_ arguments: [String]) -> (status: Int32, output: [UInt8], error: String) {
        do {
            let response = try ServedClient.run(ServedRequest(arguments: arguments, workingDirectory: folder),
                                                socketPath: socketPath)
            return (response.status, response.standardOutput, String(decoding: response.standardError, as: UTF8.self))
        } catch {
            return (6, [], error.message)
        }
    }

    /// A token for `person` (the secret, printed once by `agency people token`).
    func token(_ person: String) throws -> String {
        let result = socket(["people", "token", person, "--json"])
        guard result.status == 0, let secret = (try? JSONValue.parse(result.output))?["secret"]?.stringValue else {
            throw BenchError("agency people token \(person): exit \(result.status) \(result.error)")
        }
        return secret
    }

    /// The journal of `instance` as the server reports it (`agency log ID --json`).
    func journal(_ instance: String) throws -> [JSONValue] {
        let result = socket(["log", instance, "--json"])
        guard result.status == 0, let records = (try? JSONValue.parse(result.output))?.arrayValue else {
            throw BenchError("agency log \(instance): exit \(result.status) \(result.error)")
        }
        return records
    }

    /// The average size of an approval's journal record and of the snapshot it wrote, read
    /// from `instances` on the served store: the disk floor is sized from the real event.
    func eventSizes(_ instances: [String]) -> (record: Int, snapshot: Int) {
        var records = 0
        var snapshots = 0
        for id in instances {
            let journal = (try? Data(contentsOf: URL(fileURLWithPath: served + "/journal/\(id).jsonl"))) ?? Data()
            records += journal.split(separator: UInt8(ascii: "\n")).last.map { $0.count + 1 } ?? 0
            snapshots += (try? FileManager.default.attributesOfItem(atPath: served + "/instances/\(id).json"))?[.size]
                as? Int ?? 0
        }
        let count = max(1, instances.count)
        return (max(1, records / count), max(1, snapshots / count))
    }
}
