// The sandbox: an environment built from an allow-list, never by deleting from _G (the
// way Redis's CVE-2022-0543 escaped through `package`). Every environment gets its own
// copies of the library tables, so one script's changes never reach another's.
#include "fa_shim.h"

#include <string.h>

static const char FA_NULL_SENTINEL = 0;

static const char *const FA_BASE_ALLOWED[] = {
    "assert", "error", "getmetatable", "ipairs", "next", "pairs", "rawequal", "rawget",
    "rawlen", "rawset", "select", "tonumber", "tostring", "type", "_VERSION", NULL,
};
static const char *const FA_STRING_ALLOWED[] = {
    "byte", "char", "format", "len", "lower", "upper", "rep", "reverse", "sub", "pack",
    "packsize", "unpack", NULL,
};
static const char *const FA_TABLE_ALLOWED[] = {
    "concat", "insert", "move", "pack", "remove", "sort", "unpack", NULL,
};
static const char *const FA_MATH_ALLOWED[] = {
    "abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge",
    "log", "max", "maxinteger", "min", "mininteger", "modf", "pi", "rad", "sin", "sqrt",
    "tan", "tointeger", "type", "ult", NULL,
};
static const char *const FA_UTF8_ALLOWED[] = {
    "char", "charpattern", "codes", "codepoint", "len", "offset", NULL,
};
static const char *const FA_COROUTINE_ALLOWED[] = {
    "create", "isyieldable", "running", "status", "wrap", "yield", NULL,
};

static const luaL_Reg FA_STRING_MATCHERS[] = {
    {"find", fa_str_find}, {"match", fa_str_match},
    {"gmatch", fa_str_gmatch}, {"gsub", fa_str_gsub}, {NULL, NULL},
};

/// Copies the listed fields of the table at `from` into the table on the top of the stack.
static void fa_copy_fields(lua_State *L, int from, const char *const *names) {
    for (; *names != NULL; names++) {
        lua_getfield(L, from, *names);
        lua_setfield(L, -2, *names);
    }
}

// MARK: - math.random with a host-seeded generator (xoshiro256**)

static uint64_t fa_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t fa_next_random(uint64_t *s) {
    uint64_t result = fa_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = fa_rotl(s[3], 45);
    return result;
}

void fa_seed_random(lua_State *L, uint64_t seed) {
    fa_limits *lim = fa_limits_of(L);
    for (int i = 0; i < 4; i++) {  // splitmix64 spreads one seed over the state
        seed += 0x9e3779b97f4a7c15ULL;
        uint64_t z = seed;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        lim->rng[i] = z ^ (z >> 31);
    }
}

/// math.random with Lua 5.4's signature; the sequence depends only on the host's seed, so
/// replaying an instance's journal draws the same numbers.
static int fa_math_random(lua_State *L) {
    uint64_t *state = fa_limits_of(L)->rng;
    uint64_t bits = fa_next_random(state);
    lua_Integer low, high;
    switch (lua_gettop(L)) {
    case 0:
        lua_pushnumber(L, (lua_Number)(bits >> 11) * (1.0 / 9007199254740992.0));
        return 1;
    case 1:
        low = 1;
        high = luaL_checkinteger(L, 1);
        break;
    case 2:
        low = luaL_checkinteger(L, 1);
        high = luaL_checkinteger(L, 2);
        break;
    default:
        return luaL_error(L, "wrong number of arguments");
    }
    luaL_argcheck(L, low <= high, lua_gettop(L), "interval is empty");
    uint64_t span = (uint64_t)high - (uint64_t)low;
    uint64_t mask = span;
    for (int shift = 1; shift < 64; shift <<= 1) mask |= mask >> shift;
    while ((bits & mask) > span) bits = fa_next_random(state);  // rejection: no bias
    lua_pushinteger(L, (lua_Integer)((uint64_t)low + (bits & mask)));
    return 1;
}

static int fa_math_randomseed(lua_State *L) {
    return luaL_error(L, "math.randomseed is not available: the engine seeds random numbers "
                         "per event so that journals replay exactly");
}

// MARK: - State set-up

