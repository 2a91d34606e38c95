import AgencyCalendar
import AgencyJSON
import AgencyService
import Foundation
import LuaRuntime
import WorkflowEngine

/// How `agency test` runs: where workflows and people come from, which tests, where the
/// throwaway stores go.
public struct TestRunOptions {
    /// The workflows under test; nil: the folder above the test file's `tests/` folder
    /// (Workflows/tests/x_test.lua tests Workflows/), or the test file's own folder.
    public var workflowsFolder: URL?
    /// The people directory when a test file declares none; nil: `people.json` in the
    /// workflows folder, if there is one.
    public var peopleFile: URL?
    /// Runs only tests whose name contains this text.
    public var filter: String?
    /// Keeps each test's store for inspection with the other commands.
    public var keepStores = false
    public var calendar: WorkCalendar = .official
    public var timezone = "Asia/Shanghai"
    public var temporaryRoot = FileManager.default.temporaryDirectory

    public init() {}
}

/// A problem with the run itself (a path that does not exist), as opposed to a test
/// that fails.
public struct TestRunError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public var isNotFound: Bool
}

/// Runs workflow test files (Docs/testing.md): each file in its own Lua sandbox, each
/// test against a fresh simulation store with a virtual clock.
public final class WorkflowTestRunner {
    public var options: TestRunOptions
    /// Reports that `t:report(name, options)` can compute, by name (`weekly` built in).
    public var reports: [String: TestReportProvider] = TestReports.builtIn

    /// Limits of a test file's own Lua: the standard memory cap, a generous instruction
    /// budget, and a wall clock long enough for the host work (store commits, hooks)
    /// that a long test does between two of its lines.
    static let limits = LuaLimits(memoryBytes: 64 << 20, instructions: 100_000_000, seconds: 300)

    public init(options: TestRunOptions = TestRunOptions()) {
        self.options = options
    }

    /// The test files named by `paths`: files as given, folders searched (recursively)
    /// for `*_test.lua`, in name order.
    public static func testFiles(_ paths: [String]) throws -> [URL] {
        var files: [URL] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw TestRunError(description: "\(path): no such file or folder", isNotFound: true)
            }
            if isFolder.boolValue {
                let url = URL(fileURLWithPath: path)
                let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                    .filter { $0.hasSuffix("_test.lua") }.sorted()
                files += found.map { url.appendingPathComponent($0) }
            } else {
                files.append(URL(fileURLWithPath: path))
            }
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// Runs the files in order; `onFile` and `onTest` report progress as it happens.
    public func run(_ files: [URL], onFile: (String) -> Void = { _ in },
                    onTest: (TestCaseResult) -> Void = { _ in },
                    onFileError: (TestFailure) -> Void = { _ in }) -> TestRunReport {
        var report = TestRunReport()
        for file in files {
            let name = Self.displayPath(file)
            onFile(name)
            let result = runFile(file, name: name, onTest: onTest)
            if let error = result.error { onFileError(error) }
            if result.error != nil || !result.tests.isEmpty || options.filter == nil {
                report.files.append(result)
            }
        }
        return report
    }

    func runFile(_ file: URL, name: String, onTest: (TestCaseResult) -> Void) -> TestFileResult {
        var result = TestFileResult(file: name, error: nil, tests: [])
        do {
            let loaded = try TestFile.load(file, name: name, limits: Self.limits)
            let setup = try self.setup(for: file, declaredPeople: loaded.people)
            for test in loaded.tests where options.filter.map({ test.name.contains($0) }) ?? true {
                let outcome = run(test, of: loaded, setup: setup)
                onTest(outcome)
                result.tests.append(outcome)
            }
        } catch let error as TestFailure {
            result.error = error
        } catch let error as LuaError {
            result.error = TestFailure(message: error.message, file: error.chunk, line: error.line,
                                       traceback: TestFile.trimmed(error.traceback, file: name))
        } catch {
            result.error = TestFailure(message: "\(error)", file: name)
        }
        return result
    }

    private func run(_ test: TestFile.Test, of file: TestFile, setup: TestSetup) -> TestCaseResult {
        var result = TestCaseResult(name: test.name, line: test.line, failure: nil, output: [], store: nil)
        let session: TestSession
        do {
            session = try TestSession(setup)
        } catch {
            result.failure = TestFailure(message: "cannot create the test's store: \(ServiceError(error).description)",
                                         file: file.name, line: test.line)
            return result
        }
        file.host.session = session
        file.output = []
        defer {
            file.host.session = nil
            session.close(keep: options.keepStores)
        }
        do {
            try file.run(test)
            if let difference = try session.replayInFreshProcess() {
                result.failure = TestFailure(message: difference, file: file.name, line: test.line)
            }
        } catch let error as LuaError {
            if let recorded = session.failure, recorded.message == error.message {
                var failure = recorded
                failure.file = error.chunk
                failure.line = error.line
                failure.traceback = TestFile.trimmed(error.traceback, file: file.name)
                result.failure = failure
            } else {
                result.failure = TestFailure(message: error.message, file: error.chunk ?? file.name,
                                             line: error.line, traceback: TestFile.trimmed(error.traceback, file: file.name))
            }
        } catch {
            result.failure = TestFailure(message: "\(error)", file: file.name, line: test.line)
        }
        result.output = file.output
        if options.keepStores { result.store = session.storePath }
        return result
    }

    /// Workflows, people, calendar and zone for the tests of `file`.
    func setup(for file: URL, declaredPeople: JSONValue?) throws -> TestSetup {
        let folder = file.deletingLastPathComponent()
        let workflows = options.workflowsFolder
            ?? (folder.lastPathComponent == "tests" ? folder.deletingLastPathComponent() : folder)
        let people: PeopleDirectory
        if let declared = declaredPeople {
            people = try Self.people(declared, relativeTo: folder, file: Self.displayPath(file))
        } else if let peopleFile = options.peopleFile {
            people = try Self.loadPeople(peopleFile)
        } else if FileManager.default.fileExists(atPath: workflows.appendingPathComponent("people.json").path) {
            people = try Self.loadPeople(workflows.appendingPathComponent("people.json"))
        } else {
            people = try PeopleDirectory(people: [])
        }
        return TestSetup(workflowsFolder: workflows, people: people, calendar: options.calendar,
                         timezone: options.timezone, temporaryRoot: options.temporaryRoot, reports: reports)
    }

    /// `people { ... }` in a test file: a list of people, a whole people.json object, or
    /// the name of a file next to the test file.
    static func people(_ value: JSONValue, relativeTo folder: URL, file: String) throws -> PeopleDirectory {
        switch value {
        case .string(let name):
            let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : folder.appendingPathComponent(name)
            return try loadPeople(url)
        case .array:
            return try directory(["format": 1, "people": value], source: "\(file): people")
        default:
            return try directory(value, source: "\(file): people")
        }
    }

    static func loadPeople(_ url: URL) throws -> PeopleDirectory {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TestFailure(message: "cannot read the people file \(displayPath(url))")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse([UInt8](data))
        } catch {
            throw TestFailure(message: "\(displayPath(url)): malformed JSON: \(error)")
        }
        return try directory(json, source: displayPath(url))
    }

    private static func directory(_ json: JSONValue, source: String) throws -> PeopleDirectory {
        do {
            return try PeopleDirectory.load(json: json, source: source)
        } catch {
            throw TestFailure(message: "\(error)")
        }
    }

    static func displayPath(_ url: URL) -> String { AgencyService.displayPath(url) }
}

extension TestFailure: Error {}
