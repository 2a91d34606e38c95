// What a hook observes must be a function of the journal, so that replay in another
// process reproduces every decision. Stock Lua leaks three things that are not:
// - `next`/`pairs` order over a hash table depends on a per-process random seed and on
//   addresses: here they visit keys in a defined order (numbers ascending, then strings
//   by their bytes, then false, true; keys that are tables or functions last, in an order
//   that is not defined, which Docs/lua-runtime.md tells authors not to rely on);
// - `tostring` of a table, function or coroutine, and `string.format("%p")`, show
//   addresses: here tostring gives the type alone ("table") and %p is refused;
// - `collectgarbage("count")` measures the allocator: refused.
#include "fa_shim.h"

#include <string.h>

static const char FA_NEXT_CACHE_KEY = 0;

/// 0 numbers, 1 strings, 2 booleans, 3 anything else.
static int fa_key_rank(lua_State *L, int index) {
    switch (lua_type(L, index)) {
    case LUA_TNUMBER: return 0;
    case LUA_TSTRING: return 1;
    case LUA_TBOOLEAN: return 2;
    default: return 3;
    }
}

/// The order of keys: rank, then value within numbers, strings (bytes, not the locale)
/// and booleans.
static int fa_key_less(lua_State *L) {
    int left = fa_key_rank(L, 1), right = fa_key_rank(L, 2);
    if (left != right) {
        lua_pushboolean(L, left < right);
        return 1;
    }
    int less = 0;
    if (left == 0) {
        less = lua_compare(L, 1, 2, LUA_OPLT);
    } else if (left == 1) {
        size_t ll, rl;
        const char *ls = lua_tolstring(L, 1, &ll), *rs = lua_tolstring(L, 2, &rl);
        int c = memcmp(ls, rs, ll < rl ? ll : rl);
        less = c < 0 || (c == 0 && ll < rl);
    } else if (left == 2) {
        less = !lua_toboolean(L, 1) && lua_toboolean(L, 2);
    }
    lua_pushboolean(L, less);
    return 1;
}

/// Pushes the traversal record of table `t` (absolute index): {keys = {k1, …}, pos = {k = i}},
/// built now from the table's current keys in the defined order and cached (weakly) for
/// the `next` calls that follow.
static void fa_build_order(lua_State *L, int t) {
    lua_newtable(L);  // keys
    int keys = lua_gettop(L);
    lua_Integer n = 0, unordered = 0;
    lua_pushnil(L);
    while (lua_next(L, t) != 0) {
        lua_pop(L, 1);
        if (fa_key_rank(L, -1) == 3) unordered++;
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, ++n);
    }
    if (unordered > 1)
        luaL_error(L, "pairs/next: this table has %d keys that are tables, functions or coroutines; their "
                      "order differs from run to run, so journals could not replay. Key it by strings or "
                      "numbers (an id), or keep a list and use ipairs", (int)unordered);
    int64_t log = 1;
    for (lua_Integer m = n; m > 1; m >>= 1) log++;
    fa_charge_work(L, (int64_t)n * log);
    if (n > 1) {
        lua_getfield(L, LUA_REGISTRYINDEX, "fa.stock.sort");  // kept by fa_install_charged
        lua_pushvalue(L, keys);
        lua_pushcfunction(L, fa_key_less);
        lua_call(L, 2, 0);
    }
    lua_createtable(L, 0, (int)(n < 1 << 20 ? n : 0));  // pos
    int pos = lua_gettop(L);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, keys, i);
        lua_pushinteger(L, i);
        lua_rawset(L, pos);
    }
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, keys);
    lua_setfield(L, -2, "keys");
    lua_pushvalue(L, pos);
    lua_setfield(L, -2, "pos");
    lua_replace(L, keys);
    lua_settop(L, keys);
    // cache[t] = record
    lua_rawgetp(L, LUA_REGISTRYINDEX, &FA_NEXT_CACHE_KEY);
    lua_pushvalue(L, t);
    lua_pushvalue(L, keys);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

