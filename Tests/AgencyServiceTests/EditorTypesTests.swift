@testable import AgencyService
@testable import AgencyTestRunner
import Foundation
import Testing
@testable import WorkflowEngine

/// Workflows/types/fullagency.lua must describe every global the DSL defines, every ctx
/// method and every method of the test API, or authors' editors would flag real code.
@Suite("editor type definitions")
struct EditorTypesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// `name = ...` assignments at the start of a line of Lua source: the globals it sets.
    static func globals(in source: String) -> [String] {
        source.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("function "), let open = trimmed.firstIndex(of: "(") {
                let name = trimmed.dropFirst("function ".count)[..<open]
                return name.contains(":") || name.contains(".") ? nil : String(name)
            }
            guard let equals = trimmed.range(of: " = "), !trimmed.hasPrefix("local ") else { return nil }
            let name = trimmed[..<equals.lowerBound]
            return name.allSatisfy({ $0.isLetter || $0 == "_" }) && !name.isEmpty ? String(name) : nil
        }
    }

    @Test("every DSL constructor and helper is declared")
    func dsl() throws {
        let types = try Self.text("Workflows/types/fullagency.lua")
        let names = Self.globals(in: DSLPrelude.source).filter { $0 != "line_of" }
        #expect(names.count >= 17)
        for name in names {
            #expect(types.contains("function \(name)("), "\(name) is not declared")
        }
        #expect(types.contains("function json.array("))
        #expect(types.contains("---@field null lightuserdata"))
    }

    @Test("every ctx method and field is declared")
    func context() throws {
        let types = try Self.text("Workflows/types/fullagency.lua")
        let source = try Self.text("Sources/WorkflowEngine/Hooks/ContextMethods.swift")
        let methods = source.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("(\""), let end = trimmed.dropFirst(2).firstIndex(of: "\"") else { return nil }
            return String(trimmed.dropFirst(2)[..<end])
        }
        #expect(methods.count >= 9)
        for method in methods {
            #expect(types.contains("function Context:\(method)("), "ctx:\(method) is not declared")
        }
        for field in ["data", "input", "now", "today", "actor", "event", "instance"] {
            #expect(types.contains("---@field \(field) "), "ctx.\(field) is not declared")
        }
    }

    @Test("every method of the test API is declared, and the test globals")
    func testAPI() throws {
        let types = try Self.text("Workflows/types/fullagency.lua")
        for method in TestHost.methodNames {
            #expect(types.contains("function Test:\(method)("), "t:\(method) is not declared")
        }
        for name in Self.globals(in: TestPrelude.source) where !["T"].contains(name) {
            #expect(types.contains("function \(name)("), "\(name) is not declared")
        }
    }

    @Test(".luarc.json names Lua 5.4 and the types folder")
    func luarc() throws {
        let config = try Self.text("Workflows/.luarc.json")
        #expect(config.contains("\"runtime.version\": \"Lua 5.4\""))
        #expect(config.contains("\"workspace.library\": [\"types\"]"))
        #expect(config.contains("\"os\": \"disable\""))
    }
}
