// Module-level state must not carry from one hook call to the next. A workflow file runs
// once per process; its hooks are closures over the file's locals and its environment, so
// `local count = 0 ... count = count + 1` inside a hook would make the second instance a
// tick handles see 1 where a replay in a fresh process sees 0. Before every hook call the
// host rewinds everything reachable from the definition to the state it had right after
// the file ran: every upvalue cell, and every reachable table's entries and metatable.
// A hook can still build what it likes during its call; nothing of it survives the call
// except through ctx (which the journal records).
//
// The snapshot is a table { tables = {[live] = shallow copy}, metas = {[live] = mt|false},
// cells = {{closure, index, value}, …} }. Shallow copies refer to the live tables, so
// restoring each table in place restores the whole graph, identities included.
#include "fa_shim.h"

static void fa_visit(lua_State *L, int value, int tables, int metas, int cells, int seen, int depth);

/// Deeper than this, a file's module state is refused rather than walked (the walk is
/// recursive, and the C stack is not the Lua stack).
enum { FA_REWIND_MAX_DEPTH = 200 };

/// Marks the snapshot as impossible, with the reason (see fa_graph_snapshot).
static void fa_refuse(lua_State *L, int tables, const char *reason) {
    lua_pushstring(L, reason);
    lua_setfield(L, tables, "fa.refused");
}

/// Records table `t` (absolute) and visits what it holds.
static void fa_visit_table(lua_State *L, int t, int tables, int metas, int cells, int seen, int depth) {
    lua_newtable(L);
    int copy = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t) != 0) {
        lua_pushvalue(L, -2);
        lua_pushvalue(L, -2);
        lua_rawset(L, copy);
        int top = lua_gettop(L);
        fa_visit(L, top - 1, tables, metas, cells, seen, depth + 1);  // the key
        fa_visit(L, top, tables, metas, cells, seen, depth + 1);      // the value
        lua_pop(L, 1);
    }
    lua_pushvalue(L, t);
    lua_pushvalue(L, copy);
    lua_rawset(L, tables);
    lua_pushvalue(L, t);
    if (!lua_getmetatable(L, t)) lua_pushboolean(L, 0);
    lua_rawset(L, metas);
    lua_pop(L, 1);  // copy
    if (lua_getmetatable(L, t)) {
        fa_visit(L, lua_gettop(L), tables, metas, cells, seen, depth + 1);
        lua_pop(L, 1);
    }
}

/// Records the upvalue cells of Lua closure `f` (absolute) and visits their values.
static void fa_visit_function(lua_State *L, int f, int tables, int metas, int cells, int seen, int depth) {
    for (int i = 1;; i++) {
        const char *name = lua_getupvalue(L, f, i);
        if (name == NULL) break;
        int value = lua_gettop(L);
        void *id = lua_upvalueid(L, f, i);
        lua_rawgetp(L, seen, id);
        int known = !lua_isnil(L, -1);
        lua_pop(L, 1);
        if (!known) {
            lua_pushboolean(L, 1);
            lua_rawsetp(L, seen, id);
            lua_createtable(L, 3, 0);
            lua_pushvalue(L, f);
            lua_rawseti(L, -2, 1);
            lua_pushinteger(L, i);
            lua_rawseti(L, -2, 2);
            lua_pushvalue(L, value);
            lua_rawseti(L, -2, 3);
            lua_rawseti(L, cells, (lua_Integer)lua_rawlen(L, cells) + 1);
            fa_visit(L, value, tables, metas, cells, seen, depth + 1);
        }
        lua_pop(L, 1);
    }
}

