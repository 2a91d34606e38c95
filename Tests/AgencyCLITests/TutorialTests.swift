import Foundation
import Testing

/// One step of a tutorial: a file the reader writes (a fenced block whose info string has
/// `file=PATH`) or a command the reader types (a `$ ` line of a `console` block), with
/// the output the tutorial shows for it.
enum TutorialStep: Equatable {
    case file(path: String, content: String)
    case command(String, shown: [String])

    /// The steps of a Markdown tutorial, in document order.
    static func parse(_ markdown: String) -> [TutorialStep] {
        var steps: [TutorialStep] = []
        var info: String?
        var body: [String] = []
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let current = info {
                guard line == "```" else {
                    body.append(line)
                    continue
                }
                if let path = current.split(separator: " ").first(where: { $0.hasPrefix("file=") })?.dropFirst(5) {
                    steps.append(.file(path: String(path), content: body.joined(separator: "\n") + "\n"))
                } else if current == "console" {
                    steps += commands(body)
                }
                info = nil
                body = []
            } else if line.hasPrefix("```") {
                info = String(line.dropFirst(3))
            }
        }
        return steps
    }

    private static func commands(_ lines: [String]) -> [TutorialStep] {
        var steps: [TutorialStep] = []
        for line in lines {
            if line.hasPrefix("$ ") {
                steps.append(.command(String(line.dropFirst(2)), shown: []))
            } else if case .command(let command, let shown)? = steps.last {
                steps[steps.count - 1] = .command(command, shown: shown + [line])
            }
        }
        return steps
    }

    /// The command alone, for comparing translations (their shown output is the same
    /// program's output, so it is compared too).
    var isCommand: Bool {
        if case .command = self { return true }
        return false
    }
}

/// Runs `command` with /bin/sh in `directory`, with the built `agency` first on PATH and
/// none of the AGENCY_* variables of whoever runs the tests.
func shell(_ command: String, in directory: URL) throws -> AgencyRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AGENCY_") }
    environment["PATH"] = AgencyBinary.url.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return AgencyRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

@Suite("Docs/tutorial.md runs as written")
struct TutorialTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func steps(_ path: String) throws -> [TutorialStep] {
        TutorialStep.parse(try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
    }

    /// Shown lines that depend on the machine or the person: the store's absolute path,
    /// journal hashes (the record carries the login), elisions.
    static func isPortable(_ line: String) -> Bool {
        !line.contains("...") && !line.contains("head ") && !line.contains("日志头 ") && !line.contains("/home/you")
            && !line.trimmingCharacters(in: .whitespaces).isEmpty
    }

    @Test("every command succeeds, in order, on a fresh folder, and prints what the tutorial shows")
    func tutorialRuns() throws {
        let steps = try Self.steps("Docs/tutorial.md")
        #expect(steps.filter(\.isCommand).count >= 10)
        #expect(steps.filter { !$0.isCommand }.count == 3)
        let directory = try TemporaryDirectory()
        for step in steps {
            switch step {
            case .file(let path, let content):
                try directory.write(path, content)
            case .command(let command, let shown):
                let run = try shell(command, in: directory.url)
                #expect(run.status == 0, "`\(command)` failed (\(run.status)):\n\(run.stdout)\n\(run.stderr)")
                let printed = Set((run.stdout + "\n" + run.stderr).split(separator: "\n")
                    .map { $0.trimmingCharacters(in: .whitespaces) })
                for line in shown where Self.isPortable(line) {
                    let wanted = line.trimmingCharacters(in: .whitespaces)
                    #expect(printed.contains(wanted),
                            "`\(command)` did not print the line the tutorial shows:\n\(wanted)\nit printed:\n\(run.stdout)\(run.stderr)")
                }
            }
        }
    }

    @Test("the Chinese tutorial has the same files and commands as the English one")
    func translationMatches() throws {
        let english = try Self.steps("Docs/tutorial.md")
        let chinese = try Self.steps("Docs/zh/tutorial.md")
        #expect(chinese.count == english.count)
        for (zh, en) in zip(chinese, english) {
            #expect(zh == en)
        }
    }

    @Test("the step parser finds files and commands and ignores other blocks")
    func parser() {
        let markdown = """
        ```sh
        swift build
        ```
        ```lua file=W/a.lua
        return 1
        ```
        ```console
        $ agency validate W/a.lua
        W/a.lua: ok
        $ agency show x
        ```
        ```text
        $ not a command
        ```
        """
        #expect(TutorialStep.parse(markdown) == [
            .file(path: "W/a.lua", content: "return 1\n"),
            .command("agency validate W/a.lua", shown: ["W/a.lua: ok"]),
            .command("agency show x", shown: []),
        ])
    }
}
