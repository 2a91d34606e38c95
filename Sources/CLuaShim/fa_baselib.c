// Replacements for the base and coroutine functions that would let a script outlive a
// limit, load bytecode, reach a shared environment or install a finalizer.
#include "fa_shim.h"

#include <string.h>

/// After any protected call returns with an error: a tripped limit is not the script's to
/// catch, so it is raised again.
static void fa_after_protected_error(lua_State *L, int status) {
    fa_note_memory_error(L, status, -1);
    fa_check_tripped(L);
}

static int fa_finish_pcall(lua_State *L, int status, lua_KContext extra) {
    if (status != LUA_OK && status != LUA_YIELD) {
        fa_after_protected_error(L, status);
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)extra;
}

int fa_base_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, fa_finish_pcall);
    return fa_finish_pcall(L, status, 0);
}

/// Wraps a script's message handler: it is not run once a limit has tripped, and an
/// error inside it is reported instead of recursing into it again (Lua 5.4.4 can
/// overflow the C stack while handling errors in error handlers).
static int fa_guarded_handler(lua_State *L) {
    fa_limits *lim = fa_limits_of(L);
    if (lim->running && lim->tripped != FA_TRIP_NONE) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    if (lua_pcall(L, lua_gettop(L) - 1, 1, 0) != LUA_OK) {
        const char *why = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "no message";
        lua_pushfstring(L, "error in error handler: %s", why);
    }
    return 1;
}

int fa_base_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, fa_guarded_handler, 1);
    lua_replace(L, 2);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);  // xpcall's stack: f, handler, true, f, args...
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, fa_finish_pcall);
    return fa_finish_pcall(L, status, 2);
}

/// load(chunk [, chunkname [, mode [, env]]]) for sandboxed code: text only, a string
/// only, and an explicit environment table, so a chunk never sees a global table that
/// the caller did not hand it.
int fa_base_load(lua_State *L) {
    size_t length = 0;
    const char *chunk = lua_tolstring(L, 1, &length);
    if (chunk == NULL || lua_type(L, 1) != LUA_TSTRING)
        return luaL_error(L, "load: only source text (a string) can be loaded in a workflow");
    const char *name = luaL_optstring(L, 2, "=(load)");
    const char *mode = luaL_optstring(L, 3, "t");
    if (strchr(mode, 'b') != NULL || strchr(mode, 't') == NULL)
        return luaL_error(L, "load: binary chunks are not allowed in a workflow (mode must be \"t\")");
    if (lua_type(L, 4) != LUA_TTABLE)
        return luaL_error(L, "load: pass an environment table as the 4th argument, "
                             "e.g. load(code, \"name\", \"t\", {})");
    int status = fa_load_text(L, chunk, length, name, 4);
    if (status != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    return 1;
}

int fa_base_setmetatable(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    int type = lua_type(L, 2);
    luaL_argexpected(L, type == LUA_TNIL || type == LUA_TTABLE, 2, "nil or table");
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    if (type == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: __gc finalizers are not allowed in workflows");
        lua_pop(L, 1);
    }
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

int fa_base_collectgarbage(lua_State *L) {
    // Even "count" is refused: memory use differs between runs and processes, so nothing a
    // hook decides may depend on it.
    return luaL_error(L, "collectgarbage is not available in workflows: the collector's state "
                         "differs from run to run, and journals must replay exactly");
}

/// coroutine.resume: the stock function (upvalue 1) catches the coroutine's errors and
/// returns false; a tripped limit must not be swallowed that way.
int fa_co_resume(lua_State *L) {
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    if (lua_toboolean(L, 1) == 0) fa_note_memory_error(L, LUA_ERRRUN, 2);
    fa_check_tripped(L);
    return lua_gettop(L);
}

/// coroutine.close: nesting is capped because Lua 5.4.4 can overflow the C stack on
/// deeply nested closes, and a tripped limit is raised again afterwards.
int fa_co_close(lua_State *L) {
    fa_limits *lim = fa_limits_of(L);
    if (lim->close_depth >= 8)
        return luaL_error(L, "coroutine.close nested too deeply (more than 8 levels)");
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lim->close_depth++;
    int status = lua_pcall(L, n, LUA_MULTRET, 0);
    lim->close_depth--;
    fa_check_tripped(L);
    if (status != LUA_OK) return lua_error(L);
    return lua_gettop(L);
}

/// print(...): formats its arguments as Lua's print does (tostring, tab-separated) and
/// hands the line to the host sink in upvalue 1, instead of writing to stdout.
int fa_print(lua_State *L) {
    int n = lua_gettop(L);
    luaL_Buffer line;
    luaL_buffinit(L, &line);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&line, '\t');
        // The sandbox's tostring: no addresses in logged lines either.
        lua_pushcfunction(L, fa_det_tostring);
        lua_pushvalue(L, i);
        lua_call(L, 1, 1);
        luaL_addvalue(&line);
    }
    luaL_pushresult(&line);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, -2);
    lua_call(L, 1, 0);
    return 0;
}

/// line_of(level): the current line of the function `level` levels up the stack (as in
/// debug.getinfo(level, "l")), or nil. Handed only to the DSL prelude, so workflow
/// constructors can record where each state is declared without exposing `debug`.
int fa_caller_line(lua_State *L) {
    lua_Debug ar;
    lua_Integer level = luaL_optinteger(L, 1, 1);
    if (level < 0 || level > 1000 || !lua_getstack(L, (int)level, &ar)) {
        lua_pushnil(L);
        return 1;
    }
    lua_getinfo(L, "l", &ar);
    if (ar.currentline > 0) lua_pushinteger(L, ar.currentline);
    else lua_pushnil(L);
    return 1;
}
