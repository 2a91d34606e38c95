import AgencyJSON
import Testing
@testable import LuaRuntime

@Suite("Error reporting")
struct ErrorReportingTests {
    @Test("a syntax error names the file and line")
    func syntaxError() throws {
        let runtime = try LuaRuntime()
        let environment = try runtime.newEnvironment()
        let error = luaError {
            try runtime.load(source: Array("local a = 1\nlocal b = = 2\n".utf8),
                             chunkName: "Workflows/permit.lua", environment: environment)
        }
        #expect(error?.kind == .syntax)
        #expect(error?.chunk == "Workflows/permit.lua")
        #expect(error?.line == 2)
        #expect(error?.description.hasPrefix("Workflows/permit.lua:2: unexpected symbol") == true)
    }

    @Test("a runtime error carries the line and a traceback through the calls")
    func runtimeError() throws {
        let error = luaError {
            try runLua("""
                local function inner() error("材料不全") end
                local function outer() inner() end
                outer()
                """, chunkName: "flow.lua")
        }
        #expect(error?.kind == .runtime)
        #expect(error?.description == "flow.lua:1: 材料不全")
        #expect(error?.traceback.contains("flow.lua:2: in") == true)
        #expect(error?.traceback.contains("flow.lua:3: in") == true)
    }

    @Test("error objects that are not strings are described, never trusted")
    func errorObjects() throws {
        let cases: [(String, String)] = [
            ("error({code = 1})", "(error object is a table value)"),
            ("error(setmetatable({}, {__tostring = function() return '自定义' end}))", "自定义"),
            ("error(setmetatable({}, {__tostring = function() return {} end}))", "__tostring failed"),
            ("error(12)", "12"),
        ]
        for (script, expected) in cases {
            let error = luaError { try runLua(script) }
            #expect(error?.kind == .runtime)
            #expect(error?.message.contains(expected) == true, "\(script): \(String(describing: error))")
        }
    }

    @Test("a host function's error points at the calling script line")
    func hostFunctionError() throws {
        let runtime = try LuaRuntime(limits: testLimits)
        let fail = try runtime.makeFunction(name: "fail") { call in
            throw HostCallError("refused: \(try call.string(1))")
        }
        let environment = try runtime.newEnvironment()
        let function = try runtime.load(source: Array("local f = ...\n\nf('原因')".utf8),
                                        chunkName: "host.lua", environment: environment)
        let error = luaError {
            try runtime.call(function, arguments: [.value(.function(fail))])
        }
        #expect(error?.description == "host.lua:3: refused: 原因")
    }

    @Test("a host function receives and returns JSON")
    func hostFunctionRoundTrip() throws {
        let runtime = try LuaRuntime(limits: testLimits)
        let echo = try runtime.makeFunction(name: "echo") { call in
            [try call.json(1), .integer(Int64(call.argumentCount))]
        }
        let environment = try runtime.newEnvironment()
        let function = try runtime.load(
            source: Array("local f = ...\nlocal v, n = f({a = {1, 2}, b = '二'})\nreturn v.a[2], v.b, n".utf8),
            chunkName: "echo.lua", environment: environment)
        let result = try runtime.callJSON(function, arguments: [.value(.function(echo))])
        #expect(result == [.integer(2), .string("二"), .integer(1)])
    }
}
