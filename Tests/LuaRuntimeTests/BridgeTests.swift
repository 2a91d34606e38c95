import AgencyJSON
import Testing
@testable import LuaRuntime

@Suite("Lua⇄JSON bridge")
struct BridgeTests {
    /// Passes `value` into Lua and back out unchanged.
    func roundTrip(_ value: JSONValue) throws -> JSONValue {
        let runtime = try LuaRuntime(limits: testLimits)
        let environment = try runtime.newEnvironment()
        let function = try runtime.load(source: Array("return ...".utf8), chunkName: "id.lua",
                                        environment: environment)
        return try runtime.callJSON(function, arguments: [.json(value)]).first ?? .null
    }

    @Test("values survive a round trip through Lua",
          arguments: [
            JSONValue.integer(Int64.max), .integer(Int64.min), .integer(9_007_199_254_740_993),
            .double(0.1), .double(1e300), .double(-2.5), .string("全代办 ✓"), .bool(false),
            .array([]), .object([:]), .array([.integer(1), .null, .string("x")]),
            .object(["nested": .array([.object(["k": .array([])])])]),
          ])
    func roundTrips(_ value: JSONValue) throws {
        #expect(try roundTrip(value) == value)
    }

    @Test("null inside an object drops the key")
    func nullInObject() throws {
        #expect(try roundTrip(.object(["a": .null, "b": .integer(1)])) == .object(["b": .integer(1)]))
    }

    @Test("integers stay integers and floats stay floats")
    func numberKinds() throws {
        let result = try runLua("return 2^53, 1 << 62, 10 // 2, 10 / 2, math.type(3)")
        #expect(result == [.double(9_007_199_254_740_992), .integer(1 << 62), .integer(5),
                           .double(5), .string("integer")])
    }

    @Test("an empty table is an object unless marked; JSON arrays stay arrays when emptied")
    func emptyTables() throws {
        let result = try runLua("return {}, json.array(), json.array({1, 2})")
        #expect(result == [.object([:]), .array([]), .array([.integer(1), .integer(2)])])
        let runtime = try LuaRuntime(limits: testLimits)
        let environment = try runtime.newEnvironment()
        let function = try runtime.load(source: Array("local t = ... table.remove(t) return t".utf8),
                                        chunkName: "e.lua", environment: environment)
        let emptied = try runtime.callJSON(function, arguments: [.json(.array([.integer(1)]))])
        #expect(emptied == [.array([])])
    }

    @Test("sequences become arrays, string keys objects")
    func shapes() throws {
        let result = try runLua("return {'a', 'b'}, {name = '项目', stage = 2}, {[1] = 'x', [2] = 'y'}")
        #expect(result == [.array(["a", "b"]), .object(["name": "项目", "stage": 2]),
                           .array(["x", "y"])])
    }

    @Test("refusals name the path of the bad value",
          arguments: [
            ("return {items = {1, 2, {f = print}}}", "result.items[3].f: a function cannot be stored in JSON"),
            ("return {[1] = 'a', [3] = 'c'}", "result: is a sparse array: item [2] is missing"),
            ("return {[2.5] = 1}", "result: has a number key"),
            ("return {['my key'] = {0/0}}", "result[\"my key\"][1]: NaN cannot be stored in JSON"),
            ("return {x = coroutine.create(print)}", "result.x: a thread cannot be stored in JSON"),
          ])
    func refusals(_ script: String, _ expected: String) throws {
        let error = luaError { try runLua(script) }
        #expect(error?.kind == .conversion)
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
    }

    @Test("json.null keeps an empty slot in an array")
    func nullSentinel() throws {
        #expect(try runLua("return {1, json.null, 3}") == [.array([1, .null, 3])])
    }
}
