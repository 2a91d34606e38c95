/*
 * fa_strmatch.h — a budgeted implementation of Lua 5.4's string pattern functions.
 *
 * Stock string.find/match/gmatch/gsub backtrack inside C where no debug hook fires, so a
 * pathological pattern (e.g. ("a"):rep(5000):find(".-.-.-.-.-.-.-.-b")) cannot be stopped
 * by an instruction or wall-clock limit. These replacements implement the same pattern
 * language (Lua 5.4 manual §6.4.1) and the same function semantics (§6.4), but count every
 * elementary matching step and report the count to the embedder, which may raise an error
 * to stop the match.
 *
 * The functions are lua_CFunctions with exactly the calling convention, results and error
 * messages of the stock ones; register them in place of string.find etc. (and in the string
 * metatable's __index table, so that s:find(...) uses them too).
 *
 * Reentrant: all matcher state lives on the C stack or the Lua stack of the calling thread;
 * nothing is allocated with malloc, so a longjmp out of fa_strmatch_charge leaks nothing.
 */
#ifndef FA_STRMATCH_H
#define FA_STRMATCH_H

#include <lua.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The matcher calls fa_strmatch_charge once this many steps have accumulated (and once
 * more with the remainder when a call finishes normally). */
#define FA_STRMATCH_CHARGE_EVERY 256

/* Nesting limit of the backtracking matcher, as Lua's MAXCCALLS: deeper patterns fail
 * with "pattern too complex". */
#define FA_STRMATCH_MAXDEPTH 200

/* Maximum number of captures in one pattern, as LUA_MAXCAPTURES. */
#define FA_STRMATCH_MAXCAPTURES 32

/*
 * Implemented by the embedding runtime. Called with the number of steps done since the
 * previous call (normally about FA_STRMATCH_CHARGE_EVERY, occasionally more when one
 * operation was bulk work such as scanning a long set or comparing a long back-reference).
 * It charges the steps to the script's budget, checks the deadline and raises a Lua error
 * (luaL_error / lua_error) when a limit is exceeded. Raising is safe: the matcher holds no
 * resources across the call. `L` is the thread that called the string function.
 */
extern void fa_strmatch_charge(lua_State *L, long steps);

/* Drop-in replacements for string.find, string.match, string.gmatch and string.gsub. */
int fa_str_find(lua_State *L);
int fa_str_match(lua_State *L);
int fa_str_gmatch(lua_State *L);
int fa_str_gsub(lua_State *L);

#ifdef __cplusplus
}
#endif

#endif /* FA_STRMATCH_H */
