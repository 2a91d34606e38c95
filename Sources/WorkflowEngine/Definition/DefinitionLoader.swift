import AgencyFormats
import Foundation
import LuaRuntime

/// Reads a workflow file into a checked ``WorkflowDefinition``.
///
/// The file runs once, in its own sandbox environment with the DSL constructors, and must
/// return `workflow { ... }`. Everything the DSL reference promises is then checked, and
/// every problem is reported at once with its line (``DefinitionErrors``).
public enum DefinitionLoader {
    /// Hex SHA-256 of a source text: the version an instance is pinned to.
    public static func version(of source: [UInt8]) -> String {
        Digest.sha256Hex(source)
    }

    public static func load(source: [UInt8], file: String,
                            runtime: LuaRuntime) throws -> WorkflowDefinition {
        let problems = ProblemCollector(file: file)
        let environment = try runtime.newEnvironment()
        try DSLPrelude.install(in: environment, runtime: runtime)

        let results: [LuaValue]
        do {
            let chunk = try runtime.load(source: source, chunkName: file, environment: environment)
            results = try runtime.call(chunk, arguments: [], chunkName: file)
        } catch let error as LuaError {
            let line = error.chunk == file ? error.line : nil
            let message = error.chunk == file || error.chunk == nil ? error.message : error.description
            throw DefinitionErrors(problems: [DefinitionProblem(file: file, line: line, message: message,
                                                                kind: error.kind.rawValue)])
        }
        guard case .table(let table)? = results.first else {
            problems.add(nil, "a workflow file must return workflow { ... }, but it returned "
                         + (results.first?.typeName ?? "nothing"))
            throw DefinitionErrors(problems: problems.sorted)
        }
        let reader = DefinitionReader(runtime: runtime, problems: problems, file: file, source: source)
        let definition = try reader.readWorkflow(table, version: version(of: source))
        DefinitionChecks.check(definition, problems: problems, source: source)
        let errors = problems.sorted
        guard errors.isEmpty, let definition else { throw DefinitionErrors(problems: errors) }
        do {
            definition.moduleState = try runtime.snapshotState(roots: [environment, table])
        } catch let error as LuaError {
            throw DefinitionErrors(problems: [DefinitionProblem(file: file, line: nil, message: error.description,
                                                                kind: error.kind.rawValue)])
        }
        return definition
    }
}
