import AgencyJSON
import Foundation
import LuaRuntime
import WorkflowEngine

/// One problem found in a workflow file, printed as `FILE:LINE: message`.
struct FileProblem: CustomStringConvertible {
    var file: String
    var line: Int?
    var kind: String
    var message: String

    var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }

    var json: JSONValue {
        var fields: [String: JSONValue] = ["kind": .string(kind), "message": .string(message)]
        if let line { fields["line"] = .integer(Int64(line)) }
        return .object(fields)
    }
}

/// Loads a workflow file in a fresh sandbox and reports everything wrong with it.
enum WorkflowFileCheck {
    static func problems(in file: String) -> [FileProblem] {
        guard let data = FileManager.default.contents(atPath: file) else {
            let exists = FileManager.default.fileExists(atPath: file)
            return [FileProblem(file: file, kind: "io",
                                message: exists ? "cannot read the file (permissions?)"
                                                : "no such file")]
        }
        do {
            let definition = try DefinitionLoader.load(source: [UInt8](data), file: file,
                                                       runtime: try LuaRuntime())
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            if definition.name != stem {
                return [FileProblem(file: file, kind: "definition",
                                    message: "the workflow is named '\(definition.name)' but the file is "
                                        + "'\(stem).lua'; name the file after the workflow")]
            }
            return []
        } catch let errors as DefinitionErrors {
            return errors.problems.map {
                FileProblem(file: file, line: $0.line, kind: $0.kind, message: $0.message)
            }
        } catch let error as LuaError {
            return [FileProblem(file: file, line: error.chunk == file ? error.line : nil,
                                kind: error.kind.rawValue, message: error.message)]
        } catch {
            return [FileProblem(file: file, kind: "internal", message: "\(error)")]
        }
    }
}
