// Library functions that loop in C for as long as their arguments say, where the
// instruction hook never fires: `string.rep("", math.maxinteger)` or
// `table.move({}, 1, 1 << 40, 1, {})` would run for hours inside one VM instruction.
// Each wrapper charges the work its arguments ask for to the run's instruction budget
// before calling the stock function (upvalue 1), so an oversized request fails at once
// with "instruction limit exceeded" instead of hanging. Work that allocates is bounded by
// the memory cap as well; the watchdog (fa_watchdog) covers anything still missed.
#include "fa_shim.h"

/// One unit per element or repetition; requests beyond what any budget allows are
/// charged as "everything", without overflowing.
static void fa_charge_span(lua_State *L, lua_Integer first, lua_Integer last) {
    if (last < first) return;
    lua_Unsigned span = (lua_Unsigned)last - (lua_Unsigned)first;
    int64_t units = span >= (lua_Unsigned)INT64_MAX / 2 ? INT64_MAX / 2 : (int64_t)span + 1;
    fa_charge_work(L, units);
}

/// The integer the stock function will read from argument `i` (floats with an integral
/// value and numeric strings convert, as luaL_checkinteger converts them); 0 in `ok`
/// when it would refuse the argument, which it then does itself.
static lua_Integer fa_integer_arg(lua_State *L, int i, int *ok) {
    return lua_tointegerx(L, i, ok);
}

/// Runs the stock C function (upvalue 1) in this very call, not through lua_call: its
/// argument errors then name the function as the script called it ("bad argument #1 to
/// 'concat'"), exactly as without the wrapper. The stock functions use no upvalues.
static int fa_call_stock(lua_State *L) {
    lua_CFunction stock = lua_tocfunction(L, lua_upvalueindex(1));
    if (stock == NULL) return luaL_error(L, "internal error: a charged library function lost its original");
    return stock(L);
}

/// string.rep(s, n [, sep]): n repetitions of nothing is a loop that allocates nothing,
/// so only the memory cap's blind spot is charged; anything else writes n copies into
/// memory the cap bounds (and the stock function's own size check refuses the absurd).
static int fa_str_rep(lua_State *L) {
    size_t length = 0, separator = 0;
    if (lua_isstring(L, 1)) lua_tolstring(L, 1, &length);
    if (lua_isstring(L, 3)) lua_tolstring(L, 3, &separator);
    int ok = 0;
    lua_Integer n = fa_integer_arg(L, 2, &ok);
    if (length + separator == 0 && ok) fa_charge_span(L, 1, n);
    return fa_call_stock(L);
}

/// table.move(a1, f, e, t [, a2]): e - f + 1 elements.
static int fa_tab_move(lua_State *L) {
    int ok_first = 0, ok_last = 0;
    lua_Integer first = fa_integer_arg(L, 2, &ok_first), last = fa_integer_arg(L, 3, &ok_last);
    if (ok_first && ok_last) fa_charge_span(L, first, last);
    return fa_call_stock(L);
}

/// table.concat(list [, sep [, i [, j]]]) and table.unpack(list [, i [, j]]): j - i + 1
/// elements (j defaults to #list, which Lua computes the same way).
static int fa_tab_range(lua_State *L, int first_arg) {
    if (lua_type(L, 1) != LUA_TTABLE) return fa_call_stock(L);  // the stock function's own error
    // Arguments the stock function would refuse are left for it to refuse, in its words.
    int ok_i = 1, ok_j = 1;
    lua_Integer i = lua_isnoneornil(L, first_arg) ? 1 : fa_integer_arg(L, first_arg, &ok_i);
    lua_Integer j = lua_isnoneornil(L, first_arg + 1) ? 0 : fa_integer_arg(L, first_arg + 1, &ok_j);
    if (!ok_i || !ok_j) return fa_call_stock(L);
    if (lua_isnoneornil(L, first_arg + 1)) j = luaL_len(L, 1);
    fa_charge_span(L, i, j);
    return fa_call_stock(L);
}

/// Without a metatable a missing element stops concat at once, and present elements are
/// bounded by memory; only an __index that makes up elements can loop without end.
static int fa_tab_concat(lua_State *L) {
    if (!lua_getmetatable(L, 1)) return fa_call_stock(L);
    lua_pop(L, 1);
    return fa_tab_range(L, 3);
}

/// table.sort(list [, comp]): about n log2 n comparisons; a Lua comparator is charged
/// again by the hook as it runs.
static int fa_tab_sort(lua_State *L) {
    if (lua_type(L, 1) != LUA_TTABLE) return fa_call_stock(L);
    lua_Integer n = luaL_len(L, 1);
    int64_t log = 1;
    for (lua_Integer m = n; m > 1; m >>= 1) log++;
    if (n > 0) fa_charge_work(L, (int64_t)n * log);
    return fa_call_stock(L);
}

/// string.upper/lower/reverse: one unit per 64 bytes of the subject, so a loop over a huge string meets the instruction budget
/// and, through the charge, the clock, instead of running between two hook calls.
static int fa_str_by_length(lua_State *L) {
    size_t length = 0;
    if (lua_type(L, 1) == LUA_TSTRING) lua_tolstring(L, 1, &length);
    if (length >= 4096) fa_charge_work(L, (int64_t)(length / 64));
    return fa_call_stock(L);
}

void fa_wrap_library_function(lua_State *L, const char *registry_key, const char *name, lua_CFunction wrapper) {
    lua_getfield(L, LUA_REGISTRYINDEX, registry_key);
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, wrapper, 1);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

void fa_install_charged(lua_State *L) {
    // The unwrapped sort, for the host's own sorting (the defined order of `next`).
    lua_getfield(L, LUA_REGISTRYINDEX, "fa.lib.table");
    lua_getfield(L, -1, "sort");
    lua_setfield(L, LUA_REGISTRYINDEX, "fa.stock.sort");
    lua_pop(L, 1);
    fa_wrap_library_function(L, "fa.lib.string", "rep", fa_str_rep);
    fa_wrap_library_function(L, "fa.lib.table", "move", fa_tab_move);
    fa_wrap_library_function(L, "fa.lib.table", "concat", fa_tab_concat);
    fa_wrap_library_function(L, "fa.lib.table", "sort", fa_tab_sort);
    // Whole-subject work only: sub, byte and utf8's functions work on a range, which a
    // loop over the string pays for once per element like any Lua loop.
    static const char *const by_length[] = {"upper", "lower", "reverse", NULL};
    for (const char *const *name = by_length; *name != NULL; name++)
        fa_wrap_library_function(L, "fa.lib.string", *name, fa_str_by_length);
}
