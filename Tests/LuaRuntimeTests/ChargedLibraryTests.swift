import AgencyJSON
import Foundation
import Testing
@testable import LuaRuntime

/// The library functions whose C loops follow their arguments are charged for that work
/// (the hostile corpus has the attacks); ordinary calls behave exactly as stock Lua's.
@Suite struct ChargedLibraryTests {
    @Test func ordinaryCallsAreUnchanged() throws {
        let results = try runLua("""
            local moved = table.move({1, 2, 3}, 1, 3, 1, {})
            local sorted = {5, 3, 9, 1}
            table.sort(sorted)
            local down = {5, 3, 9, 1}
            table.sort(down, function(a, b) return a > b end)
            return string.rep("ab", 3, ","), ("x"):rep(0), table.concat({"a", "b", "c"}, "-", 2),
                   table.concat(moved, ","), select("#", table.unpack({1, 2, 3}, 2)),
                   table.concat(sorted, ","), table.concat(down, ",")
            """)
        #expect(results == ["ab,ab,ab", "", "b-c", "1,2,3", 2, "1,3,5,9", "9,5,3,1"])
    }

    @Test(arguments: [
        ("return table.concat(nil)", "bad argument #1 to 'concat' (table expected, got nil)"),
        ("return table.sort(3)", "bad argument #1 to 'sort' (table expected, got number)"),
        ("return string.rep('x')", "bad argument #2 to 'rep' (number expected, got no value)"),
        ("return table.move({}, 'a', 2, 1)", "bad argument #2 to 'move' (number expected, got string)"),
    ])
    func argumentErrorsReadAsStockLuas(source: String, message: String) throws {
        let error = try #require(luaError { try runLua(source) })
        #expect(error.description.contains(message), "\(error.description)")
    }

    @Test func aChargeCountsAgainstTheBudgetOfTheRun() throws {
        // 3 million repetitions fit a 5 million budget once, not twice.
        let runtime = try LuaRuntime(limits: testLimits)
        #expect(try runLua("return #string.rep('', 3000000)", in: runtime) == [0])
        let error = try #require(luaError {
            try runLua("string.rep('', 3000000); return string.rep('', 3000000)", in: runtime)
        })
        #expect(error.kind == .instructionLimit)
        // The next run starts with a fresh budget.
        #expect(try runLua("return #string.rep('', 3000000)", in: runtime) == [0])
    }
}
