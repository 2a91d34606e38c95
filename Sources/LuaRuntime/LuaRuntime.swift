import AgencyJSON
import CLua
import CLuaShim

/// One Lua 5.4 state with its sandbox and limits: the only type that touches the Lua C API.
///
/// A runtime is confined to one thread at a time (it is not `Sendable`). Each workflow
/// file gets its own environment (``newEnvironment()``) built from an allow-list, so what
/// one script does to its globals or library tables never reaches another.
///
/// Every call into Lua is protected: Lua errors, limit trips and conversion failures come
/// back as ``LuaError`` values; lua_error never unwinds a Swift frame.
public final class LuaRuntime {
    let state: OpaquePointer
    private let limitsStorage: UnsafeMutablePointer<fa_limits>
    /// Host functions stay alive as long as the state that may call them.
    var hostFunctions: [HostFunctionBox] = []

    /// The limits applied to each run; changes apply from the next run.
    public var limits: LuaLimits {
        didSet { applyLimits() }
    }

    /// Receives each line a script prints with `print`. Defaults to discarding it.
    public var printHandler: (String) -> Void = { _ in }

    public init(limits: LuaLimits = .standard) throws {
        limitsStorage = UnsafeMutablePointer<fa_limits>.allocate(capacity: 1)
        limitsStorage.initialize(to: fa_limits())
        self.limits = limits
        limitsStorage.pointee.hook_interval = max(1, limits.checkInterval)
        guard let state = fa_newstate(limitsStorage) else {
            limitsStorage.deallocate()
            throw LuaError(kind: .setup, message: "cannot create a Lua state (out of memory)")
        }
        self.state = state
        applyLimits()
        lua_pushcclosure(state, fa_init_state, 0)
        let status = lua_pcallk(state, 0, 0, 0, 0, nil)
        if status != LUA_OK {
            let message = String(cString: fa_tostring(state, -1))
            lua_close(state)
            limitsStorage.deallocate()
            throw LuaError(kind: .setup, message: "cannot set up the Lua sandbox: \(message)")
        }
    }

    /// Runs a full garbage collection between runs: frees what no script or host value
    /// references any more, host functions' boxes included.
    public func collectGarbage() {
        fa_full_gc(state)
        hostFunctions.removeAll { $0.collected }
    }

    deinit {
        lua_close(state)
        limitsStorage.deinitialize(count: 1)
        limitsStorage.deallocate()
    }

    private func applyLimits() {
        limitsStorage.pointee.mem_limit = limits.memoryBytes > 0 ? Int(limits.memoryBytes) : 0
        limitsStorage.pointee.instr_limit = max(0, limits.instructions)
        limitsStorage.pointee.time_limit = max(0, limits.seconds)
        limitsStorage.pointee.hook_interval = max(1, limits.checkInterval)
    }

    /// Bytes the state holds now, and the most it has held.
    public var memoryInUse: Int { Int(limitsStorage.pointee.mem_used) }
    public var peakMemory: Int { Int(limitsStorage.pointee.mem_peak) }
    /// Instructions (and pattern steps) charged to the last run.
    public var instructionsUsedByLastRun: Int64 { limitsStorage.pointee.instr_used }

    /// Which limit, if any, stopped the last run.
    var trippedLimit: LuaError.Kind? {
        switch Int32(limitsStorage.pointee.tripped) {
        case Int32(FA_TRIP_INSTRUCTIONS.rawValue): return .instructionLimit
        case Int32(FA_TRIP_TIME.rawValue): return .timeLimit
        case Int32(FA_TRIP_MEMORY.rawValue): return .memoryLimit
        default: return nil
        }
    }

    /// A fresh sandbox environment: the allow-listed base functions, private copies of
    /// string, table, math, utf8 and coroutine, `json.null` / `json.array`, and `print`
    /// routed to ``printHandler``. See Docs/lua-runtime.md for the full list.
    public func newEnvironment() throws -> LuaRef {
        lua_pushcclosure(state, fa_new_env, 0)
        guard lua_pcallk(state, 0, 1, 0, 0, nil) == LUA_OK else {
            let message = String(cString: fa_tostring(state, -1))
            fa_pop(state, 1)
            throw LuaError(kind: .setup, message: "cannot build a sandbox: \(message)")
        }
        return try hostMode(arguments: 1) { L in
            pushPrintFunction(L)
            lua_setfield(L, 1, "print")
            return LuaRef(runtime: self, reference: luaL_ref(L, fa_registryindex()))
        }
    }

    private func pushPrintFunction(_ L: OpaquePointer) {
        pushHostFunction(L, name: "print") { [unowned self] call in
            self.printHandler(try call.string(1))
            return []
        }
        lua_pushcclosure(L, fa_print, 1)
    }
}

extension LuaRuntime {
    /// `line_of(level)`: returns the current line `level` stack levels up, like
    /// `debug.getinfo(level, "l").currentline`. For the DSL prelude only; scripts never
    /// get the `debug` library.
    public func callerLineFunction() throws -> LuaRef {
        try hostMode { L in
            lua_pushcclosure(L, fa_caller_line, 0)
            return LuaRef(runtime: self, reference: luaL_ref(L, fa_registryindex()))
        }
    }

