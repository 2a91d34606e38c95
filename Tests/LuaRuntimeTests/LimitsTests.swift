import AgencyJSON
import Foundation
import Testing
@testable import LuaRuntime

@Suite("Limits")
struct LimitsTests {
    @Test("the instruction budget stops a loop and reports where it was")
    func instructionLimit() throws {
        let error = luaError { try runLua("local n = 0\nwhile true do n = n + 1 end") }
        #expect(error?.kind == .instructionLimit)
        #expect(error?.chunk == "test.lua")
        #expect(error?.line == 2)
        #expect(error?.message.contains("instruction limit of 5000000 exceeded") == true)
    }

    @Test("the wall clock stops a pathological pattern even with no instruction budget")
    func timeLimitInsidePatternMatching() throws {
        let limits = LuaLimits(memoryBytes: 16 << 20, instructions: 0, seconds: 0.3)
        let started = Date()
        let error = luaError {
            try runLua("return string.rep('a', 5000):find('.-.-.-.-.-.-.-.-.-.-b')", limits: limits)
        }
        #expect(error?.kind == .timeLimit)
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test("the wall clock stops a loop when the instruction budget is off")
    func timeLimitLoop() throws {
        let limits = LuaLimits(memoryBytes: 16 << 20, instructions: 0, seconds: 0.2)
        let error = luaError { try runLua("while true do end", limits: limits) }
        #expect(error?.kind == .timeLimit)
    }

    @Test("a tripped limit is not the script's to catch, in any nesting")
    func stickyThroughHandlers() throws {
        let scripts = [
            "for _ = 1, 10 do pcall(function() while true do end end) end return 'escaped'",
            "xpcall(function() while true do end end, function(m) return m end) return 'escaped'",
            "local co = coroutine.create(function() while true do end end) "
                + "coroutine.resume(co) return 'escaped'",
            "local co = coroutine.wrap(function() pcall(function() while true do end end) end) "
                + "pcall(co) return 'escaped'",
            "pcall(pcall, pcall, function() while true do end end) return 'escaped'",
        ]
        for script in scripts {
            let error = luaError { try runLua(script) }
            #expect(error?.kind == .instructionLimit, "\(script)")
        }
    }

    @Test("a run after a tripped run starts with a fresh budget")
    func budgetResets() throws {
        let runtime = try LuaRuntime(limits: testLimits)
        #expect(luaError { try runLua("while true do end", in: runtime) }?.kind == .instructionLimit)
        let result = try runLua("local n = 0 for i = 1, 1000 do n = n + i end return n", in: runtime)
        #expect(result == [.integer(500500)])
    }

    @Test("the memory cap stops growth and the state stays usable")
    func memoryLimit() throws {
        let runtime = try LuaRuntime(limits: testLimits)
        let error = luaError {
            try runLua("local t = {} for i = 1, math.maxinteger do t[i] = {} end", in: runtime)
        }
        #expect(error?.kind == .memoryLimit)
        #expect(error?.message.contains("memory limit of 16 MiB exceeded") == true)
        #expect(try runLua("return #string.rep('x', 1000)", in: runtime) == [.integer(1000)])
        #expect(runtime.peakMemory <= 17 << 20)
    }

    @Test("host functions are freed with their Lua closures, not kept for the life of the runtime")
    func hostFunctionsAreFreed() throws {
        let runtime = try LuaRuntime(limits: testLimits)
        let kept = try runtime.makeFunction(name: "kept") { _ in [.integer(7)] }
        for n in 0..<200 { _ = try runtime.makeFunction(name: "f\(n)") { _ in [] } }
        // The collector may already have freed some of them while they were made.
        runtime.collectGarbage()
        #expect(runtime.hostFunctions.count < 10, "\(runtime.hostFunctions.count) boxes kept")
        #expect(try runtime.callJSON(kept, arguments: [], chunkName: "kept") == [.integer(7)])
    }

    @Test("the memory cap is per run: a state that keeps more than the cap between runs still runs")
    func memoryLimitIsPerRun() throws {
        let runtime = try LuaRuntime(limits: testLimits)
        var kept: [LuaRef] = []
        // Six chunks, each holding a 3 MiB string constant: 18 MiB kept, over the 16 MiB cap.
        let big = "return '" + String(repeating: "x", count: 3 << 20) + "'"
        for n in 0..<6 {
            kept.append(try runtime.load(source: Array(big.utf8), chunkName: "big\(n)", environment: runtime.newEnvironment()))
        }
        #expect(runtime.memoryInUse > 16 << 20)
        #expect(try runLua("return #string.rep('y', 1 << 20)", in: runtime) == [.integer(1 << 20)])
        #expect(kept.count == 6)
    }

    @Test("with room to spare, deep recursion ends in Lua's own stack overflow error")
    func stackOverflow() throws {
        let limits = LuaLimits(memoryBytes: 512 << 20, instructions: 50_000_000, seconds: 10)
        let error = luaError {
            try runLua("local function dive(n) return 1 + dive(n + 1) end return dive(1)",
                       limits: limits)
        }
        #expect(error?.kind == .runtime)
        #expect(error?.message.contains("stack overflow") == true)
    }

    @Test("pattern steps are charged to the instruction budget")
    func patternStepsCharged() throws {
        let runtime = try LuaRuntime(limits: testLimits)
        _ = try runLua("return string.rep('a', 300):find('a-b')", in: runtime)
        #expect(runtime.instructionsUsedByLastRun > 10_000)
    }

    @Test("normal work fits easily in the default limits")
    func ordinaryWork() throws {
        let result = try runLua("""
            local items = {}
            for i = 1, 10000 do items[i] = string.format("手续-%05d", i) end
            table.sort(items, function(a, b) return a > b end)
            return items[1], #table.concat(items, ",")
            """, limits: .standard)
        #expect(result == [.string("手续-10000"), .integer(10000 * 13 - 1)])
    }
}

@Suite struct ReplayTimeLimitTests {
    @Test func replayIsBoundedByInstructionsNotTheClock() throws {
        // A loop that takes longer than the time limit but fits the instruction budget.
        let runtime = try LuaRuntime(limits: LuaLimits(memoryBytes: 16 << 20, instructions: 200_000_000, seconds: 0.01))
        let source = "local n = 0 for i = 1, 3000000 do n = n + i end return n"
        let timed = try #require(luaError { try runLua(source, in: runtime) })
        #expect(timed.kind == .timeLimit)
        let replayed = try runtime.withoutTimeLimit { try runLua(source, in: runtime) }
        #expect(replayed == [.integer(4_500_001_500_000)])
        // The limit is back afterwards, and the instruction budget held throughout.
        #expect(luaError { try runLua(source, in: runtime) }?.kind == .timeLimit)
        let endless = try #require(luaError { try runtime.withoutTimeLimit { try runLua("while true do end", in: runtime) } })
        #expect(endless.kind == .instructionLimit)
    }
}
