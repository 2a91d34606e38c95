/*
 * Follows the structure of Lua 5.4's lstrlib.c (Copyright (C) 1994-2024 Lua.org,
 * PUC-Rio, MIT license); see NOTICE at the repository root.
 *
 * fa_strlib.c — string.find, match, gmatch and gsub for the sandbox, on the budgeted
 * matcher of fa_strmatch.c (see there for the design and what differs from lstrlib).
 */
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "fa_strmatch_internal.h"

/* ---------------------------------------------------------------------------------------
 * string.find / string.match
 * ------------------------------------------------------------------------------------- */

/* 1-based init argument → 0-based offset, as 5.4: 0 and too-negative values mean the
 * start, negative values count from the end. The result may exceed len (→ no match). */
static size_t start_offset(lua_Integer init, size_t len) {
    if (init > 0) return (size_t)init - 1;
    if (init == 0 || init < -(lua_Integer)len) return 0;
    return len - (size_t)(-init);
}

/* The bytes that make find() use the pattern matcher; anything else is searched as plain
 * text (so "a)" is found literally even though it would be a malformed pattern). */
static int has_specials(const char *p, size_t lp) {
    for (size_t i = 0; i < lp; i++) {
        switch (p[i]) {
        case '^': case '$': case '*': case '+': case '?':
        case '.': case '(': case '[': case '%': case '-':
            return 1;
        default: break;
        }
    }
    return 0;
}

/* Plain substring search, charged per candidate position. */
static const char *plain_find(Matcher *m, const char *h, size_t hl, const char *n, size_t nl) {
    if (nl == 0) return h;
    if (nl > hl) return NULL;
    const char *last = h + (hl - nl); /* last start where the needle still fits */
    const char *cur = h;
    while (cur <= last) {
        const char *hit = (const char *)memchr(cur, n[0], (size_t)(last - cur) + 1);
        if (hit == NULL) {
            charge(m, 1 + (last - cur) / BULK_BYTES_PER_STEP);
            return NULL;
        }
        charge(m, 1 + (hit - cur + (ptrdiff_t)nl) / BULK_BYTES_PER_STEP);
        if (memcmp(hit + 1, n + 1, nl - 1) == 0) return hit;
        cur = hit + 1;
    }
    return NULL;
}

static int find_or_match(lua_State *L, int is_find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) { /* starts after the end: not even an empty match */
        luaL_pushfail(L);
        return 1;
    }
    Matcher m;
    if (is_find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        fa_matcher_init(&m, L, s, ls, p, lp);
        const char *hit = plain_find(&m, s + init, ls - init, p, lp);
        fa_report_steps(&m);
        if (hit == NULL) {
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
        lua_pushinteger(L, (lua_Integer)(hit - s + (ptrdiff_t)lp));
        return 2;
    }
    int anchored = (lp > 0 && p[0] == '^');
    if (anchored) {
        p++;
        lp--;
    }
    fa_matcher_init(&m, L, s, ls, p, lp);
    const char *start = s + init;
    for (;;) { /* every start position, including the empty match at the very end */
        matcher_restart(&m);
        charge(&m, 1);
        const char *e = fa_match_here(&m, start, p);
        if (e != NULL) {
            fa_report_steps(&m);
            if (!is_find) return fa_push_captures(&m, start, e);
            lua_pushinteger(L, (lua_Integer)(start - s) + 1);
            lua_pushinteger(L, (lua_Integer)(e - s));
            return 2 + fa_push_captures(&m, NULL, NULL);
        }
        if (anchored || start >= m.subj_end) break;
        start++;
    }
    fa_report_steps(&m);
    luaL_pushfail(L);
    return 1;
}

int fa_str_find(lua_State *L) { return find_or_match(L, 1); }

int fa_str_match(lua_State *L) { return find_or_match(L, 0); }

/* ---------------------------------------------------------------------------------------
 * string.gmatch
 *
 * The iterator is a C closure with three upvalues: the subject, the pattern, and a small
 * userdata holding where to resume and where the previous match ended. (A Matcher is
 * rebuilt on the C stack at every call, so the iterator also works when called from a
 * different coroutine than the one that created it, and charges that coroutine.) A '^' in
 * the pattern is an ordinary character here, as in Lua 5.4.
 * ------------------------------------------------------------------------------------- */

typedef struct GmatchPos {
    lua_Integer next; /* offset to resume scanning at; > length when exhausted */
    lua_Integer last; /* end offset of the previous match, -1 before the first */
} GmatchPos;

