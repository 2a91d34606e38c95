// C side of the Lua runtime. Swift cannot import Lua's function-like macros, must never
// be crossed by lua_error's longjmp, and cannot sit in the allocator or the debug hook
// without slowing every instruction; all three live here.
#ifndef FA_SHIM_H
#define FA_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>

#include "fa_strmatch.h"

// MARK: - Limits

/// Which limit stopped a run. Once set it stays set until the host starts the next run,
/// so a script cannot catch the error with pcall and carry on.
typedef enum {
    FA_TRIP_NONE = 0,
    FA_TRIP_INSTRUCTIONS = 1,
    FA_TRIP_TIME = 2,
    FA_TRIP_MEMORY = 3,
} fa_trip;

/// Per-state limit bookkeeping; it is the allocator's user data, so the hook and the
/// sandbox functions reach it with lua_getallocf.
typedef struct fa_limits {
    size_t mem_used;          ///< bytes currently allocated by this state
    size_t mem_peak;          ///< high-water mark since the state was created
    size_t mem_limit;         ///< cap on what one run adds; 0 means unlimited
    size_t mem_base;          ///< bytes allocated when the current run began
    int64_t instr_limit;      ///< budget per run; 0 means unlimited
    int64_t instr_used;       ///< instructions (and pattern steps) charged in this run
    double time_limit;        ///< seconds per run; 0 means unlimited
    double deadline;          ///< monotonic seconds at which this run times out
    int hook_interval;        ///< instructions between two hook calls
    int tripped;              ///< an fa_trip value
    int host_depth;           ///< > 0 while Swift host code runs: the cap is soft there
    int host_over;            ///< the cap was exceeded during host code
    int mem_refusals;         ///< allocations refused by the cap in this run
    int close_depth;          ///< nesting of coroutine.close, capped (Lua 5.4.4 bug)
    int running;              ///< a run is in progress: the limits are armed
    uint64_t rng[4];          ///< math.random state, seeded by the host for each run
    char label[160];          ///< what the run is doing, for the watchdog's message
} fa_limits;

/// Creates a state whose allocator enforces `limits->mem_limit`.
lua_State *fa_newstate(fa_limits *limits);
/// Returns the limits of a state created by fa_newstate.
fa_limits *fa_limits_of(lua_State *L);
/// Arms the limits for a new run on `L` (and every coroutine created from it).
void fa_begin_run(lua_State *L);
/// Disarms the limits after a run.
void fa_end_run(lua_State *L);
/// Monotonic clock in seconds.
double fa_monotonic_now(void);
/// Marks the memory limit as tripped when the error at `error_index` (or `status`) comes
/// from an allocation the cap refused.
void fa_note_memory_error(lua_State *L, int status, int error_index);
/// Raises the limit error if a limit has tripped; otherwise does nothing.
void fa_check_tripped(lua_State *L);

// MARK: - Protected calls and the trampoline

/// A host (Swift) function called from Lua. It returns the number of results it pushed,
/// or -1 after pushing an error message: the trampoline raises it, so lua_error never
/// unwinds a Swift frame.
typedef int (*fa_host_fn)(lua_State *L, void *context);

/// Pushes a C closure that calls `fn(L, context)` through the trampoline.
/// A full garbage collection (lua_gc is variadic, so Swift cannot call it directly).
void fa_full_gc(lua_State *L);
/// Charges `units` of work done in C to the run's instruction budget (raises when over).
void fa_charge_work(lua_State *L, int64_t units);
/// Replaces `name` in the registry's library table `registry_key` by a closure of `wrapper`
/// over the original (its upvalue 1), before environments copy the library.
void fa_wrap_library_function(lua_State *L, const char *registry_key, const char *name, lua_CFunction wrapper);
/// Wraps the library functions whose C loops follow their arguments (fa_charged.c).
void fa_install_charged(lua_State *L);
/// Deterministic next, pairs and tostring, and string.format without %p (fa_determinism.c).
void fa_install_determinism(lua_State *L);
/// Forgets every traversal in progress (each run starts with none).
void fa_reset_traversals(lua_State *L);
int fa_det_next(lua_State *L);
int fa_det_pairs(lua_State *L);
int fa_det_tostring(lua_State *L);
/// Snapshot and rewind of a definition's module state (fa_rewind.c).
int fa_graph_snapshot(lua_State *L);
int fa_graph_restore(lua_State *L);
/// Starts the process's watchdog (fa_watchdog.c): a run still going `grace_seconds` after
/// its time limit ends the process with `exit_code`. Idempotent; returns 0 or an errno.
int fa_watchdog_start(double grace_seconds, int exit_code);
void fa_watchdog_arm(const fa_limits *lim);
void fa_watchdog_disarm(const fa_limits *lim);

