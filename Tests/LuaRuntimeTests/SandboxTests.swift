import AgencyJSON
import Testing
@testable import LuaRuntime

@Suite("Sandbox")
struct SandboxTests {
    @Test("only allow-listed globals exist")
    func globals() throws {
        let result = try runLua("""
            local names = {}
            for name in pairs(_G) do names[#names + 1] = name end
            table.sort(names)
            return table.concat(names, ",")
            """)
        #expect(result == [.string(
            "_G,_VERSION,assert,collectgarbage,coroutine,error,getmetatable,ipairs,json,load,"
            + "math,next,pairs,pcall,print,rawequal,rawget,rawlen,rawset,select,setmetatable,"
            + "string,table,tonumber,tostring,type,utf8,xpcall")])
    }

    @Test("libraries hold only their allow-listed functions")
    func libraries() throws {
        let result = try runLua("""
            local function keys(t)
              local names = {}
              for name in pairs(t) do names[#names + 1] = name end
              table.sort(names)
              return table.concat(names, ",")
            end
            return keys(string), keys(coroutine), keys(json)
            """)
        #expect(result == [
            .string("byte,char,find,format,gmatch,gsub,len,lower,match,pack,packsize,rep,"
                    + "reverse,sub,unpack,upper"),
            .string("close,create,isyieldable,resume,running,status,wrap,yield"),
            .string("array,null"),
        ])
    }

    @Test("changes to globals and library tables stay in their own environment")
    func isolation() throws {
        let runtime = try LuaRuntime(limits: testLimits)
        _ = try runLua("""
            string.upper = function() return "hijacked" end
            table.insert = nil
            shared = "leaked"
            """, in: runtime)
        let result = try runLua("""
            return string.upper("a"), ("b"):upper(), table.insert ~= nil, shared == nil
            """, in: runtime)
        #expect(result == [.string("A"), .string("B"), .bool(true), .bool(true)])
    }

    @Test("string methods cannot be replaced through the string metatable")
    func stringMetatable() throws {
        let result = try runLua("return getmetatable(''), ('x'):rep(3)")
        #expect(result == [.bool(false), .string("xxx")])
    }

    @Test("load runs text in the environment it is given, and nothing else")
    func loadWithEnvironment() throws {
        let result = try runLua("""
            local env = { x = 41 }
            local f = assert(load("x = x + 1; return x, string", "=inner", "t", env))
            local value, lib = f()
            return value, env.x, lib == nil
            """)
        #expect(result == [.integer(42), .integer(42), .bool(true)])
    }

    @Test("load reports a syntax error as a failure, not an exception")
    func loadSyntaxError() throws {
        let result = try runLua("""
            local f, err = load("return +", "=inner", "t", {})
            return f == nil, err
            """)
        #expect(result.first == .bool(true))
        #expect(result.last?.stringValue?.contains("inner:1:") == true)
    }

    @Test("setmetatable works without __gc")
    func allowedMetatables() throws {
        let result = try runLua("""
            local t = setmetatable({}, { __index = function(_, k) return k .. "!" end })
            return t.hi
            """)
        #expect(result == [.string("hi!")])
    }

    @Test("print goes to the host's handler")
    func printHandler() throws {
        let runtime = try LuaRuntime(limits: testLimits)
        var lines: [String] = []
        runtime.printHandler = { lines.append($0) }
        _ = try runLua("print('办结', 1, nil, true)", in: runtime)
        #expect(lines == ["办结\t1\tnil\ttrue"])
    }

    @Test("math.random follows the host's seed")
    func seededRandom() throws {
        let runtime = try LuaRuntime(limits: testLimits)
        let environment = try runtime.newEnvironment()
        let function = try runtime.load(
            source: Array("return math.random(1, 1000000), math.random()".utf8),
            chunkName: "r.lua", environment: environment)
        let first = try runtime.callJSON(function, arguments: [], seed: 7)
        let again = try runtime.callJSON(function, arguments: [], seed: 7)
        let other = try runtime.callJSON(function, arguments: [], seed: 8)
        #expect(first == again)
        #expect(first != other)
        let range = try runLua("""
            for _ = 1, 1000 do
              local n = math.random(3, 5)
              if n < 3 or n > 5 then return false end
            end
            return true
            """)
        #expect(range == [.bool(true)])
    }

    @Test("a precompiled chunk is refused before it reaches the interpreter")
    func binaryChunk() throws {
        let runtime = try LuaRuntime()
        let environment = try runtime.newEnvironment()
        let error = luaError {
            try runtime.load(source: [0x1B, 0x4C, 0x75, 0x61, 0x54, 0x00], chunkName: "x.luac",
                             environment: environment)
        }
        #expect(error?.kind == .binaryChunk)
        #expect(error?.description.hasPrefix("x.luac: precompiled") == true)
    }
}