    /// A new empty table, to fill with ``setField(_:_:_:)``.
    public func newTable() throws -> LuaRef {
        try hostMode { L in
            lua_createtable(L, 0, 8)
            return LuaRef(runtime: self, reference: luaL_ref(L, fa_registryindex()))
        }
    }

    /// Sets `table[key] = value` without metamethods.
    public func setField(_ table: LuaRef, _ key: String, _ value: LuaArgument) throws {
        try hostMode { L in
            table.push(L)
            LuaBridge.pushString(L, key)
            switch value {
            case .json(let json): try LuaBridge.push(L, json)
            case .value(let value): push(L, value)
            }
            lua_rawset(L, -3)
        }
    }

    /// Reads `table[key]` without metamethods.
    public func field(_ table: LuaRef, _ key: String) throws -> LuaValue {
        try hostMode { L in
            table.push(L)
            LuaBridge.pushString(L, key)
            lua_rawget(L, -2)
            return try value(L, -1)
        }
    }

    /// Reads `table[key]` with the JSON bridge rules; errors name `path`.
    public func jsonField(_ table: LuaRef, _ key: String, path: String) throws -> JSONValue {
        try hostMode { L in
            table.push(L)
            LuaBridge.pushString(L, key)
            lua_rawget(L, -2)
            return try LuaBridge.readJSON(L, -1, path: path)
        }
    }
}

extension LuaRuntime {
    /// Sets `metatable` on `table`, protected with `__metatable = false` so scripts can
    /// neither read nor replace it (it may be shared between calls).
    public func setProtectedMetatable(_ table: LuaRef, _ metatable: LuaRef) throws {
        try hostMode { L in
            metatable.push(L)
            lua_pushboolean(L, 0)
            lua_setfield(L, -2, "__metatable")
            table.push(L)
            metatable.push(L)
            lua_setmetatable(L, -2)
        }
    }
}

extension LuaRuntime {
    /// Starts the process-wide watchdog: a run still going `graceSeconds` after its time
    /// limit (stuck inside a C library function, where no hook fires and nothing can
    /// unwind it) ends the process with `exitCode` and a message on standard error. The
    /// run's results were not committed, so a store is left as it was. For processes that
    /// own their fate (the `agency` CLI); a library never starts it. Idempotent.
    public static func startWatchdog(graceSeconds: Double, exitCode: Int32) {
        _ = fa_watchdog_start(graceSeconds, exitCode)
    }
}

extension LuaRuntime {
    /// Records everything reachable from `roots` (tables' entries and metatables, Lua
    /// closures' upvalue cells, recursively) so that ``rewind(_:)`` can put it back: a
    /// workflow's module state as it stood right after its file ran.
    /// A state that cannot be rewound (a coroutine kept at module level) throws `invalid`.
    public func snapshotState(roots: [LuaRef]) throws -> LuaRef {
        try hostMode { L in
            lua_pushcclosure(L, fa_graph_snapshot, 0)
            for root in roots { root.push(L) }
            // Protected: an error must not unwind the Swift frames of this host call.
            guard lua_pcallk(L, Int32(roots.count), 2, 0, 0, nil) == LUA_OK else {
                let message = fa_tostring(L, -1).map { String(cString: $0) } ?? "unknown error"
                fa_pop(L, 1)
                throw LuaError(kind: .runtime, message: "cannot record the module state: \(message)")
            }
            if lua_type(L, -2) == LUA_TNIL {
                let message = fa_tostring(L, -1).map { String(cString: $0) } ?? "the module state cannot be rewound"
                fa_pop(L, 2)
                throw LuaError(kind: .runtime, message: message)
            }
            fa_pop(L, 1)
            return LuaRef(runtime: self, reference: luaL_ref(L, fa_registryindex()))
        }
    }

    /// Puts the state recorded by ``snapshotState(roots:)`` back, in place: tables keep
    /// their identity, entries and metatables added since are removed, changed ones
    /// restored, and every upvalue cell gets its recorded value.
    public func rewind(_ snapshot: LuaRef) throws {
        try hostMode { L in
            lua_pushcclosure(L, fa_graph_restore, 0)
            snapshot.push(L)
            guard lua_pcallk(L, 1, 0, 0, 0, nil) == LUA_OK else {
                let message = fa_tostring(L, -1).map { String(cString: $0) } ?? "unknown error"
                fa_pop(L, 1)
                throw LuaError(kind: .runtime, message: "cannot rewind the module state: \(message)")
            }
        }
    }
}

extension LuaRuntime {
    /// Runs `body` with the wall-clock limit off (the instruction and memory limits stay).
    /// For replaying journaled decisions: a decision that fit the instruction budget once
    /// fits it again, while a slow or busy machine must not turn a replay into a failure.
    public func withoutTimeLimit<T>(_ body: () throws -> T) rethrows -> T {
        let saved = limitsStorage.pointee.time_limit
        limitsStorage.pointee.time_limit = 0
        defer { limitsStorage.pointee.time_limit = saved }
        return try body()
    }
}

extension LuaRuntime {
    /// What the next runs are doing ("(instance A0 of poison, b.enter)"), named by the
    /// watchdog if one of them is stuck. Truncated to 159 bytes.
    public func setRunLabel(_ label: String) {
        let bytes = Array(label.utf8.prefix(159))
        withUnsafeMutableBytes(of: &limitsStorage.pointee.label) { buffer in
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            buffer.copyBytes(from: bytes)
        }
    }
}
