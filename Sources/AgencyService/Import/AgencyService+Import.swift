import AgencyJSON
import Foundation
import WorkflowEngine

extension AgencyService {
    /// What would stop each prepared row from starting, checked without starting any: an
    /// id already in the store, or the engine refusing the start (a bad input, the
    /// workflow's `on_start` saying no). The engine is a pure function, so this is the
    /// very check the start will make.
    public func checkImport(_ rows: [InstanceImport.Row], workflow: String, actor: String,
                            at: Date) throws -> [InstanceImport.Problem] {
        let definition = try currentDefinition(workflow)
        var problems: [InstanceImport.Problem] = []
        for row in rows {
            if let id = row.id, try guarded({ try store.instanceExists(id) }) {
                var problem = InstanceImport.Problem(row: row.line, column: nil, message: language.pick(
                    "编号 \(id) 已在库中（\(row.name)）；已导入的行请从表格中删去",
                    "id \(id) is already in the store (\(row.name)); take the rows already imported out of the sheet"))
                problem.english = language == .english
                problems.append(problem)
                continue
            }
            var command = Command(kind: .start, actor: actor, at: timestamps.format(at))
            command.workflow = workflow
            command.version = definition.version
            command.input = row.input
            do {
                _ = try engine.start(definition, id: row.id ?? "\(workflow)-import-check", command: command)
            } catch {
                var problem = InstanceImport.Problem(row: row.line, column: nil, message: language.pick(
                    "不能发起：\(language == .chinese ? RefusalText().chinese("\(error)") : "\(error)")",
                    "cannot start: \(error)"))
                problem.english = language == .english
                problems.append(problem)
            }
        }
        return problems
    }

    /// Starts every row in order, as `actor`, after `checkImport` found nothing wrong. Each
    /// start is its own commit: should one fail now (the disk, a start of the same id by
    /// someone else meanwhile), the error names the rows already started, which stay.
    public func runImport(_ rows: [InstanceImport.Row], workflow: String, actor: String,
                          at: Date) throws -> [CommandResult] {
        var results: [CommandResult] = []
        for row in rows {
            do {
                results.append(try start(workflow, id: row.id, input: row.input, actor: actor, at: at))
            } catch {
                let started = results.map(\.instance.id)
                throw ServiceError(category: ServiceError(error).category, description: language.pick(
                    "第 \(row.line) 行未能发起：\(ServiceError(error).description)；此前已发起 \(started.count) 个"
                        + (started.isEmpty ? "" : "（" + started.joined(separator: "、") + "）") + "，它们保留在库中",
                    "row \(row.line) could not start: \(ServiceError(error).description); the \(started.count) started before it"
                        + (started.isEmpty ? "" : " (" + started.joined(separator: ", ") + ")") + " stay in the store"))
            }
        }
        return results
    }
}
