import AgencyJSON
import CLua
import CLuaShim

/// A Swift function callable from Lua. Its errors become Lua errors raised by the C
/// trampoline, prefixed with the calling script's `file:line:`.
final class HostFunctionBox {
    let name: String
    let body: (LuaHostCall) throws -> [JSONValue]
    /// Set by the Lua closure's finalizer: no Lua value can call the body any more, so the
    /// runtime drops the box the next time it registers a function (not inside the
    /// collector, where releasing captured objects could call back into Lua).
    var collected = false
    init(name: String, body: @escaping (LuaHostCall) throws -> [JSONValue]) {
        self.name = name
        self.body = body
    }
}

private let hostFunctionCollected: fa_host_collected = { context in
    guard let context else { return }
    Unmanaged<HostFunctionBox>.fromOpaque(context).takeUnretainedValue().collected = true
}

/// The arguments of one call from Lua into a host function.
public struct LuaHostCall {
    let state: OpaquePointer
    /// The function's name, used in error messages.
    public let name: String

    /// How many arguments Lua passed.
    public var argumentCount: Int { Int(lua_gettop(state)) }

    /// Argument `index` (1-based) as a string; numbers are not converted.
    public func string(_ index: Int32) throws -> String {
        guard lua_type(state, index) == LUA_TSTRING else {
            throw HostCallError("bad argument #\(index) to '\(name)' (string expected, got \(typeName(index)))")
        }
        return try LuaBridge.readString(state, index, path: "argument #\(index)")
    }

    /// Argument `index` converted with the bridge rules.
    public func json(_ index: Int32) throws -> JSONValue {
        try LuaBridge.readJSON(state, index, path: "argument #\(index) to '\(name)'")
    }

    public func typeName(_ index: Int32) -> String {
        String(cString: lua_typename(state, lua_type(state, index)))
    }
}

/// An error a host function reports to the calling script.
public struct HostCallError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

private let hostFunctionEntry: fa_host_fn = { state, context in
    guard let state, let context else { return 0 }
    let box = Unmanaged<HostFunctionBox>.fromOpaque(context).takeUnretainedValue()
    do {
        let results = try box.body(LuaHostCall(state: state, name: box.name))
        guard lua_checkstack(state, Int32(results.count) + 4) != 0 else {
            throw HostCallError("\(box.name): too many results")
        }
        for value in results { try LuaBridge.push(state, value) }
        return Int32(results.count)
    } catch {
        luaL_where(state, 1)
        let message = String(describing: error)
        lua_pushstring(state, message)
        lua_concat(state, 2)
        return -1
    }
}

extension LuaRuntime {
    /// Pushes a Lua function that runs `body`. The runtime keeps `body` alive while the Lua
    /// function is: when the collector frees the function, its box is dropped at the next
    /// registration, so a long-lived process does not keep one per registration forever.
    func pushHostFunction(_ L: OpaquePointer, name: String,
                          _ body: @escaping (LuaHostCall) throws -> [JSONValue]) {
        hostFunctions.removeAll { $0.collected }
        let box = HostFunctionBox(name: name, body: body)
        hostFunctions.append(box)
        fa_push_host_function(L, hostFunctionEntry, Unmanaged.passUnretained(box).toOpaque(),
                              hostFunctionCollected)
    }

    /// Wraps `body` as a Lua function value, for building `ctx` tables and the DSL.
    public func makeFunction(name: String,
                             _ body: @escaping (LuaHostCall) throws -> [JSONValue]) throws -> LuaRef {
        try hostMode { L in
            pushHostFunction(L, name: name, body)
            return LuaRef(runtime: self, reference: luaL_ref(L, fa_registryindex()))
        }
    }
}