static int gmatch_next(lua_State *L) {
    size_t ls, lp;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    GmatchPos *gp = (GmatchPos *)lua_touserdata(L, lua_upvalueindex(3));
    /* Upvalues are reachable only through the debug library, but never trust them with
     * pointer arithmetic. */
    if (s == NULL || p == NULL || gp == NULL ||
        lua_rawlen(L, lua_upvalueindex(3)) != sizeof(GmatchPos))
        return luaL_error(L, "corrupted gmatch iterator");
    lua_Integer pos = gp->next < 0 ? 0 : gp->next;
    lua_Integer last = gp->last;

    Matcher m;
    fa_matcher_init(&m, L, s, ls, p, lp);
    for (; pos <= (lua_Integer)ls; pos++) {
        matcher_restart(&m);
        charge(&m, 1);
        const char *e = fa_match_here(&m, s + pos, p);
        /* 5.4: an empty match right where the previous match ended is skipped. */
        if (e != NULL && (e - s) != last) {
            gp->next = gp->last = (lua_Integer)(e - s);
            fa_report_steps(&m);
            return fa_push_captures(&m, s + pos, e);
        }
    }
    gp->next = (lua_Integer)ls + 1; /* exhausted: later calls return at once (same result) */
    fa_report_steps(&m);
    return 0;
}

int fa_str_gmatch(lua_State *L) {
    size_t ls, lp;
    luaL_checklstring(L, 1, &ls); /* converts a number subject to a string in place */
    luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) init = ls + 1; /* past the end: the iterator yields nothing */
    lua_settop(L, 2);
    GmatchPos *gp = (GmatchPos *)lua_newuserdatauv(L, sizeof(GmatchPos), 0);
    gp->next = (lua_Integer)init;
    gp->last = -1;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

/* ---------------------------------------------------------------------------------------
 * string.gsub
 * ------------------------------------------------------------------------------------- */

/* Appends the replacement string (argument 3) for match [s, e), expanding %0-%9 and %%. */
static void add_template(Matcher *m, luaL_Buffer *b, const char *s, const char *e) {
    lua_State *L = m->L;
    size_t tl;
    const char *t = lua_tolstring(L, 3, &tl); /* a number is used as its string form */
    const char *tend = t + tl;
    charge(m, 1 + (ptrdiff_t)tl / BULK_BYTES_PER_STEP);
    for (;;) {
        const char *pct = (const char *)memchr(t, PAT_ESC, (size_t)(tend - t));
        if (pct == NULL) break;
        luaL_addlstring(b, t, (size_t)(pct - t));
        char d = (pct + 1 < tend) ? pct[1] : '\0';
        if (d == PAT_ESC) {
            luaL_addchar(b, PAT_ESC);
        } else if (d == '0') {
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (d >= '1' && d <= '9') {
            const char *text = NULL;
            lua_Integer pos = 0;
            ptrdiff_t len = fa_capture_span(m, d - '1', s, e, &text, &pos);
            if (len == CAP_POSITION) {
                lua_pushinteger(L, pos);
                luaL_addvalue(b); /* integer → decimal text, as Lua formats it */
            } else {
                luaL_addlstring(b, text, (size_t)len);
            }
        } else {
            luaL_error(L, "invalid use of '%c' in replacement string", PAT_ESC);
        }
        t = pct + 2;
    }
    luaL_addlstring(b, t, (size_t)(tend - t));
}

/* Appends the replacement for match [s, e); returns whether it differs from the match
 * (a table/function result of false or nil keeps the original text). */
static int add_replacement(Matcher *m, luaL_Buffer *b, const char *s, const char *e, int rtype) {
    lua_State *L = m->L;
    if (rtype == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = fa_push_captures(m, s, e);
        lua_call(L, n, 1);
    } else if (rtype == LUA_TTABLE) {
        fa_push_capture(m, 0, s, e); /* key: first capture, or the whole match */
        lua_gettable(L, 3);
    } else {
        add_template(m, b, s, e);
        return 1;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1))
        return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

int fa_str_gsub(lua_State *L) {
    size_t ls, lp;
    const char *src = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int rtype = lua_type(L, 3);
    /* Argument 4 is checked before argument 3, as in Lua 5.4. */
    lua_Integer max_n = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, rtype == LUA_TNUMBER || rtype == LUA_TSTRING ||
                            rtype == LUA_TFUNCTION || rtype == LUA_TTABLE,
                     3, "string/function/table");
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    int anchored = (lp > 0 && p[0] == '^');
    if (anchored) {
        p++;
        lp--;
    }
    Matcher m;
    fa_matcher_init(&m, L, src, ls, p, lp);
    const char *cur = src;
    const char *last_end = NULL; /* end of the previous match */
    lua_Integer n = 0;
    int changed = 0;
    while (n < max_n) {
        matcher_restart(&m);
        charge(&m, 1);
        const char *e = fa_match_here(&m, cur, p);
        if (e != NULL && e != last_end) { /* 5.4: no empty match where the last one ended */
            n++;
            changed |= add_replacement(&m, &b, cur, e, rtype);
            cur = last_end = e;
        } else if (cur < m.subj_end) {
            luaL_addchar(&b, *cur++);
        } else {
            break;
        }
        if (anchored) break;
    }
    if (!changed) {
        lua_pushvalue(L, 1); /* nothing replaced: the original string itself */
    } else {
        luaL_addlstring(&b, cur, (size_t)(m.subj_end - cur));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, n);
    fa_report_steps(&m);
    return 2;
}
