import AgencyJSON
import CLua
import CLuaShim

extension LuaRuntime {
    /// Compiles Lua source text into a function whose globals are `environment`.
    ///
    /// - Parameter chunkName: how errors name the source, usually the file path.
    /// - Throws: ``LuaError`` of kind `.binaryChunk` for precompiled bytecode (which can
    ///   crash the interpreter) and `.syntax` with the line for a parse error.
    public func load(source: [UInt8], chunkName: String, environment: LuaRef) throws -> LuaRef {
        if source.first == 0x1B {
            throw LuaError(kind: .binaryChunk,
                           message: "precompiled Lua bytecode is refused; load the .lua source text",
                           chunk: chunkName)
        }
        return try hostMode { L in
            environment.push(L)
            let status = source.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    fa_load_text(L, chars.baseAddress, chars.count, "@" + chunkName, -1)
                }
            }
            guard status == LUA_OK else {
                let raw = (try? LuaBridge.readString(L, -1, path: "message")) ?? "unreadable error"
                throw LuaError.located(kind: .syntax, raw: raw, fallbackChunk: chunkName)
            }
            return LuaRef(runtime: self, reference: luaL_ref(L, fa_registryindex()))
        }
    }

    /// Loads `source` into `environment` and runs it, returning what the chunk returns.
    public func run(source: [UInt8], chunkName: String, environment: LuaRef,
                    seed: UInt64 = 0) throws -> [LuaValue] {
        let function = try load(source: source, chunkName: chunkName, environment: environment)
        return try call(function, arguments: [], seed: seed, chunkName: chunkName)
    }

    /// Calls a Lua function under the limits, with a traceback on error.
    ///
    /// - Parameters:
    ///   - seed: seeds `math.random` for this run, so a replay draws the same numbers.
    ///   - chunkName: names the source in errors that carry no location of their own.
    public func call(_ function: LuaRef, arguments: [LuaArgument], seed: UInt64 = 0,
                     chunkName: String? = nil) throws -> [LuaValue] {
        let count = try callReturningCount(function, arguments: arguments, seed: seed,
                                           chunkName: chunkName)
        return try hostMode(arguments: count) { L in
            try (0..<count).map { try value(L, $0 + 1) }
        }
    }

    /// Calls a Lua function and converts its results with the JSON bridge.
    public func callJSON(_ function: LuaRef, arguments: [LuaArgument], seed: UInt64 = 0,
                         chunkName: String? = nil, resultName: String = "result") throws -> [JSONValue] {
        let count = try callReturningCount(function, arguments: arguments, seed: seed,
                                           chunkName: chunkName)
        return try hostMode(arguments: count) { L in
            try (0..<count).map { offset in
                let name = count == 1 ? resultName : "\(resultName) #\(offset + 1)"
                return try LuaBridge.readJSON(L, offset + 1, path: name)
            }
        }
    }

    /// Runs the call and leaves its results on the stack; returns how many there are.
    private func callReturningCount(_ function: LuaRef, arguments: [LuaArgument], seed: UInt64,
                                    chunkName: String?) throws -> Int32 {
        let base = lua_gettop(state)
        let pushed = Int32(arguments.count) + 1
        try hostMode(keep: pushed) { L in
            guard lua_checkstack(L, pushed + 4) != 0 else {
                throw LuaError(kind: .setup, message: "too many arguments")
            }
            function.push(L)
            for (position, argument) in arguments.enumerated() {
                switch argument {
                case .json(let json):
                    do { try LuaBridge.push(L, json) } catch var error as LuaError {
                        error.path = "argument #\(position + 1)"
                        throw error
                    }
                case .value(let value): push(L, value)
                }
            }
        }
        fa_seed_random(state, seed)
        fa_begin_run(state)
        let status = fa_pcall_traceback(state, Int32(arguments.count), LUA_MULTRET)
        fa_end_run(state)
        guard status == LUA_OK else {
            let raw = fa_tostring(state, -2).map { String(cString: $0) } ?? "unknown error"
            let traceback = fa_tostring(state, -1).map { String(cString: $0) } ?? ""
            lua_settop(state, base)
            throw limitError(raw: raw, status: status, traceback: traceback, chunkName: chunkName)
        }
        return lua_gettop(state) - base
    }

    private func limitError(raw: String, status: Int32, traceback: String,
                            chunkName: String?) -> LuaError {
        var error = LuaError.located(kind: .runtime, raw: raw, traceback: traceback,
                                     fallbackChunk: chunkName)
        let tripped = trippedLimit ?? (status == LUA_ERRMEM ? .memoryLimit : nil)
        guard let tripped else { return error }
        error.kind = tripped
        switch tripped {
        case .instructionLimit:
            error.message = "instruction limit of \(limits.instructions) exceeded "
                + "(an endless loop? the limit is set in store.json, lua.instructions)"
        case .timeLimit:
            error.message = "time limit of \(limits.seconds) s exceeded "
                + "(an endless loop or a pathological pattern?)"
        case .memoryLimit:
            error.message = "memory limit of \(limits.memoryBytes / 1_048_576) MiB exceeded "
                + "(a runaway table or string?)"
        default:
            break
        }
        return error
    }

    func push(_ L: OpaquePointer, _ value: LuaValue) {
        switch value {
        case .nil, .other: lua_pushnil(L)
        case .boolean(let flag): lua_pushboolean(L, flag ? 1 : 0)
        case .integer(let number): lua_pushinteger(L, lua_Integer(number))
        case .number(let number): lua_pushnumber(L, number)
        case .string(let text): LuaBridge.pushString(L, text)
        case .table(let ref), .function(let ref): ref.push(L)
        }
    }

    func value(_ L: OpaquePointer, _ index: Int32) throws -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int64(fa_tointeger(L, index))) }
            return .number(fa_tonumber(L, index))
        case LUA_TSTRING:
            guard let text = try? LuaBridge.readString(L, index, path: "") else {
                return .other(typeName: "string (not UTF-8)")
            }
            return .string(text)
        case LUA_TTABLE, LUA_TFUNCTION:
            let isTable = lua_type(L, index) == LUA_TTABLE
            lua_pushvalue(L, index)
            let ref = LuaRef(runtime: self, reference: luaL_ref(L, fa_registryindex()))
            return isTable ? .table(ref) : .function(ref)
        default:
            return .other(typeName: String(cString: lua_typename(L, lua_type(L, index))))
        }
    }

    /// The raw key/value pairs of a table (no metamethods run), in Lua's traversal order.
    public func entries(of table: LuaRef) throws -> [(key: LuaValue, value: LuaValue)] {
        try hostMode { L in
            table.push(L)
            var result: [(key: LuaValue, value: LuaValue)] = []
            lua_pushnil(L)
            while lua_next(L, 1) != 0 {
                result.append((try value(L, -2), try value(L, -1)))
                fa_pop(L, 1)
            }
            return result
        }
    }

    /// Converts a table (or any value) with the JSON bridge rules.
    public func json(_ value: LuaValue, path: String = "value") throws -> JSONValue {
        try hostMode { L in
            push(L, value)
            return try LuaBridge.readJSON(L, -1, path: path)
        }
    }
}