static void fa_visit(lua_State *L, int value, int tables, int metas, int cells, int seen, int depth) {
    int type = lua_type(L, value);
    if (depth > FA_REWIND_MAX_DEPTH) {
        fa_refuse(L, tables, "the file's module state is nested more than 200 levels deep (a long linked "
                             "structure?); it cannot be rewound between calls. Keep such data in a flat list");
        return;
    }
    if (type == LUA_TTHREAD) {
        // A coroutine's progress cannot be put back: refuse the file (see fa_graph_snapshot).
        fa_refuse(L, tables, "the file keeps a coroutine at module level (coroutine.create or coroutine.wrap "
                             "outside any hook); its progress would carry from one instance to the next and "
                             "could not be replayed. Create coroutines inside the hook that uses them");
        return;
    }
    if (type == LUA_TUSERDATA && !lua_getmetatable(L, value)) {
        // State a C iterator keeps (string.gmatch's position): it cannot be put back either.
        fa_refuse(L, tables, "the file keeps an iterator at module level (string.gmatch or utf8.codes outside any "
                             "hook); its position would carry from one instance to the next and could not be "
                             "replayed. Call it inside the hook that uses it");
        return;
    }
    if (type == LUA_TUSERDATA) lua_pop(L, 1);  // the metatable lua_getmetatable pushed
    if (type == LUA_TFUNCTION && lua_iscfunction(L, value)) {
        // C closures (coroutine.wrap's among them) hold their state in upvalues: look into them.
        lua_pushvalue(L, value);
        if (lua_rawget(L, seen) != LUA_TNIL) { lua_pop(L, 1); return; }
        lua_pop(L, 1);
        lua_pushvalue(L, value);
        lua_pushboolean(L, 1);
        lua_rawset(L, seen);
        for (int i = 1; lua_getupvalue(L, value, i) != NULL; i++) {
            fa_visit(L, lua_gettop(L), tables, metas, cells, seen, depth + 1);
            lua_pop(L, 1);
        }
        return;
    }
    if (type != LUA_TTABLE && type != LUA_TFUNCTION) return;
    luaL_checkstack(L, 8, "a workflow's module state is nested too deeply");
    lua_pushvalue(L, value);
    if (lua_rawget(L, seen) != LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    lua_pushvalue(L, value);
    lua_pushboolean(L, 1);
    lua_rawset(L, seen);
    if (type == LUA_TTABLE) {
        fa_visit_table(L, value, tables, metas, cells, seen, depth);
    } else {
        fa_visit_function(L, value, tables, metas, cells, seen, depth);
    }
}

/// fa_graph_snapshot(root, …): the snapshot of everything reachable from the roots.
int fa_graph_snapshot(lua_State *L) {
    int roots = lua_gettop(L);
    lua_newtable(L);
    int tables = lua_gettop(L);
    lua_newtable(L);
    int metas = lua_gettop(L);
    lua_newtable(L);
    int cells = lua_gettop(L);
    lua_newtable(L);
    int seen = lua_gettop(L);
    for (int i = 1; i <= roots; i++) fa_visit(L, i, tables, metas, cells, seen, 0);
    lua_getfield(L, tables, "fa.refused");
    if (lua_isstring(L, -1)) {
        lua_pushnil(L);
        lua_insert(L, -2);
        return 2;
    }
    lua_pop(L, 1);
    lua_createtable(L, 0, 3);
    lua_pushvalue(L, tables);
    lua_setfield(L, -2, "tables");
    lua_pushvalue(L, metas);
    lua_setfield(L, -2, "metas");
    lua_pushvalue(L, cells);
    lua_setfield(L, -2, "cells");
    return 1;
}

/// fa_graph_restore(snapshot): puts every recorded table and cell back as it was, and
/// forgets every traversal `next` was in the middle of.
int fa_graph_restore(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    fa_reset_traversals(L);
    lua_getfield(L, 1, "tables");
    int tables = lua_gettop(L);
    lua_getfield(L, 1, "metas");
    int metas = lua_gettop(L);
    lua_getfield(L, 1, "cells");
    int cells = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, tables) != 0) {
        int live = lua_gettop(L) - 1, copy = lua_gettop(L);
        // Keys added since: removed (assigning nil to an existing field during a
        // traversal is allowed).
        lua_pushnil(L);
        while (lua_next(L, live) != 0) {
            lua_pop(L, 1);
            lua_pushvalue(L, -1);
            if (lua_rawget(L, copy) == LUA_TNIL) {
                lua_pop(L, 1);
                lua_pushvalue(L, -1);
                lua_pushnil(L);
                lua_rawset(L, live);
            } else {
                lua_pop(L, 1);
            }
        }
        lua_pushnil(L);
        while (lua_next(L, copy) != 0) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, live);
        }
        lua_pop(L, 1);  // the copy; the live table stays as the traversal key
    }
    // Metatables after every content is back, so none is set while it still holds what a
    // hook added (a `__gc` there would mark the table for finalisation).
    lua_pushnil(L);
    while (lua_next(L, metas) != 0) {
        if (lua_istable(L, -1)) {
            lua_setmetatable(L, -2);
        } else {
            lua_pop(L, 1);
            lua_pushnil(L);
            lua_setmetatable(L, -2);
        }
    }
    lua_Integer count = (lua_Integer)lua_rawlen(L, cells);
    for (lua_Integer i = 1; i <= count; i++) {
        lua_rawgeti(L, cells, i);
        lua_rawgeti(L, -1, 1);
        lua_rawgeti(L, -2, 2);
        int index = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
        lua_rawgeti(L, -2, 3);
        lua_setupvalue(L, -2, index);
        lua_pop(L, 2);
    }
    return 0;
}
