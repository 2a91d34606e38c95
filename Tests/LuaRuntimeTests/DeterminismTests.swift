import AgencyJSON
import Foundation
import Testing
@testable import LuaRuntime

/// What a hook can observe is the same in every process: iteration order, the text of
/// values, no addresses, no collector state. Each test runs the same script in fresh
/// runtimes (fresh hash seeds and addresses) and in one runtime after other work.
@Suite struct DeterminismTests {
    /// Runs `source` in three fresh runtimes, and once more after unrelated work has filled
    /// the string table, and returns the four results.
    func fourRuns(_ source: String) throws -> [[JSONValue]] {
        var results: [[JSONValue]] = []
        for _ in 0..<3 { results.append(try runLua(source)) }
        let busy = try LuaRuntime(limits: testLimits)
        _ = try runLua("local t = {} for i = 1, 5000 do t['k' .. i] = i end t = nil", in: busy)
        results.append(try runLua(source, in: busy))
        return results
    }

    @Test func pairsVisitsKeysInADefinedOrder() throws {
        let source = """
            local t = { zeta = 1, alpha = 2, ["项目"] = 3, [10] = 4, [2] = 5, [1.5] = 6, [true] = 7, [false] = 8 }
            for i = 1, 40 do t["key" .. (i * 7919 % 97)] = i end
            t.alpha = nil
            local seen = {}
            for k in pairs(t) do seen[#seen + 1] = tostring(k) end
            local first = next(t)
            return table.concat(seen, ","), tostring(first)
            """
        let runs = try fourRuns(source)
        #expect(Set(runs.map { $0.description }).count == 1, "\(runs)")
        let order = try #require(runs.first?.first?.stringValue).split(separator: ",").map(String.init)
        #expect(Array(order.prefix(3)) == ["1.5", "2", "10"])
        #expect(order.suffix(2) == ["false", "true"])
        #expect(order.contains("项目") && !order.contains("alpha"))
        let strings = order.dropFirst(3).dropLast(2)
        #expect(Array(strings) == strings.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        #expect(runs.first?.last == "1.5")
    }

    @Test func nextWalksTheSameOrderAndToleratesRemovalDuringTheWalk() throws {
        let result = try runLua("""
            local t = { c = 3, a = 1, b = 2, d = 4 }
            local keys = {}
            local k, v = next(t)
            while k do
              keys[#keys + 1] = k
              if k == "a" then t.b = nil end   -- clearing a field during traversal is allowed
              k, v = next(t, k)
            end
            return table.concat(keys, ","), next({}) == nil
            """)
        #expect(result == ["a,c,d", true])
        let error = try #require(luaError { try runLua("return next({ a = 1 }, 'nope')") })
        #expect(error.description.contains("invalid key to 'next'"))
    }

    @Test func pairsStillHonoursPairsMetamethods() throws {
        let result = try runLua("""
            local t = setmetatable({}, { __pairs = function(self)
              local i = 0
              return function() i = i + 1; if i <= 2 then return i, i * 10 end end, self, nil
            end })
            local sum = 0
            for _, v in pairs(t) do sum = sum + v end
            return sum
            """)
        #expect(result == [30])
    }

    @Test func tostringShowsNoAddress() throws {
        let result = try runLua("""
            local named = setmetatable({}, { __name = "项目" })
            local shown = setmetatable({}, { __tostring = function() return "自述" end })
            return tostring({}), tostring(print), tostring(coroutine.create(function() end)),
                   tostring(named), tostring(shown), tostring(12), tostring(1.5), tostring(nil)
            """)
        #expect(result == ["table", "function", "thread", "项目", "自述", "12", "1.5", "nil"])
    }

    @Test func printLinesCarryNoAddress() throws {
        let runtime = try LuaRuntime(limits: testLimits)
        var lines: [String] = []
        runtime.printHandler = { lines.append($0) }
        _ = try runLua("print({}, print)", in: runtime)
        #expect(lines == ["table\tfunction"])
    }

    @Test func formatShowsNoAddressThroughPercentS() throws {
        #expect(try runLua("return string.format('%s|%s|%5s|%s', {}, print, 1, setmetatable({}, { __tostring = function() return 'x' end }))")
                == ["table|function|    1|x"])
    }

    @Test func tablesKeyedByTwoOrMoreTablesRefuseToBeTraversed() throws {
        let error = try #require(luaError { try runLua("local t = { [{}] = 1, [{}] = 2 } for k in pairs(t) do end") })
        #expect(error.description.contains("keys that are tables, functions or coroutines"))
        // One such key has a defined place (last): allowed.
        #expect(try runLua("local t = { a = 1, [{}] = 2 } local n = 0 for k in pairs(t) do n = n + 1 end return n") == [2])
    }

    @Test func aModuleLevelCoroutineCannotBeSnapshot() throws {
        let runtime = try LuaRuntime(limits: testLimits)
        let environment = try runtime.newEnvironment()
        let chunk = try runtime.load(source: Array("counter = coroutine.wrap(function() local n = 0 while true do n = n + 1 coroutine.yield(n) end end)".utf8),
                                     chunkName: "co.lua", environment: environment)
        _ = try runtime.call(chunk, arguments: [])
        let error = try #require(luaError { try runtime.snapshotState(roots: [environment]) })
        #expect(error.description.contains("keeps a coroutine at module level"))
    }

    @Test func moduleIteratorsAndDeepModuleStateAreRefused() throws {
        for (source, message) in [
            ("words = string.gmatch('a b c', '%a+')", "keeps an iterator at module level"),
            ("local head = nil for i = 1, 300 do head = { next = head } end keep = head", "nested more than 200 levels"),
        ] {
            let runtime = try LuaRuntime(limits: testLimits)
            let environment = try runtime.newEnvironment()
            _ = try runtime.call(try runtime.load(source: Array(source.utf8), chunkName: "m.lua", environment: environment),
                                 arguments: [])
            let error = try #require(luaError { try runtime.snapshotState(roots: [environment]) })
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func aFinishedTraversalIsForgotten() throws {
        #expect(try runLua("""
            local t = { a = 1 }
            for k in pairs(t) do end
            t.b = 2
            return next(t, "a")
            """) == ["b", 2])
        #expect(try runLua("return next({}) == nil") == [true])
    }

    @Test func formatWithoutPointersIsUnchanged() throws {
        #expect(try runLua("return string.format('%5.1f|%d|%s|%%p|%q', 3.14159, 42, 'x', 'y')")
                == ["  3.1|42|x|%p|\"y\""])
    }
}