/// next(t [, k]) in the defined order.
int fa_det_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    lua_Integer from = 0;
    if (lua_isnil(L, 2)) {
        // next(t) == nil, the usual emptiness test: no order to build for an empty table.
        lua_pushnil(L);
        if (lua_next(L, 1) == 0) {
            lua_pushnil(L);
            return 1;
        }
        lua_settop(L, 2);
        fa_build_order(L, 1);
    } else {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &FA_NEXT_CACHE_KEY);
        lua_pushvalue(L, 1);
        lua_rawget(L, -2);
        lua_remove(L, -2);
        int found = 0;
        for (int attempt = 0; attempt < 2 && !found; attempt++) {
            if (attempt == 1) {
                lua_pop(L, 1);
                fa_build_order(L, 1);  // a traversal begun elsewhere, or keys added: start again
            }
            if (lua_istable(L, -1)) {
                lua_getfield(L, -1, "pos");
                lua_pushvalue(L, 2);
                lua_rawget(L, -2);
                if (lua_isinteger(L, -1)) {
                    from = lua_tointeger(L, -1);
                    found = 1;
                }
                lua_pop(L, 2);
            }
        }
        if (!found) return luaL_error(L, "invalid key to 'next'");
    }
    // Stack: t, k, record.
    lua_getfield(L, 3, "keys");
    lua_Integer n = (lua_Integer)lua_rawlen(L, 4);
    for (lua_Integer i = from + 1; i <= n; i++) {
        lua_rawgeti(L, 4, i);
        lua_pushvalue(L, -1);
        if (lua_rawget(L, 1) != LUA_TNIL) return 2;  // key, value
        lua_pop(L, 2);  // removed since the traversal began: skip it
    }
    // The traversal is over: forget it, so a later next(t, k) starts from the table as it is.
    lua_rawgetp(L, LUA_REGISTRYINDEX, &FA_NEXT_CACHE_KEY);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_pushnil(L);
    return 1;
}

/// pairs(t): the __pairs metamethod as in stock Lua, else next in the defined order.
int fa_det_pairs(lua_State *L) {
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") == LUA_TNIL) {
        lua_pushcfunction(L, fa_det_next);
        lua_pushvalue(L, 1);
        lua_pushnil(L);
    } else {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
    }
    return 3;
}

/// tostring(v): as stock Lua, except that a value shown by its address (a table, function,
/// coroutine or userdata without __tostring) is shown by its type, or its __name, alone.
int fa_det_tostring(lua_State *L) {
    luaL_checkany(L, 1);
    int type = lua_type(L, 1);
    int addressed = type == LUA_TTABLE || type == LUA_TFUNCTION || type == LUA_TTHREAD
        || type == LUA_TUSERDATA || type == LUA_TLIGHTUSERDATA;
    if (addressed && luaL_getmetafield(L, 1, "__tostring") == LUA_TNIL) {
        if (luaL_getmetafield(L, 1, "__name") != LUA_TSTRING) {
            lua_settop(L, 1);
            lua_pushstring(L, luaL_typename(L, 1));
        }
        return 1;
    }
    lua_settop(L, 1);
    luaL_tolstring(L, 1, NULL);
    return 1;
}

/// string.format: %p (an address) is refused, and a value %s would show by its address
/// is shown as tostring shows it (its type); everything else is the stock function.
int fa_str_format(lua_State *L) {
    size_t length;
    const char *format = luaL_checklstring(L, 1, &length);
    int argument = 1;
    for (size_t i = 0; i < length; i++) {
        if (format[i] != '%') continue;
        i++;
        if (i < length && format[i] == '%') continue;
        argument++;
        while (i < length && strchr("-+ #0123456789.", format[i]) != NULL) i++;
        if (i < length && format[i] == 'p')
            return luaL_error(L, "string.format: %%p shows a memory address, which differs from run to "
                                 "run; workflows cannot use it (journals must replay exactly)");
        if (i < length && format[i] == 's' && argument <= lua_gettop(L)) {
            lua_pushcfunction(L, fa_det_tostring);
            lua_pushvalue(L, argument);
            lua_call(L, 1, 1);
            lua_replace(L, argument);
        }
    }
    lua_CFunction stock = lua_tocfunction(L, lua_upvalueindex(1));
    if (stock == NULL) return luaL_error(L, "internal error: string.format lost its original");
    return stock(L);
}

void fa_reset_traversals(lua_State *L) {
    lua_newtable(L);  // the traversal cache, weak in its keys: a table's record goes with it
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &FA_NEXT_CACHE_KEY);
}

void fa_install_determinism(lua_State *L) {
    fa_reset_traversals(L);
    fa_wrap_library_function(L, "fa.lib.string", "format", fa_str_format);
}