/// Called (from a finalizer, or while the state closes) when a host function's closure is
/// collected; it must only note the fact, not call back into Lua.
typedef void (*fa_host_collected)(void *context);
void fa_push_host_function(lua_State *L, fa_host_fn fn, void *context, fa_host_collected collected);
/// Runs `fn(L, context)` under lua_pcall with the trampoline, with the top `nargs` values
/// as its stack (indices 1...nargs); the values it returns are left on the caller's stack
/// (`nresults` or LUA_MULTRET). Returns a Lua status. Allocation never raises inside `fn`;
/// exceeding the cap there is reported afterwards.
int fa_pcall_host(lua_State *L, int nargs, int nresults, fa_host_fn fn, void *context);
/// Calls the function below `nargs` arguments under lua_pcall with a message handler that
/// adds a traceback and survives error objects whose __tostring fails or loops.
/// On error the stack holds the message (a string) and the traceback (a string).
int fa_pcall_traceback(lua_State *L, int nargs, int nresults);
/// Loads a text chunk (binary chunks are refused) and sets its _ENV upvalue to the table
/// at `env_index`. Returns a Lua status; on error the message is on the stack.
int fa_load_text(lua_State *L, const char *source, size_t length, const char *chunkname,
                 int env_index);

// MARK: - Sandbox library functions (registered by the Swift sandbox builder)

int fa_base_pcall(lua_State *L);
int fa_base_xpcall(lua_State *L);
int fa_base_load(lua_State *L);
int fa_base_setmetatable(lua_State *L);
int fa_base_collectgarbage(lua_State *L);
int fa_co_resume(lua_State *L);
int fa_co_close(lua_State *L);
int fa_print(lua_State *L);
int fa_caller_line(lua_State *L);
/// Opens the standard libraries into private registry slots, hides the string metatable
/// and creates the JSON array marker. A lua_CFunction: run it protected, once per state.
int fa_init_state(lua_State *L);
/// Pushes a new sandbox environment built from the allow-list. A lua_CFunction.
int fa_new_env(lua_State *L);
/// Seeds math.random for the next run.
void fa_seed_random(lua_State *L, uint64_t seed);
/// The light userdata that stands for JSON null inside arrays (json.null).
void *fa_null_sentinel(void);

// MARK: - Macro shims

static inline void fa_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void fa_newtable(lua_State *L) { lua_newtable(L); }
static inline int fa_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int fa_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline const char *fa_tostring(lua_State *L, int i) { return lua_tostring(L, i); }
static inline lua_Number fa_tonumber(lua_State *L, int i) { return lua_tonumber(L, i); }
static inline lua_Integer fa_tointeger(lua_State *L, int i) { return lua_tointeger(L, i); }
static inline int fa_isnil(lua_State *L, int i) { return lua_isnil(L, i); }
static inline int fa_istable(lua_State *L, int i) { return lua_istable(L, i); }
static inline int fa_isfunction(lua_State *L, int i) { return lua_isfunction(L, i); }
static inline void fa_insert(lua_State *L, int i) { lua_insert(L, i); }
static inline void fa_remove(lua_State *L, int i) { lua_remove(L, i); }
static inline void fa_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }
static inline void *fa_lightuserdata_key(const void *p) { return (void *)p; }

#endif
