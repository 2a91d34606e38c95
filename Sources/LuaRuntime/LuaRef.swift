import CLua
import CLuaShim

/// A Lua value (usually a function or a table) kept alive in the registry so Swift can
/// hand it back to Lua later, for example a workflow's guard function.
///
/// The reference is released when the last Swift copy goes away; use it only on the
/// thread that uses its runtime.
public final class LuaRef {
    let runtime: LuaRuntime  // strong: the state must outlive every reference into it
    let reference: Int32

    init(runtime: LuaRuntime, reference: Int32) {
        self.runtime = runtime
        self.reference = reference
    }

    deinit {
        // Clearing an existing registry slot allocates nothing, so it cannot raise.
        luaL_unref(runtime.state, fa_registryindex(), reference)
    }

    /// Pushes the referenced value.
    func push(_ L: OpaquePointer) {
        lua_rawgeti(L, fa_registryindex(), lua_Integer(reference))
    }
}
