import AgencyJSON
import Foundation
import LuaRuntime
import WorkflowEngine

/// Loads a workflow file in a fresh sandbox and reports everything wrong with it.
enum WorkflowFileCheck {
    /// What checking one file found: its problems (errors), and, when there are none, the
    /// loaded definition and its source, so that lint need not load it a second time.
    struct Result {
        var problems: [DefinitionProblem]
        var loaded: (definition: WorkflowDefinition, source: [UInt8])?
    }

    static func check(_ file: String) -> Result {
        func failure(_ kind: String, _ message: String, line: Int? = nil) -> Result {
            Result(problems: [DefinitionProblem(file: file, line: line, message: message, kind: kind)])
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            let exists = FileManager.default.fileExists(atPath: file)
            return failure("io", exists ? "cannot read the file (permissions?)" : "no such file")
        }
        let source = [UInt8](data)
        do {
            let definition = try DefinitionLoader.load(source: source, file: file, runtime: try LuaRuntime())
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            if definition.name != stem {
                return failure("definition", "the workflow is named '\(definition.name)' but the file is "
                               + "'\(stem).lua'; name the file after the workflow")
            }
            return Result(problems: [], loaded: (definition, source))
        } catch let errors as DefinitionErrors {
            return Result(problems: errors.problems)
        } catch let error as LuaError {
            return failure(error.kind.rawValue, error.message, line: error.chunk == file ? error.line : nil)
        } catch {
            return failure("internal", "\(error)")
        }
    }
}

extension DefinitionProblem {
    /// `{"kind", "message", "line"?}`, as `agency validate --json` prints a problem.
    var json: JSONValue {
        var fields: [String: JSONValue] = ["kind": .string(kind), "message": .string(message)]
        if let line { fields["line"] = .integer(Int64(line)) }
        return .object(fields)
    }
}
