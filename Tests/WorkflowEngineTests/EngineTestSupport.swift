import AgencyCalendar
import AgencyJSON
import Foundation
import LuaRuntime
@testable import WorkflowEngine

/// A small zone for tests: two agents, three leaders, a director and an admin.
let testPeople = try! PeopleDirectory(people: [
    .init(id: "agent1", name: "王代办", roles: ["代办员"]),
    .init(id: "agent2", name: "李代办", roles: ["代办员"]),
    .init(id: "leader1", name: "张领导", roles: ["包联领导"]),
    .init(id: "leader2", name: "赵领导", roles: ["包联领导"]),
    .init(id: "leader3", name: "钱领导", roles: ["包联领导"]),
    .init(id: "director", name: "孙主任", roles: ["主任"]),
    .init(id: "admin", name: "管理员", roles: ["admin"]),
])

let shanghai = TimeZone(identifier: "Asia/Shanghai")!

/// Loads workflow sources and applies commands in memory, as the CLI does on disk.
final class EngineHarness {
    let runtime: LuaRuntime
    var definitions: [String: WorkflowDefinition] = [:]
    var byVersion: [String: WorkflowDefinition] = [:]
    lazy var engine = Engine(calendar: .official, timeZone: shanghai, people: testPeople) {
        [unowned self] name, version in
        guard let definition = self.byVersion[version], definition.name == name else {
            throw EngineError.notFound("no definition \(name)@\(version)")
        }
        return definition
    }
    var now = "2025-03-03T09:00:00+08:00"

    init(_ sources: String...) throws {
        runtime = try LuaRuntime()
        for source in sources { try add(source) }
    }

    @discardableResult
    func add(_ source: String, file: String = "test.lua") throws -> WorkflowDefinition {
        let definition = try DefinitionLoader.load(source: Array(source.utf8), file: file, runtime: runtime)
        definitions[definition.name] = definition
        byVersion[definition.version] = definition
        return definition
    }

    func command(_ kind: Command.Kind, _ actor: String, _ configure: (inout Command) -> Void = { _ in }) -> Command {
        var command = Command(kind: kind, actor: actor, at: now)
        configure(&command)
        return command
    }

    func start(_ workflow: String, id: String = "i1", as actor: String = "agent1",
               input: JSONValue) throws -> Outcome {
        guard let definition = definitions[workflow] else { throw EngineError.notFound(workflow) }
        let start = command(.start, actor) {
            $0.workflow = workflow
            $0.version = definition.version
            $0.input = input
        }
        return try engine.start(definition, id: id, command: start)
    }

    func apply(_ instance: Instance, _ kind: Command.Kind, as actor: String,
               _ configure: (inout Command) -> Void = { _ in }) throws -> Instance {
        try engine.apply(command(kind, actor, configure), to: instance).instance
    }

    func refusal(_ instance: Instance, _ kind: Command.Kind, as actor: String,
                 _ configure: (inout Command) -> Void = { _ in }) -> EngineError? {
        do {
            _ = try engine.apply(command(kind, actor, configure), to: instance)
            return nil
        } catch let error as EngineError {
            return error
        } catch {
            return .invalid("\(error)")
        }
    }
}

/// The open items' assignees, sorted.
func openAssignees(_ instance: Instance) -> [String] {
    instance.openItems.map(\.assignee).sorted()
}

func problems(_ source: String) -> [String] {
    do {
        _ = try DefinitionLoader.load(source: Array(source.utf8), file: "wf.lua", runtime: try LuaRuntime())
        return []
    } catch let errors as DefinitionErrors {
        return errors.problems.map(\.description)
    } catch {
        return ["\(error)"]
    }
}
