import AgencyJSON
import AgencyService

/// Why a test (or a test file) failed: a failed expectation, with what was expected and
/// what was found, or any other error, each at the FILE:LINE of the test code.
public struct TestFailure: Sendable, Equatable {
    /// What went wrong, without the location prefix.
    public var message: String
    public var file: String?
    public var line: Int?
    /// The expectation that failed (`expect_eq`, `expect_state`, ...), or nil when the
    /// test raised an error of its own (a typo, a refused t:act, a Lua error).
    public var expectation: String?
    public var expected: JSONValue?
    public var actual: JSONValue?
    /// The Lua stack at the error, for errors that are not expectations.
    public var traceback: String

    public init(message: String, file: String? = nil, line: Int? = nil, expectation: String? = nil,
                expected: JSONValue? = nil, actual: JSONValue? = nil, traceback: String = "") {
        self.message = message
        self.file = file
        self.line = line
        self.expectation = expectation
        self.expected = expected
        self.actual = actual
        self.traceback = traceback
    }

    /// `FILE:LINE`, `FILE` or nothing.
    public var location: String? {
        guard let file else { return nil }
        return line.map { "\(file):\($0)" } ?? file
    }

    public var json: JSONValue {
        var fields: [String: JSONValue] = ["message": .string(message)]
        if let file { fields["file"] = .string(file) }
        if let line { fields["line"] = .integer(Int64(line)) }
        if let expectation { fields["expectation"] = .string(expectation) }
        if let expected { fields["expected"] = expected }
        if let actual { fields["actual"] = actual }
        if !traceback.isEmpty { fields["traceback"] = .string(traceback) }
        return .object(fields)
    }
}

/// One `test(name, fn)` and how it went.
public struct TestCaseResult: Sendable {
    public var name: String
    /// Where `test(...)` is called.
    public var line: Int?
    public var failure: TestFailure?
    /// What the test printed with `print`.
    public var output: [String]
    /// The test's store, when kept with `--keep`.
    public var store: String?

    public var passed: Bool { failure == nil }
}

/// One test file: its tests, or the error that kept it from loading.
public struct TestFileResult: Sendable {
    public var file: String
    public var error: TestFailure?
    public var tests: [TestCaseResult]
}

/// A whole run of `agency test`.
public struct TestRunReport: Sendable {
    public var files: [TestFileResult] = []

    public init(files: [TestFileResult] = []) { self.files = files }

    public var passed: Int { files.reduce(0) { $0 + $1.tests.filter(\.passed).count } }
    /// Failed tests, plus one for each file that did not load.
    public var failed: Int {
        files.reduce(0) { $0 + $1.tests.filter { !$0.passed }.count + ($1.error == nil ? 0 : 1) }
    }

    /// The closing line CI reads: exactly `N passed, N failed`.
    public var summaryLine: String { "\(passed) passed, \(failed) failed" }

    /// The stable `--json` shape (Docs/testing.md).
    public var json: JSONValue {
        .object([
            "passed": .integer(Int64(passed)),
            "failed": .integer(Int64(failed)),
            "files": .array(files.map { file in
                var fields: [String: JSONValue] = [
                    "file": .string(file.file),
                    "tests": .array(file.tests.map { test in
                        var entry: [String: JSONValue] = [
                            "name": .string(test.name),
                            "status": .string(test.passed ? "passed" : "failed"),
                            "output": .array(test.output.map { .string($0) }),
                        ]
                        if let line = test.line { entry["line"] = .integer(Int64(line)) }
                        if let failure = test.failure { entry["failure"] = failure.json }
                        if let store = test.store { entry["store"] = .string(store) }
                        return .object(entry)
                    }),
                ]
                if let error = file.error { fields["error"] = error.json }
                return .object(fields)
            }),
        ])
    }
}

/// The text `agency test` prints: one line per test, details under each failure.
public enum TestReportText {
    public static func fileHeader(_ file: String) -> String { file }

    public static func fileError(_ error: TestFailure) -> String {
        "  FAIL (the file did not load)\n" + indent(describe(error), by: 6)
    }

    public static func test(_ result: TestCaseResult) -> String {
        guard let failure = result.failure else { return "  ok   \(result.name)" }
        var text = "  FAIL \(result.name)\n" + indent(describe(failure), by: 6)
        if !result.output.isEmpty {
            text += "\n      output:\n" + indent(result.output.joined(separator: "\n"), by: 8)
        }
        if let store = result.store { text += "\n      store kept at \(store)" }
        return text
    }

    /// `FILE:LINE: message`, then `expected:` / `actual:` lines for an expectation, or
    /// the Lua traceback for any other error.
    public static func describe(_ failure: TestFailure) -> String {
        var text = failure.location.map { "\($0): " } ?? ""
        text += failure.message
        if failure.expectation != nil {
            if let expected = failure.expected { text += "\n  expected: " + TestValues.show(expected) }
            if let actual = failure.actual { text += "\n  actual:   " + TestValues.show(actual) }
        }
        if !failure.traceback.isEmpty {
            text += "\n" + failure.traceback
        }
        return text
    }

    static func indent(_ text: String, by spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { pad + $0 }.joined(separator: "\n")
    }
}