int fa_init_state(lua_State *L) {
    luaL_requiref(L, "_G", luaopen_base, 0);
    lua_setfield(L, LUA_REGISTRYINDEX, "fa.lib._G");
    luaL_requiref(L, "string", luaopen_string, 0);
    lua_setfield(L, LUA_REGISTRYINDEX, "fa.lib.string");
    luaL_requiref(L, "table", luaopen_table, 0);
    lua_setfield(L, LUA_REGISTRYINDEX, "fa.lib.table");
    luaL_requiref(L, "math", luaopen_math, 0);
    lua_setfield(L, LUA_REGISTRYINDEX, "fa.lib.math");
    luaL_requiref(L, "utf8", luaopen_utf8, 0);
    lua_setfield(L, LUA_REGISTRYINDEX, "fa.lib.utf8");
    luaL_requiref(L, "coroutine", luaopen_coroutine, 0);
    lua_setfield(L, LUA_REGISTRYINDEX, "fa.lib.coroutine");
    fa_install_charged(L);  // before the string methods are copied from fa.lib.string
    fa_install_determinism(L);

    // Methods on string values (s:find(...)) come from a private table no script can
    // reach; the metatable itself is hidden behind __metatable.
    lua_getfield(L, LUA_REGISTRYINDEX, "fa.lib.string");
    int stock = lua_gettop(L);
    lua_newtable(L);
    fa_copy_fields(L, stock, FA_STRING_ALLOWED);
    luaL_setfuncs(L, FA_STRING_MATCHERS, 0);
    lua_pushliteral(L, "");
    if (!lua_getmetatable(L, -1)) return luaL_error(L, "string metatable missing");
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 4);

    lua_newtable(L);  // marks tables that must become JSON arrays even when empty
    lua_pushliteral(L, "json.array");
    lua_setfield(L, -2, "__metatable");
    lua_setfield(L, LUA_REGISTRYINDEX, "fa.array_mt");

    lua_pushboolean(L, 0);  // reserve the slot so later writes need no allocation
    lua_setfield(L, LUA_REGISTRYINDEX, "fa.traceback");
    return 0;
}

void *fa_null_sentinel(void) { return (void *)&FA_NULL_SENTINEL; }

/// json.array([t]): marks t (or a new table) so it converts to a JSON array even when empty.
static int fa_json_array(lua_State *L) {
    if (lua_isnoneornil(L, 1)) lua_newtable(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "json.array: the table already has a protected metatable");
    lua_getfield(L, LUA_REGISTRYINDEX, "fa.array_mt");
    lua_setmetatable(L, 1);
    return 1;
}

static void fa_push_library_copy(lua_State *L, const char *registry_key,
                                 const char *const *names) {
    lua_getfield(L, LUA_REGISTRYINDEX, registry_key);
    lua_newtable(L);
    fa_copy_fields(L, lua_gettop(L) - 1, names);
    lua_remove(L, -2);
}

static void fa_wrap_stock(lua_State *L, const char *registry_key, const char *name,
                          lua_CFunction wrapper) {
    lua_getfield(L, LUA_REGISTRYINDEX, registry_key);
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, wrapper, 1);
    lua_setfield(L, -3, name);
    lua_pop(L, 1);
}

int fa_new_env(lua_State *L) {
    lua_newtable(L);
    int env = lua_gettop(L);

    lua_getfield(L, LUA_REGISTRYINDEX, "fa.lib._G");
    lua_pushvalue(L, env);
    fa_copy_fields(L, env + 1, FA_BASE_ALLOWED);
    lua_pop(L, 2);
    static const luaL_Reg replaced[] = {
        {"pcall", fa_base_pcall}, {"xpcall", fa_base_xpcall}, {"load", fa_base_load},
        {"setmetatable", fa_base_setmetatable}, {"collectgarbage", fa_base_collectgarbage},
        {"next", fa_det_next}, {"pairs", fa_det_pairs}, {"tostring", fa_det_tostring},
        {NULL, NULL},
    };
    luaL_setfuncs(L, replaced, 0);
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");

    fa_push_library_copy(L, "fa.lib.string", FA_STRING_ALLOWED);
    luaL_setfuncs(L, FA_STRING_MATCHERS, 0);
    lua_setfield(L, env, "string");

    fa_push_library_copy(L, "fa.lib.table", FA_TABLE_ALLOWED);
    lua_setfield(L, env, "table");

    fa_push_library_copy(L, "fa.lib.math", FA_MATH_ALLOWED);
    lua_pushcfunction(L, fa_math_random);
    lua_setfield(L, -2, "random");
    lua_pushcfunction(L, fa_math_randomseed);
    lua_setfield(L, -2, "randomseed");
    lua_setfield(L, env, "math");

    fa_push_library_copy(L, "fa.lib.utf8", FA_UTF8_ALLOWED);
    lua_setfield(L, env, "utf8");

    fa_push_library_copy(L, "fa.lib.coroutine", FA_COROUTINE_ALLOWED);
    fa_wrap_stock(L, "fa.lib.coroutine", "resume", fa_co_resume);
    fa_wrap_stock(L, "fa.lib.coroutine", "close", fa_co_close);
    lua_setfield(L, env, "coroutine");

    lua_newtable(L);
    lua_pushlightuserdata(L, fa_null_sentinel());
    lua_setfield(L, -2, "null");
    lua_pushcfunction(L, fa_json_array);
    lua_setfield(L, -2, "array");
    lua_setfield(L, env, "json");
    return 1;
}
