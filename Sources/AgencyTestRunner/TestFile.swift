import AgencyJSON
import AgencyService
import Foundation
import LuaRuntime
import WorkflowEngine

/// One test file loaded into its own Lua sandbox: the prelude defined `test`, `people`
/// and the rest, the file ran and registered its tests, and the registry says what it
/// declared. The runtime stays alive while the file's tests run, so tests share the
/// file's top-level locals (helper functions, fixtures) as any Lua code would.
final class TestFile {
    struct Test {
        var name: String
        var line: Int?
        var function: LuaRef
    }

    let name: String
    /// The chunk name Lua knows the file by. Lua shortens long chunk names in its
    /// messages ("...end/of/the/path.lua:12:"), so the file runs under its short base
    /// name and errors are mapped back to the full name (``located(_:)``).
    let alias: String
    let runtime: LuaRuntime
    let host: TestHost
    let tests: [Test]
    let beforeEach: [LuaRef]
    let people: JSONValue?
    private let newT: LuaRef
    /// Lines the running test printed.
    var output: [String] = []

    private init(name: String, alias: String, runtime: LuaRuntime, host: TestHost, tests: [Test], beforeEach: [LuaRef],
                 people: JSONValue?, newT: LuaRef) {
        self.name = name
        self.alias = alias
        self.runtime = runtime
        self.host = host
        self.tests = tests
        self.beforeEach = beforeEach
        self.people = people
        self.newT = newT
    }

    static func load(_ url: URL, name: String, limits: LuaLimits) throws -> TestFile {
        let alias = url.lastPathComponent.count <= 40 ? url.lastPathComponent : "test.lua"
        do {
            return try load(url, name: name, alias: alias, limits: limits)
        } catch let error as LuaError {
            throw located(error, alias: alias, name: name)
        }
    }

    private static func load(_ url: URL, name: String, alias: String, limits: LuaLimits) throws -> TestFile {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TestFailure(message: "cannot read the test file", file: name)
        }
        let runtime = try LuaRuntime(limits: limits)
        let host = TestHost()
        let environment = try runtime.newEnvironment()
        try DSLPrelude.install(in: environment, runtime: runtime)  // hours(n), days(n), workdays(n)
        let prelude = try runtime.load(source: Array(TestPrelude.source.utf8), chunkName: TestPrelude.chunkName,
                                       environment: environment)
        let results = try runtime.call(prelude, arguments: [.value(.table(try host.table(in: runtime))),
                                                            .value(.function(try runtime.callerLineFunction()))])
        guard case .table(let registry)? = results.first else {
            throw TestFailure(message: "internal error: the test prelude returned no registry", file: name)
        }
        let chunk = try runtime.load(source: [UInt8](data), chunkName: alias, environment: environment)
        _ = try runtime.call(chunk, arguments: [], chunkName: alias)

        let tests = try list(runtime, registry, "tests").map { entry -> Test in
            guard case .table(let table) = entry,
                  case .string(let testName) = try runtime.field(table, "name"),
                  case .function(let function) = try runtime.field(table, "fn") else {
                throw TestFailure(message: "internal error: a malformed test entry", file: name)
            }
            var line: Int?
            if case .integer(let number) = try runtime.field(table, "line") { line = Int(number) }
            return Test(name: testName, line: line, function: function)
        }
        let beforeEach = try list(runtime, registry, "before_each").compactMap { entry -> LuaRef? in
            if case .function(let function) = entry { return function }
            return nil
        }
        let people = try runtime.jsonField(registry, "people", path: "people")
        guard case .function(let newT) = try runtime.field(registry, "new_t") else {
            throw TestFailure(message: "internal error: the test prelude has no new_t", file: name)
        }
        if tests.isEmpty {
            throw TestFailure(message: "the file declares no tests; write test(\"name\", function(t) ... end)",
                              file: name)
        }
        let file = TestFile(name: name, alias: alias, runtime: runtime, host: host, tests: tests, beforeEach: beforeEach,
                            people: people.isNull ? JSONValue?.none : people, newT: newT)
        runtime.printHandler = { [unowned file] line in file.output.append(line) }
        return file
    }

    /// The values of an array table `registry[key]`, in order.
    private static func list(_ runtime: LuaRuntime, _ registry: LuaRef, _ key: String) throws -> [LuaValue] {
        guard case .table(let table) = try runtime.field(registry, key) else { return [] }
        return try runtime.entries(of: table).compactMap { entry -> (Int64, LuaValue)? in
            if case .integer(let index) = entry.key { return (index, entry.value) }
            return nil
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Runs one test: a fresh `t`, the before-each functions, then the test's function.
    /// Lua errors come back naming the test file by its full name.
    func run(_ test: Test) throws {
        do {
            guard case .table(let t)? = try runtime.call(newT, arguments: []).first else {
                throw TestFailure(message: "internal error: new_t returned no table", file: name)
            }
            for function in beforeEach {
                _ = try runtime.call(function, arguments: [.value(.table(t))], chunkName: alias)
            }
            _ = try runtime.call(test.function, arguments: [.value(.table(t))], chunkName: alias)
        } catch let error as LuaError {
            throw Self.located(error, alias: alias, name: name)
        }
    }

    /// `error` with the alias replaced by the file's full name.
    static func located(_ error: LuaError, alias: String, name: String) -> LuaError {
        var error = error
        if error.chunk == alias { error.chunk = name }
        error.message = renamed(error.message, alias: alias, name: name)
        error.traceback = renamed(error.traceback, alias: alias, name: name)
        return error
    }

    /// Replaces `alias:` with `name:` where it starts a location (not inside a longer
    /// path that merely ends the same way).
    private static func renamed(_ text: String, alias: String, name: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: alias + ":") {
            let before = rest[..<range.lowerBound]
            let startsLocation = before.last.map { !($0 == "/" || $0.isLetter || $0.isNumber || $0 == "_") } ?? true
            result += before + (startsLocation ? name + ":" : alias + ":")
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    /// Keeps the traceback lines that point into the test file (the author's own code,
    /// not the prelude's or the host's frames), minus the innermost one, which the
    /// failure's location already names. Empty when nothing else is left.
    static func trimmed(_ traceback: String, file: String) -> String {
        let frames = traceback.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix(file + ":") }
        return frames.dropFirst().map { "  at " + $0 }.joined(separator: "\n")
    }
}
