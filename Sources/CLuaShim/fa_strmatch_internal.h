/*
 * Follows the structure of Lua 5.4's lstrlib.c (Copyright (C) 1994-2024 Lua.org,
 * PUC-Rio, MIT license); see NOTICE at the repository root.
 *
 * Internals shared by the budgeted matcher (fa_strmatch.c) and the string functions built
 * on it (fa_strlib.c). Not part of the shim's public interface.
 */
#ifndef FA_STRMATCH_INTERNAL_H
#define FA_STRMATCH_INTERNAL_H

#include <stddef.h>
#include <lua.h>
#include <lauxlib.h>

#include "fa_strmatch.h"

#define PAT_ESC '%'

/* Capture "lengths" that are not lengths. */
#define CAP_OPEN (-1)     /* '(' seen, matching ')' not reached yet */
#define CAP_POSITION (-2) /* "()" — captures the current position as an integer */

/* Bulk memory work (memchr/memcmp/copying a replacement template) is much cheaper per byte
 * than a backtracking step, so it is charged at one step per this many bytes. */
#define BULK_BYTES_PER_STEP 32

typedef struct Capture {
    const char *start;
    ptrdiff_t len; /* >= 0, CAP_OPEN or CAP_POSITION */
} Capture;

typedef struct Matcher {
    lua_State *L;
    const char *subj;     /* subject start */
    const char *subj_end; /* one past the last subject byte */
    const char *pat_end;  /* one past the last pattern byte (patterns may contain '\0') */
    long pending;         /* steps not yet reported to fa_strmatch_charge */
    int depth_left;       /* nested match calls still allowed before "pattern too complex" */
    int level;            /* captures opened so far (closed or not) */
    Capture cap[FA_STRMATCH_MAXCAPTURES];
} Matcher;

static inline int uch(char c) { return (unsigned char)c; }

/* ---------------------------------------------------------------------------------------
 * Step accounting
 * ------------------------------------------------------------------------------------- */

void fa_report_steps(Matcher *m);

/* Hot path: one add and one compare; the call happens only every ~256 steps. */
static inline void charge(Matcher *m, long n) {
    m->pending += n;
    if (m->pending >= FA_STRMATCH_CHARGE_EVERY) fa_report_steps(m);
}

void fa_matcher_init(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp);

/* Before each attempt at a new start position: no captures, full nesting allowance. */
static inline void matcher_restart(Matcher *m) {
    m->level = 0;
    m->depth_left = FA_STRMATCH_MAXDEPTH;
}

/* Matches pattern p at subject position s; returns the end of the match or NULL. */
const char *fa_match_here(Matcher *m, const char *s, const char *p);
/* Pushes capture i (or the whole match s..e when there are no captures). */
void fa_push_capture(Matcher *m, int i, const char *s, const char *e);
/* Pushes all captures (or the whole match); returns how many. */
int fa_push_captures(Matcher *m, const char *s, const char *e);
/* Length of capture i, raising Lua's errors for unfinished or invalid captures. */
ptrdiff_t fa_capture_span(Matcher *m, int i, const char *s, const char *e, const char **text,
                          lua_Integer *pos);

#endif
