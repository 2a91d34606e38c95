// TEMPORARY: replaced by fa_strmatch.c (budgeted matcher) before the first commit.
#include "fa_shim.h"
static int fa_stub(lua_State *L) { return luaL_error(L, "pattern matching not yet available"); }
int fa_str_find(lua_State *L) { return fa_stub(L); }
int fa_str_match(lua_State *L) { return fa_stub(L); }
int fa_str_gmatch(lua_State *L) { return fa_stub(L); }
int fa_str_gsub(lua_State *L) { return fa_stub(L); }
