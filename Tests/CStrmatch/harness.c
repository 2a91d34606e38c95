/*
 * Standalone test driver for Sources/CLuaShim/fa_strmatch.c.
 *
 * Opens a Lua state with the standard libraries, installs fa.find/match/gmatch/gsub
 * (the budgeted matcher) next to the stock string library, and runs a Lua script
 * (compare.lua) that checks both give identical results. Exits with the script's
 * failure count (capped), so run.sh can fail on any mismatch.
 *
 * The embedder-side hook fa_strmatch_charge is defined here with a simple global budget:
 * the test program is single-threaded, so globals are fine here (the matcher itself keeps
 * no global state).
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "fa_strmatch.h"

static long long g_budget = -1; /* steps allowed; -1 = unlimited */
static long long g_total = 0;   /* steps charged since the last fa.setbudget */
static long long g_calls = 0;   /* calls of fa_strmatch_charge */
static long g_max_chunk = 0;    /* largest single charge, to check the granularity */

void fa_strmatch_charge(lua_State *L, long steps) {
    g_total += steps;
    g_calls++;
    if (steps > g_max_chunk) g_max_chunk = steps;
    if (g_budget >= 0 && g_total > g_budget) luaL_error(L, "pattern budget exhausted");
}

/* fa.setbudget([n]): set the budget (nil = unlimited) and reset the counters. */
static int l_setbudget(lua_State *L) {
    g_budget = luaL_optinteger(L, 1, -1);
    g_total = 0;
    g_calls = 0;
    g_max_chunk = 0;
    return 0;
}

/* fa.steps() -> total steps, number of charge calls, largest single charge */
static int l_steps(lua_State *L) {
    lua_pushinteger(L, (lua_Integer)g_total);
    lua_pushinteger(L, (lua_Integer)g_calls);
    lua_pushinteger(L, (lua_Integer)g_max_chunk);
    return 3;
}

/* fa.now() -> monotonic wall-clock seconds */
static int l_now(lua_State *L) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec * 1e-9);
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s compare.lua [args...]\n", argv[0]);
        return 2;
    }
    lua_State *L = luaL_newstate();
    if (L == NULL) return 2;
    luaL_openlibs(L);
    static const luaL_Reg fa_funcs[] = {
        {"find", fa_str_find},       {"match", fa_str_match}, {"gmatch", fa_str_gmatch},
        {"gsub", fa_str_gsub},       {"setbudget", l_setbudget}, {"steps", l_steps},
        {"now", l_now},              {NULL, NULL},
    };
    luaL_newlib(L, fa_funcs);
    lua_setglobal(L, "fa");

    lua_createtable(L, argc, 0); /* arg table for the script: arg[1..] */
    for (int i = 2; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i - 1);
    }
    lua_setglobal(L, "arg");

    int rc;
    if (luaL_dofile(L, argv[1]) != LUA_OK) {
        fprintf(stderr, "harness: %s\n", lua_tostring(L, -1));
        rc = 2;
    } else {
        lua_Integer failures = lua_tointeger(L, -1);
        rc = failures == 0 ? 0 : 1;
    }
    lua_close(L);
    return rc;
}
