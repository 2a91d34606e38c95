import Foundation

/// A temporary simulation store with a small zone and a countersign workflow, for
/// end-to-end tests through the built binary.
///
/// With AGENCY_TEST_SERVED=1 (Scripts/test runs the suite once more that way) the store is
/// a served one and an `agency serve` runs for the fixture's life, so every test drives
/// the CLI as a client over the socket and checks that output and exit codes are those of
/// direct mode. A test whose subject only exists in direct mode passes `served: false`
/// and says why.
final class CLIFixture: @unchecked Sendable {
    let directory: TemporaryDirectory
    var url: URL { directory.url }
    /// The fixture's `agency serve`, when served.
    private(set) var server: ServeProcess?
    var served: Bool { server != nil }

    /// Whether fixtures are served unless a test says otherwise.
    static var servedByDefault: Bool { ProcessInfo.processInfo.environment["AGENCY_TEST_SERVED"] == "1" }

    static let people = """
        {"format": 1, "people": [
          {"id": "wangfang", "name": "王芳", "roles": ["代办员"]},
          {"id": "zhangwei", "name": "张伟", "roles": ["包联领导"]},
          {"id": "liqiang", "name": "李强", "roles": ["包联领导"]},
          {"id": "zhaomin", "name": "赵敏", "roles": ["包联领导"]},
          {"id": "sunli", "name": "孙立", "roles": ["主任"]},
          {"id": "chenjing", "name": "陈静", "roles": ["联络员"]},
          {"id": "admin", "name": "管理员", "roles": ["admin"]}
        ]}
        """

    static let countersign = """
        -- 会签: three leaders sign, any of them may transfer or add a signer.
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
              remove_sign = true,
              on = { approved = "done", rejected = "prepare" },
            },
            done = final { outcome = "approved" },
          },
        }
        """

    init(simulation: Bool = true, workflows: [String: String] = ["joint_review": CLIFixture.countersign],
         served: Bool = CLIFixture.servedByDefault) throws {
        directory = try TemporaryDirectory()
        try directory.write("people.json", Self.people)
        for (name, source) in workflows { try directory.write("Workflows/\(name).lua", source) }
        let run = try agency(["init", "--people", "people.json"] + (simulation ? ["--simulation"] : [])
                             + (served ? ["--served"] : []), in: url)
        precondition(run.status == 0, "init failed: \(run.stderr)")
        if served {
            server = try ServeProcess(store: url.appendingPathComponent(".agency"),
                                      arguments: ["--workflows", url.appendingPathComponent("Workflows").path,
                                                  "--tick-interval", "3600"])
        }
    }

    deinit { server?.stop() }

    /// Runs agency in the fixture's folder (its store is ./.agency, workflows ./Workflows).
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], stdin: URL? = nil) throws -> AgencyRun {
        try agency(arguments, in: url, environment: environment, stdin: stdin)
    }
}
