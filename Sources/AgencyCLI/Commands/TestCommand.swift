import AgencyJSON
import AgencyService
import AgencyTestRunner
import ArgumentParser
import Foundation

/// `agency test`: runs workflow tests written in Lua, or checks a store's instances
/// against the current workflow files (`--replay`).
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run workflow tests (Workflows/tests/*_test.lua) with a virtual clock.",
        discussion: """
            Each test runs against a fresh simulation store; t:advance(workdays(2)) moves
            its clock and fires the timers, ladders and schedules due on the way. Failures
            print FILE:LINE with the expected and actual values; the last line is
            "N passed, N failed", and the exit code is 1 when any test failed.
            See Docs/testing.md for the test API.

            With --replay STORE, replays the journals of the store's instances against
            the current workflow files and reports the instances that would behave
            differently (exit code 1 when any would), before anyone migrates them.

            Tests find their workflows in the folder above their tests/ folder
            (Workflows/tests/x_test.lua tests Workflows/); --workflows overrides it.

            Examples:
              agency test
              agency test Workflows/tests/leave_request_test.lua --filter 驳回
              agency test --json > results.json
              agency test --replay /var/lib/agency
            """
    )

    @Argument(help: "Test files or folders (default: Workflows/tests).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("Run only the tests whose name contains this text.", valueName: "name"))
    var filter: String?

    @Flag(help: "Print the results as JSON on standard output.")
    var json = false

    /// For tests, --workflows overrides the folder found from each test file's place;
    /// for --replay, the usual default applies ($AGENCY_WORKFLOWS or ./Workflows).
    @OptionGroup var workflowOptions: WorkflowOptions

    @Option(help: ArgumentHelp("The people directory for test files that declare none "
                               + "(default: people.json in the workflows folder).", valueName: "file"))
    var people: String?

    @Flag(help: "Keep each test's store and print where it is, to look at it with agency show --store.")
    var keep = false

    @Option(help: ArgumentHelp("Check this store's instances against the current workflow files instead.",
                               valueName: "store"))
    var replay: String?

    func validate() throws {
        if replay != nil && (!paths.isEmpty || filter != nil || keep || people != nil) {
            throw ValidationError("--replay checks a store; it takes no test paths, --filter, --keep or --people")
        }
    }

    func run() throws {
        if let replay {
            try runReplay(replay)
            return
        }
        var options = TestRunOptions()
        options.workflowsFolder = workflowOptions.workflows.map { URL(fileURLWithPath: $0) }
        options.peopleFile = people.map { URL(fileURLWithPath: $0) }
        options.filter = filter
        options.keepStores = keep
        let files: [URL]
        do {
            files = try WorkflowTestRunner.testFiles(paths.isEmpty ? ["Workflows/tests"] : paths)
        } catch let error as TestRunError {
            throw error.isNotFound ? CLIError.notFound(error.description) : CLIError.invalid(error.description)
        }
        guard !files.isEmpty else {
            throw CLIError.notFound("no test files (*_test.lua) in \((paths.isEmpty ? ["Workflows/tests"] : paths).joined(separator: ", "))")
        }
        let runner = WorkflowTestRunner(options: options)
        let report: TestRunReport
        if json {
            report = runner.run(files)
            Console.out(try report.json.prettyString())
        } else {
            var header: String?
            report = runner.run(files, onFile: { header = TestReportText.fileHeader($0) }, onTest: { test in
                if let pending = header { Console.out(pending); header = nil }
                Console.out(paint(TestReportText.test(test), ok: test.passed))
            }, onFileError: { error in
                if let pending = header { Console.out(pending); header = nil }
                Console.out(paint(TestReportText.fileError(error), ok: false))
            })
            Console.out("")
            Console.out(report.summaryLine)
        }
        if report.passed + report.failed == 0 {
            throw CLIError.notFound("no test name contains '\(filter ?? "")'")
        }
        if report.failed > 0 { throw ExitStatus.invalidInput }
    }

    private func paint(_ text: String, ok: Bool) -> String {
        guard let first = text.split(separator: "\n", maxSplits: 1).first else { return text }
        let rest = text.dropFirst(first.count)
        return Console.paint(String(first), ok ? "32" : "31") + rest
    }

    private func runReplay(_ store: String) throws {
        let session = try AgencySession(storeURL: URL(fileURLWithPath: store),
                                        workflows: workflowOptions, actor: nil, now: nil)
        let report = try mapErrors { try ReplayCheck(service: session.service).run() }
        if json {
            Console.out(try report.json.prettyString())
        } else {
            Console.out("Replaying the instances of \(store) against the workflows in "
                        + "\(session.service.workflowsFolder.path)")
            Console.out(report.text)
        }
        if report.differing > 0 { throw ExitStatus.invalidInput }
    }
}
