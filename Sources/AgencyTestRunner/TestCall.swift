import AgencyJSON
import AgencyService
import LuaRuntime

/// The arguments of one `t:method(...)` call. Argument 1 is `t` itself; `value(1)` is
/// the first argument the test wrote. Calling `t.method(...)` with a dot instead of a
/// colon is the likeliest slip, so it gets its own message.
struct TestCall {
    let call: LuaHostCall
    let method: String

    init(_ call: LuaHostCall, _ method: String) throws {
        guard call.argumentCount >= 1, call.typeName(1) == "table" else {
            throw HostCallError("call it as t:\(method)(...), with a colon")
        }
        self.call = call
        self.method = method
    }

    /// How many arguments follow `t`.
    var count: Int { call.argumentCount - 1 }

    private func index(_ n: Int) -> Int32 { Int32(n + 1) }

    func typeName(_ n: Int) -> String { n <= count ? call.typeName(index(n)) : "nothing" }

    /// Argument `n` as JSON; a missing argument is `null`.
    func value(_ n: Int) throws -> JSONValue {
        guard n <= count else { return .null }
        do {
            return try call.json(index(n))
        } catch let error as LuaError {
            throw HostCallError("t:\(method): \(error.description)")
        }
    }

    func optionalValue(_ n: Int) throws -> JSONValue? {
        let value = try value(n)
        return value.isNull ? JSONValue?.none : value
    }

    func string(_ n: Int, _ what: String) throws -> String {
        guard typeName(n) == "string" else {
            throw HostCallError("t:\(method): \(what) must be a string, got \(typeName(n))")
        }
        return try call.string(index(n))
    }

    func optionalString(_ n: Int, _ what: String) throws -> String? {
        switch typeName(n) {
        case "nil", "nothing", "no value": return nil
        default: return try string(n, what)
        }
    }

    /// Lua's truth: everything but nil and false.
    func isTruthy(_ n: Int) throws -> Bool {
        switch typeName(n) {
        case "nil", "nothing", "no value": return false
        case "boolean": return try value(n).boolValue ?? false
        default: return true
        }
    }
}
