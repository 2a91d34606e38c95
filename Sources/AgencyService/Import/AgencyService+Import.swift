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
                problems.append(.init(row: row.line, column: nil, message: "编号 \(id) 已在库中（\(row.name)）；已导入的行请从表格中删去"))
                continue
            }
            var command = Command(kind: .start, actor: actor, at: timestamps.format(at))
            command.workflow = workflow
            command.version = definition.version
            command.input = row.input
            do {
                _ = try engine.start(definition, id: row.id ?? "\(workflow)-import-check", command: command)
            } catch {
                problems.append(.init(row: row.line, column: nil, message: "不能发起：\(error)"))
            }
        }
        return problems
    }

    /// Starts every row in order, as `actor`, after `checkImport` found nothing wrong.
    public func runImport(_ rows: [InstanceImport.Row], workflow: String, actor: String,
                          at: Date) throws -> [CommandResult] {
        try rows.map { row in try start(workflow, id: row.id, input: row.input, actor: actor, at: at) }
    }
}
