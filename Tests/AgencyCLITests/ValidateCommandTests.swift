import Foundation
import Testing

@Suite("agency validate")
struct ValidateCommandTests {
    @Test("a syntax error prints FILE:LINE: message and exits 1")
    func syntaxError() throws {
        let directory = try TemporaryDirectory()
        try directory.write("broken.lua", "return {\n  name = \"x\",\n  title = = 1,\n}\n")
        let run = try agency(["validate", "broken.lua"], in: directory.url)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("broken.lua:3: unexpected symbol near '='"))
    }

    @Test("a runtime error at load time names the line")
    func runtimeError() throws {
        let directory = try TemporaryDirectory()
        try directory.write("boom.lua", "local stages = nil\n\nreturn { first = stages[1] }\n")
        let run = try agency(["validate", "boom.lua"], in: directory.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("boom.lua:3: attempt to index a nil value (local 'stages')"))
    }

    @Test("a file that does not return a table is refused")
    func notATable() throws {
        let directory = try TemporaryDirectory()
        try directory.write("value.lua", "return 42\n")
        let run = try agency(["validate", "value.lua"], in: directory.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("value.lua: a workflow file must return workflow { ... }, but it returned number"))
    }

    @Test("an endless loop is stopped and reported, not hung")
    func endlessLoop() throws {
        let directory = try TemporaryDirectory()
        try directory.write("loop.lua", "while true do end\n")
        let run = try agency(["validate", "loop.lua"], in: directory.url)
        #expect(run.status == 1)
        // The instruction limit normally ends it; on a machine loaded enough that 2 s pass
        // first, the time limit does. Either way it is stopped and reported.
        #expect(run.stderr.contains("loop.lua:1: instruction limit") || run.stderr.contains("loop.lua:1: time limit"),
                "\(run.stderr)")
    }

    @Test("good files pass, missing files fail, and every file is reported")
    func mixed() throws {
        let directory = try TemporaryDirectory()
        try directory.write("good.lua", "return workflow { name = \"good\", start = \"a\", states = { a = task { assignee = \"x\", on = { go = \"b\" } }, b = final { } } }\n")
        let run = try agency(["validate", "good.lua", "missing.lua"], in: directory.url)
        #expect(run.status == 1)
        #expect(run.stdout.contains("good.lua: ok"))
        #expect(run.stderr.contains("missing.lua: no such file"))
    }

    @Test("--json reports each file with its problems")
    func json() throws {
        let directory = try TemporaryDirectory()
        try directory.write("bad.lua", "return nil +\n")
        let run = try agency(["validate", "--json", "bad.lua"], in: directory.url)
        #expect(run.status == 1)
        #expect(run.stdout.contains("\"file\": \"bad.lua\""))
        #expect(run.stdout.contains("\"line\": 2"))
        #expect(run.stdout.contains("\"kind\": \"syntax\""))
    }

    @Test("the shipped workflows validate")
    func shippedWorkflows() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let files = try FileManager.default.contentsOfDirectory(
            atPath: root.appendingPathComponent("Workflows").path)
            .filter { $0.hasSuffix(".lua") }.map { "Workflows/\($0)" }
        #expect(!files.isEmpty)
        let run = try agency(["validate"] + files, in: root)
        #expect(run.status == 0, "\(run.stderr)")
    }
}

@Suite("agency basics")
struct BasicsTests {
    @Test("--version and --help answer")
    func versionAndHelp() throws {
        let version = try agency(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try agency(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("validate"))
    }

    @Test("an unknown subcommand is a usage error")
    func unknownCommand() throws {
        let run = try agency(["frobnicate"])
        #expect(run.status == 64)
    }
}
