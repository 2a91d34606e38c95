import AgencyJSON
import ArgumentParser
import Foundation
import LuaRuntime

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check workflow files: they load in the sandbox and define a workflow.",
        discussion: """
            Each problem is printed as FILE:LINE: message on standard error, and the exit
            code is 1 when any file has a problem.

            Example:
              agency validate Workflows/*.lua
            """
    )

    @Argument(help: "Workflow files (.lua) to check.")
    var files: [String]

    @Flag(help: "Print the results as JSON on standard output.")
    var json = false

    func run() throws {
        var reports: [JSONValue] = []
        var failures = 0
        for file in files {
            let problems = WorkflowFileCheck.check(file).problems
            failures += problems.isEmpty ? 0 : 1
            if json {
                reports.append(.object([
                    "file": .string(file),
                    "ok": .bool(problems.isEmpty),
                    "problems": .array(problems.map(\.json)),
                ]))
            } else if problems.isEmpty {
                Console.out("\(file): ok")
            } else {
                problems.forEach { Console.error($0.description) }
            }
        }
        if json { Console.out(try JSONValue.array(reports).prettyString()) }
        if failures > 0 { throw ExitStatus.invalidInput }
    }
}
