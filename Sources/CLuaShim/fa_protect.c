// Protected entry points. Every call from Swift into Lua goes through lua_pcall here, and
// every call from Lua into Swift goes through the trampoline, so lua_error's longjmp only
// ever unwinds C and Lua frames.
#include "fa_shim.h"

#include <string.h>

typedef struct {
    fa_host_fn fn;
    void *context;
    fa_host_collected collected;
} fa_host_call;

static const char *const FA_TRACEBACK_KEY = "fa.traceback";

/// Runs a host function with the allocation cap made soft, then raises what it reported.
static int fa_run_host(lua_State *L, fa_host_fn fn, void *context) {
    fa_limits *lim = fa_limits_of(L);
    lim->host_depth++;
    int results = fn(L, context);
    lim->host_depth--;
    if (lim->host_depth == 0 && lim->host_over) {
        lim->host_over = 0;
        if (lim->running) {
            lim->tripped = FA_TRIP_MEMORY;
            fa_check_tripped(L);
        }
    }
    if (results < 0) return lua_error(L);
    return results;
}

static int fa_trampoline(lua_State *L) {
    fa_host_call *call = (fa_host_call *)lua_touserdata(L, lua_upvalueindex(1));
    return fa_run_host(L, call->fn, call->context);
}

/// The host function's closure was collected (or the state closed): tell the host, which
/// frees what the context points to at a safe moment of its own, never from inside the
/// collector.
static int fa_host_call_gc(lua_State *L) {
    fa_host_call *call = (fa_host_call *)lua_touserdata(L, 1);
    if (call != NULL && call->collected != NULL && call->context != NULL) {
        call->collected(call->context);
        call->context = NULL;
    }
    return 0;
}

void fa_push_host_function(lua_State *L, fa_host_fn fn, void *context, fa_host_collected collected) {
    fa_host_call *call = (fa_host_call *)lua_newuserdatauv(L, sizeof(fa_host_call), 0);
    call->fn = fn;
    call->context = context;
    call->collected = collected;
    if (luaL_newmetatable(L, "fa.hostcall")) {
        lua_pushcfunction(L, fa_host_call_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, fa_trampoline, 1);
}

static int fa_host_entry(lua_State *L) {
    fa_host_call *call = (fa_host_call *)lua_touserdata(L, 1);
    lua_remove(L, 1);
    return fa_run_host(L, call->fn, call->context);
}

int fa_pcall_host(lua_State *L, int nargs, int nresults, fa_host_fn fn, void *context) {
    if (!lua_checkstack(L, 4)) return LUA_ERRMEM;
    fa_host_call call = { fn, context, NULL };
    // A light C function and a light userdata allocate nothing, so pushing them cannot
    // raise outside the protected call.
    lua_pushcfunction(L, fa_host_entry);
    lua_pushlightuserdata(L, &call);
    lua_rotate(L, -(nargs + 2), 2);
    return lua_pcall(L, nargs + 1, nresults, 0);
}

/// Calls __tostring on an error object; run protected, since it may fail or loop.
static int fa_tostring_protected(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

/// Turns any error object into a message string without trusting it: a string is used as
/// is, a __tostring is tried under pcall (and under the run's limits), anything else is
/// described by its type.
static void fa_push_error_message(lua_State *L, int index) {
    index = lua_absindex(L, index);
    int type = lua_type(L, index);
    if (type == LUA_TSTRING) {
        lua_pushvalue(L, index);
        return;
    }
    if (type == LUA_TNUMBER) {
        lua_pushvalue(L, index);
        lua_tostring(L, -1);
        return;
    }
    if (luaL_getmetafield(L, index, "__tostring") != LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushcfunction(L, fa_tostring_protected);
        lua_pushvalue(L, index);
        if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING) return;
        const char *why = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "no message";
        lua_pushfstring(L, "(error object is a %s value whose __tostring failed: %s)",
                        luaL_typename(L, index), why);
        lua_remove(L, -2);
        return;
    }
    lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, index));
}

/// Message handler for host calls: leaves the message and stores a traceback taken at the
/// point of the error in the registry.
static int fa_traceback_handler(lua_State *L) {
    fa_push_error_message(L, 1);
    luaL_traceback(L, L, NULL, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, FA_TRACEBACK_KEY);
    return 1;
}

int fa_pcall_traceback(lua_State *L, int nargs, int nresults) {
    fa_limits *lim = fa_limits_of(L);
    int armed = lim->running;
    int base = lua_gettop(L) - nargs;  // the function's index
    // Bookkeeping outside the script's own work is not charged to its memory cap, so it
    // cannot raise here, outside any protected call.
    lim->running = 0;
    lua_pushboolean(L, 0);
    lua_setfield(L, LUA_REGISTRYINDEX, FA_TRACEBACK_KEY);
    lua_pushcfunction(L, fa_traceback_handler);
    lua_insert(L, base);
    lim->running = armed;
    int status = lua_pcall(L, nargs, nresults, base);
    if (status != LUA_OK) fa_note_memory_error(L, status, -1);
    lim->running = 0;
    lua_remove(L, base);
    if (status != LUA_OK) {
        if (lua_type(L, -1) != LUA_TSTRING) {
            // Memory errors skip the handler; errors in the handler leave its own object.
            lua_pushstring(L, status == LUA_ERRMEM ? "not enough memory"
                                                    : "error while handling an error");
            lua_remove(L, -2);
        }
        lua_getfield(L, LUA_REGISTRYINDEX, FA_TRACEBACK_KEY);
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pop(L, 1);
            lua_pushliteral(L, "");
        }
    }
    lim->running = armed;
    return status;
}

typedef struct {
    const char *data;
    size_t length;
    int done;
} fa_reader_state;

static const char *fa_read_once(lua_State *L, void *ud, size_t *size) {
    (void)L;
    fa_reader_state *state = (fa_reader_state *)ud;
    if (state->done) {
        *size = 0;
        return NULL;
    }
    state->done = 1;
    *size = state->length;
    return state->data;
}

int fa_load_text(lua_State *L, const char *source, size_t length, const char *chunkname,
                 int env_index) {
    env_index = lua_absindex(L, env_index);
    fa_reader_state state = { source, length, 0 };
    int status = lua_load(L, fa_read_once, &state, chunkname, "t");
    if (status != LUA_OK) return status;
    lua_pushvalue(L, env_index);
    if (lua_setupvalue(L, -2, 1) == NULL) lua_pop(L, 1);
    return LUA_OK;
}
