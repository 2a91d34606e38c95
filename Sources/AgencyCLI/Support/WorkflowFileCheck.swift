import AgencyJSON
import Foundation
import LuaRuntime

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

/// Loads a workflow file in a fresh sandbox and reports what is wrong with it.
enum WorkflowFileCheck {
    static func problems(in file: String) -> [FileProblem] {
        guard let data = FileManager.default.contents(atPath: file) else {
            let exists = FileManager.default.fileExists(atPath: file)
            return [FileProblem(file: file, kind: "io",
                                message: exists ? "cannot read the file (permissions?)"
                                                : "no such file")]
        }
        do {
            let runtime = try LuaRuntime()
            let environment = try runtime.newEnvironment()
            let results = try runtime.run(source: [UInt8](data), chunkName: file,
                                          environment: environment)
            guard case .table = results.first else {
                let got = results.first?.typeName ?? "nothing"
                return [FileProblem(file: file, kind: "definition",
                                    message: "a workflow file must return a table "
                                        + "(return workflow { ... }), but it returned \(got)")]
            }
            return []
        } catch let error as LuaError {
            let located = error.chunk == file
            return [FileProblem(file: file, line: located ? error.line : nil,
                                kind: error.kind.rawValue,
                                message: located || error.chunk == nil
                                    ? error.message : error.description)]
        } catch {
            return [FileProblem(file: file, kind: "internal", message: "\(error)")]
        }
    }
}
