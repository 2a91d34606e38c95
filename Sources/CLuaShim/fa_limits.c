// The bounded allocator and the limit hook. Both run on every allocation or every few
// hundred instructions, which is why they are C and not Swift.
#include "fa_shim.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double fa_monotonic_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/// The cap applies while a run is armed (see fa_begin_run) and to what the run adds to the
/// state since it began, so a long-lived state that keeps definitions and results between
/// runs never drifts toward it; the host's own bookkeeping between runs is not charged.
/// Lua's allocator contract: nsize == 0 frees; otherwise behave like realloc. When `ptr` is
/// NULL, `osize` encodes the object type, not a size. Refusing returns NULL: Lua then runs
/// an emergency collection and tries once more before raising a memory error.
///
/// A real allocation failure (the machine is out of memory) while Swift host code runs
/// cannot be reported as a Lua error, which would unwind Swift frames: the process stops
/// with a message instead of continuing in undefined behaviour.
static void *fa_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    fa_limits *lim = (fa_limits *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        lim->mem_used -= old;
        return NULL;
    }
    size_t grown = lim->mem_used > lim->mem_base ? lim->mem_used - lim->mem_base : 0;
    if (lim->running && lim->mem_limit > 0 && nsize > old && grown + (nsize - old) > lim->mem_limit) {
        if (lim->host_depth > 0) {
            // Swift host code must never be unwound by a memory error: let it finish and
            // report the overrun when it returns to the trampoline.
            lim->host_over = 1;
        } else {
            lim->mem_refusals++;
            return NULL;
        }
    }
    void *block = realloc(ptr, nsize);
    if (block == NULL) {
        if (lim->host_depth > 0) {
            fprintf(stderr, "agency: out of memory while allocating %zu bytes for the Lua runtime; "
                            "stopping (free memory, or lower the store's lua.memoryBytes)\n", nsize);
            abort();
        }
        return NULL;
    }
    lim->mem_used = lim->mem_used - old + nsize;
    if (lim->mem_used > lim->mem_peak) lim->mem_peak = lim->mem_used;
    return block;
}

static int fa_panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "agency: unprotected Lua error (a bug in FullAgency, please report): %s\n",
            msg ? msg : "(no message)");
    abort();
}

fa_limits *fa_limits_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (fa_limits *)ud;
}

static const char *fa_trip_message(const fa_limits *lim) {
    switch (lim->tripped) {
    case FA_TRIP_INSTRUCTIONS: return "instruction limit exceeded";
    case FA_TRIP_TIME: return "time limit exceeded";
    case FA_TRIP_MEMORY: return "memory limit exceeded";
    default: return "limit exceeded";
    }
}

static void fa_hook(lua_State *L, lua_Debug *ar);

/// Pushes "chunk:line: " for the innermost Lua function on the stack. In a hook, level 0
/// is the running Lua function; in a C library function it is the C function itself.
static void fa_push_where(lua_State *L) {
    lua_Debug ar;
    for (int level = 0; level < 3 && lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "Sl", &ar);
        if (ar.currentline > 0) {
            lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
            return;
        }
    }
    lua_pushliteral(L, "");
}

/// Makes the current thread call the hook before every instruction, so that after a limit
/// trips no Lua code, not even a handler that caught the error, gets further than one step.
static void fa_raise_tripped(lua_State *L, fa_limits *lim) {
    lua_sethook(L, fa_hook, LUA_MASKCOUNT, 1);
    fa_push_where(L);
    lua_pushstring(L, fa_trip_message(lim));
    lua_concat(L, 2);
    lua_error(L);
}

void fa_check_tripped(lua_State *L) {
    fa_limits *lim = fa_limits_of(L);
    if (lim->running && lim->tripped != FA_TRIP_NONE) fa_raise_tripped(L, lim);
}

/// Charges `units` of work (instructions or pattern-matching steps) to the run's budget
/// and checks the deadline; raises when a limit is exceeded.
static void fa_charge(lua_State *L, fa_limits *lim, int64_t units) {
    if (!lim->running) return;
    if (lim->tripped != FA_TRIP_NONE) fa_raise_tripped(L, lim);
    // Saturating: a charge for "everything" must not wrap around to a small number.
    lim->instr_used = units > INT64_MAX - lim->instr_used ? INT64_MAX : lim->instr_used + units;
    if (lim->instr_limit > 0 && lim->instr_used > lim->instr_limit) {
        lim->tripped = FA_TRIP_INSTRUCTIONS;
        fa_raise_tripped(L, lim);
    }
    if (lim->time_limit > 0 && fa_monotonic_now() > lim->deadline) {
        lim->tripped = FA_TRIP_TIME;
        fa_raise_tripped(L, lim);
    }
}

static void fa_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    fa_limits *lim = fa_limits_of(L);
    int count = lua_gethookcount(L);
    if (lim->tripped == FA_TRIP_NONE && count != lim->hook_interval) {
        // A coroutine left at "every instruction" by an earlier run: back to normal.
        lua_sethook(L, fa_hook, LUA_MASKCOUNT, lim->hook_interval);
    }
    fa_charge(L, lim, count);
}

void fa_strmatch_charge(lua_State *L, long steps) {
    fa_charge(L, fa_limits_of(L), (int64_t)steps);
}

void fa_charge_work(lua_State *L, int64_t units) {
    fa_charge(L, fa_limits_of(L), units);
}

lua_State *fa_newstate(fa_limits *limits) {
    if (limits->hook_interval <= 0) limits->hook_interval = 1000;
    lua_State *L = lua_newstate(fa_alloc, limits);
    if (L == NULL) return NULL;
    lua_atpanic(L, fa_panic);
    // New coroutines inherit their creator's hook, so one hook on the main thread covers
    // every thread a script can make.
    lua_sethook(L, fa_hook, LUA_MASKCOUNT, limits->hook_interval);
    return L;
}

void fa_begin_run(lua_State *L) {
    fa_limits *lim = fa_limits_of(L);
    lim->instr_used = 0;
    lim->tripped = FA_TRIP_NONE;
    lim->host_over = 0;
    lim->mem_refusals = 0;
    lim->close_depth = 0;
    lim->mem_base = lim->mem_used;
    lim->deadline = fa_monotonic_now() + lim->time_limit;
    lim->running = 1;
    lua_sethook(L, fa_hook, LUA_MASKCOUNT, lim->hook_interval);
    fa_watchdog_arm(lim);
}

void fa_end_run(lua_State *L) {
    fa_limits *lim = fa_limits_of(L);
    lim->running = 0;
    lua_sethook(L, fa_hook, LUA_MASKCOUNT, lim->hook_interval);
    fa_watchdog_disarm(lim);
}

void fa_note_memory_error(lua_State *L, int status, int error_index) {
    fa_limits *lim = fa_limits_of(L);
    if (!lim->running || lim->mem_refusals == 0 || lim->tripped != FA_TRIP_NONE) return;
    // Lua reports a refused allocation either as LUA_ERRMEM (after an emergency collection
    // failed) or, from luaL_Buffer, as an ordinary error with this message.
    if (status == LUA_ERRMEM ||
        (lua_type(L, error_index) == LUA_TSTRING &&
         strcmp(lua_tostring(L, error_index), "not enough memory") == 0))
        lim->tripped = FA_TRIP_MEMORY;
}

void fa_full_gc(lua_State *L) {
    lua_gc(L, LUA_GCCOLLECT);
}
