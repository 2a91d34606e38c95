import AgencyHTTP
import AgencyJSON
import AgencyServer
import Foundation
import HummingbirdTesting
import Hummingbird

/// A handler that records what it was asked and answers with a canned response.
final class RecordingHandler: ServedCommandHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [(ServedRequest, Caller)] = []
    let answer: @Sendable (ServedRequest) -> ServedResponse

    init(answer: @escaping @Sendable (ServedRequest) -> ServedResponse = { _ in
        ServedResponse(status: 0, standardOutput: Array("{}".utf8))
    }) {
        self.answer = answer
    }

    func handle(_ request: ServedRequest, caller: Caller, io: any ClientIO) -> ServedResponse {
        lock.lock()
        requests.append((request, caller))
        lock.unlock()
        return answer(request)
    }

    var last: (arguments: [String], caller: Caller)? {
        lock.lock()
        defer { lock.unlock() }
        return requests.last.map { ($0.0.arguments, $0.1) }
    }
}

/// The real commands, run by the built `agency` binary on a store, as the caller's person
/// (AGENCY_USER, which a simulation store accepts from anyone). It stands in for the served
/// store's in-process runner (agency serve) to test the API against real CLI output.
struct AgencyProcessHandler: ServedCommandHandler {
    let store: URL
    let workflows: URL

    func handle(_ request: ServedRequest, caller: Caller, io: any ClientIO) -> ServedResponse {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = request.arguments
        var environment = ProcessInfo.processInfo.environment
        environment["AGENCY_STORE"] = store.path
        environment["AGENCY_WORKFLOWS"] = workflows.path
        environment["AGENCY_USER"] = caller.person
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return ServedResponse(status: 70, standardError: Array("cannot run agency: \(error)".utf8))
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ServedResponse(status: process.terminationStatus, standardOutput: Array(out), standardError: Array(err))
    }

    static var binary: URL {
        if let explicit = ProcessInfo.processInfo.environment["AGENCY_BIN"] { return URL(fileURLWithPath: explicit) }
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("agency")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/agency")
    }
}

/// A temporary simulation store with a small zone and a countersign workflow.
final class StoreFixture: @unchecked Sendable {
    let root: URL
    var store: URL { root.appendingPathComponent(".agency") }
    var workflows: URL { root.appendingPathComponent("Workflows") }

    static let people = """
        {"format": 1, "people": [
          {"id": "wangfang", "name": "王芳", "roles": ["代办员"]},
          {"id": "zhangwei", "name": "张伟", "roles": ["包联领导"]},
          {"id": "liqiang", "name": "李强", "roles": ["包联领导"]},
          {"id": "admin", "name": "管理员", "roles": ["admin"]}
        ]}
        """

    static let workflow = """
        return workflow {
          name = "joint_review",
          title = "项目联审",
          input = { project = "string", agent = "person" },
          start = "prepare",
          states = {
            prepare = task { title = "准备材料", assignee = "agent", on = { submitted = "review" } },
            review = approval {
              title = "包联领导会签",
              approvers = { role("包联领导") },
              rule = "all",
              on = { approved = "done", rejected = "prepare" },
            },
            done = final { outcome = "approved" },
          },
        }
        """

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("agency-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        try Data(Self.people.utf8).write(to: root.appendingPathComponent("people.json"))
        try Data(Self.workflow.utf8).write(to: workflows.appendingPathComponent("joint_review.lua"))
        let result = run(["init", "--people", root.appendingPathComponent("people.json").path, "--simulation"])
        guard result.status == 0 else { throw FixtureError(String(decoding: result.standardError, as: UTF8.self)) }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Runs an `agency` command on the store as `person`.
    func run(_ arguments: [String], as person: String = "admin") -> ServedResponse {
        AgencyProcessHandler(store: store, workflows: workflows)
            .handle(ServedRequest(arguments: arguments, workingDirectory: root.path),
                    caller: Caller(channel: .cliSocket, person: person), io: NoClientFiles())
    }

    /// Creates an API token for `person` through the CLI; returns its secret.
    func token(for person: String, metrics: Bool = false) throws -> String {
        let result = run(["people", "token", person, "--json"] + (metrics ? ["--metrics"] : []))
        guard result.status == 0, let secret = try JSONValue.parse(result.standardOutput)["secret"]?.stringValue else {
            throw FixtureError("token: \(String(decoding: result.standardError, as: UTF8.self))")
        }
        return secret
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension TestResponse {
    var json: JSONValue? { try? JSONValue.parse(Array(body.readableBytesView)) }
}

/// A bearer header.
func bearer(_ secret: String) -> HTTPFields { [.authorization: "Bearer \(secret)"] }

/// A JSON request body.
func jsonBody(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
