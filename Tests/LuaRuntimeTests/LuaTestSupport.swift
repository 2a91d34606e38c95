import AgencyJSON
import Foundation
@testable import LuaRuntime

/// Small limits so runaway scripts fail fast in tests.
let testLimits = LuaLimits(memoryBytes: 16 << 20, instructions: 5_000_000, seconds: 5)

/// Runs `source` in a fresh runtime and converts its results with the JSON bridge.
func runLua(_ source: String, limits: LuaLimits = testLimits,
            chunkName: String = "test.lua") throws -> [JSONValue] {
    let runtime = try LuaRuntime(limits: limits)
    return try runLua(source, in: runtime, chunkName: chunkName)
}

func runLua(_ source: String, in runtime: LuaRuntime,
            chunkName: String = "test.lua") throws -> [JSONValue] {
    let environment = try runtime.newEnvironment()
    let function = try runtime.load(source: Array(source.utf8), chunkName: chunkName,
                                    environment: environment)
    return try runtime.callJSON(function, arguments: [], chunkName: chunkName)
}

/// The LuaError `body` throws, or nil when it throws none (or another error).
func luaError(_ body: () throws -> Any) -> LuaError? {
    do {
        _ = try body()
        return nil
    } catch let error as LuaError {
        return error
    } catch {
        return nil
    }
}
