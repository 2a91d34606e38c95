import AgencyService
import ArgumentParser
import Foundation
import LuaRuntime
import WorkflowEngine

/// Where workflow files are found: `--workflows`, else AGENCY_WORKFLOWS, else ./Workflows.
struct WorkflowOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The folder of workflow files (default: $AGENCY_WORKFLOWS or ./Workflows).",
                                            valueName: "dir"))
    var workflows: String?

    /// In agency serve, the server's folder (`serve --workflows`): workflows on a
    /// served store are the server's, never a client's.
    var folder: URL {
        if let served = ServedRequestContext.current { return served.store.workflowsFolder }
        return URL(fileURLWithPath: workflows ?? ProcessInfo.processInfo.environment["AGENCY_WORKFLOWS"] ?? "Workflows")
    }

    /// The file of workflow `name`: `<folder>/<name>.lua`, or a path given directly.
    func file(for name: String) throws -> URL {
        if name.hasSuffix(".lua") {
            // In agency serve a path would be opened by the server for a client: refused.
            guard ServedRequestContext.current == nil else {
                throw CLIError.invalid("\(name): on a served store, name one of the server's workflows, not a file "
                                       + "(agency validate FILE checks a file of yours)")
            }
            return URL(fileURLWithPath: name)
        }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw CLIError.invalid("'\(name)' is not a workflow name (letters, digits, '_', '-')")
        }
        let file = folder.appendingPathComponent("\(name).lua")
        guard FileManager.default.fileExists(atPath: file.path) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.hasSuffix(".lua") }.map { String($0.dropLast(4)) }.sorted()
            throw CLIError.notFound("no workflow '\(name)' in \(folder.path)"
                                    + (known.isEmpty ? "" : " (there are: \(known.joined(separator: ", ")))"))
        }
        return file
    }

    /// Reads and checks a workflow file.
    func load(_ name: String, runtime: LuaRuntime) throws -> WorkflowDefinition {
        let url = try file(for: name)
        guard let source = try mapErrors({ try LocalFile.read(url.path) }) else {
            throw CLIError.notFound("\(url.path): no such file")
        }
        do {
            return try DefinitionLoader.load(source: source, file: displayPath(url), runtime: runtime)
        } catch let errors as DefinitionErrors {
            throw CLIError.invalid("\(errors.description)\n(run agency validate \(displayPath(url)))")
        }
    }

    func displayPath(_ url: URL) -> String { AgencyService.displayPath(url) }
}
