import AgencyJSON
import ArgumentParser
import Foundation
import LuaRuntime
import WorkflowEngine

/// `agency lint`: warnings for likely mistakes in workflows that validate.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Warn about likely mistakes in workflow files (no due time, no reject path, ...).",
        discussion: """
            Checks what validate checks, then warns about: a task, approval or wait with
            no due time (no-due); an approval with no rejected route (no-reject); a state
            from which no final state can be reached (no-exit); a role nobody holds or a
            person not in the people directory (unknown-role, unknown-person); an
            at_least quorum more than the approvers' holders (quorum-unreachable);
            resubmit = "direct" with nothing earlier to return to (resubmit-no-return).
            Warnings print as FILE:LINE: warning: message [rule]. A comment
            "-- lint: allow RULE" on the line (or the line above) silences a rule there.

            Exit code 1 when a file does not load, or with --strict when there are
            warnings; otherwise 0.

            Examples:
              agency lint
              agency lint Workflows/permits.lua --people Workflows/people.json --strict
            """
    )

    @Argument(help: "Workflow files (default: every .lua file in the workflows folder).")
    var files: [String] = []

    @Option(help: ArgumentHelp("The people directory for role checks (default: people.json beside each file).",
                               valueName: "file"))
    var people: String?

    @Flag(help: "Exit with code 1 when there are warnings, for CI.")
    var strict = false

    @Flag(help: "Print the results as JSON on standard output.")
    var json = false

    @OptionGroup var workflowOptions: WorkflowOptions

    func run() throws {
        let targets = try files.isEmpty ? defaultFiles() : files
        let explicitPeople = try people.map { try Self.loadPeople(URL(fileURLWithPath: $0)) }
        var reports: [JSONValue] = []
        var errors = 0, warnings = 0
        for file in targets {
            let checked = WorkflowFileCheck.check(file)
            var problems = checked.problems
            var skippedPeople = false
            if let (definition, source) = checked.loaded {
                let directory = try explicitPeople ?? Self.peopleBeside(file)
                skippedPeople = directory == nil
                problems = DefinitionLint.warnings(definition, source: source, people: directory)
            }
            errors += problems.filter { $0.severity == .error }.count
            warnings += problems.filter { $0.severity == .warning }.count
            if json {
                reports.append(.object([
                    "file": .string(file),
                    "problems": .array(problems.map { problem in
                        var fields: [String: JSONValue] = [
                            "severity": .string(problem.severity.rawValue), "rule": .string(problem.kind),
                            "message": .string(problem.message),
                        ]
                        if let line = problem.line { fields["line"] = .integer(Int64(line)) }
                        return .object(fields)
                    }),
                    "peopleChecked": .bool(!skippedPeople),
                ]))
            } else {
                problems.forEach { Console.error($0.description) }
                if skippedPeople {
                    Console.error("\(file): note: no people directory (--people, or people.json beside the file); "
                                  + "roles and persons were not checked")
                }
            }
        }
        if json {
            Console.out(try JSONValue.array(reports).prettyString())
        } else {
            Console.out("\(targets.count) file\(targets.count == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), "
                        + "\(warnings) warning\(warnings == 1 ? "" : "s")")
        }
        if errors > 0 || (strict && warnings > 0) { throw ExitStatus.invalidInput }
    }

    private func defaultFiles() throws -> [String] {
        let folder = workflowOptions.folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw CLIError.notFound("no workflows folder \(folder.path) (give files, or --workflows DIR)")
        }
        return names.filter { $0.hasSuffix(".lua") }.sorted()
            .map { workflowOptions.displayPath(folder.appendingPathComponent($0)) }
    }

    static func peopleBeside(_ file: String) throws -> PeopleDirectory? {
        let url = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("people.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try loadPeople(url)
    }

    static func loadPeople(_ url: URL) throws -> PeopleDirectory {
        guard let directory = try AgencySession.readPeople(atPath: url.path) else {
            throw CLIError.notFound("--people \(url.path): no such file")
        }
        return directory
    }
}
