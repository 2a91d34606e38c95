/*
 * fa_strmatch.c — Lua 5.4 string patterns with a step budget.
 *
 * Written from the Lua 5.4 reference manual (§6.4 string.find/match/gmatch/gsub, §6.4.1
 * Patterns) and checked case by case against the stock string library (see
 * Tests/CStrmatch). Results and error messages are meant to be identical to Lua 5.4's,
 * including its quirks: pattern errors are detected lazily (only when the matcher reaches
 * the faulty item), the "no specials" shortcut of find, and the 5.4 rule that gmatch/gsub
 * never accept an empty match ending where the previous match ended.
 *
 * The one addition is accounting: every elementary step (an item tried at a subject
 * position, a character compared, a backtracking attempt, a start position scanned) adds
 * to a counter in the Matcher; every FA_STRMATCH_CHARGE_EVERY steps the counter is handed
 * to fa_strmatch_charge(), which may raise a Lua error to stop a runaway match.
 *
 * Memory: nothing is malloc'ed. The Matcher (captures, counters) lives on the C stack,
 * gmatch keeps its position in a small userdata upvalue of the iterator closure and gsub
 * builds its result in a luaL_Buffer; a longjmp out of any point therefore leaks nothing,
 * and the code is reentrant (no static mutable data).
 *
 * Deliberate differences from lstrlib, none visible to well-behaved scripts: a gmatch
 * iterator raises its errors (and charges steps) on the coroutine that calls it, not the
 * one that created it; an exhausted gmatch iterator does not rescan; and an iterator whose
 * upvalues were swapped through the debug library fails with "corrupted gmatch iterator"
 * instead of reading out of bounds.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

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

static void report_steps(Matcher *m) {
    long n = m->pending;
    m->pending = 0; /* reset first: the callback may longjmp and never return */
    if (n > 0) fa_strmatch_charge(m->L, n);
}

/* Hot path: one add and one compare; the call happens only every ~256 steps. */
static inline void charge(Matcher *m, long n) {
    m->pending += n;
    if (m->pending >= FA_STRMATCH_CHARGE_EVERY) report_steps(m);
}

static void matcher_init(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p,
                         size_t lp) {
    m->L = L;
    m->subj = s;
    m->subj_end = s + ls;
    m->pat_end = p + lp;
    m->pending = 0;
    m->depth_left = FA_STRMATCH_MAXDEPTH;
    m->level = 0;
}

/* Before each attempt at a new start position: no captures, full nesting allowance. */
static inline void matcher_restart(Matcher *m) {
    m->level = 0;
    m->depth_left = FA_STRMATCH_MAXDEPTH;
}

/* ---------------------------------------------------------------------------------------
 * Single-character classes
 * ------------------------------------------------------------------------------------- */

/* Does byte c belong to the class written "%<cls>"? Uses <ctype.h> like Lua, so the
 * classes follow the C locale. An escaped non-letter ("%.", "%%") stands for itself, and
 * so does an escaped letter that names no class. %z (the '\0' byte) is the deprecated
 * 5.1 class, which the 5.4 library still honours. */
static int in_class(int c, int cls) {
    int r;
    /* The class letters are ASCII; spelling both cases out avoids a tolower() call on
     * this hot path. */
    switch (cls) {
    case 'a': case 'A': r = isalpha(c); break;
    case 'c': case 'C': r = iscntrl(c); break;
    case 'd': case 'D': r = isdigit(c); break;
    case 'g': case 'G': r = isgraph(c); break;
    case 'l': case 'L': r = islower(c); break;
    case 'p': case 'P': r = ispunct(c); break;
    case 's': case 'S': r = isspace(c); break;
    case 'u': case 'U': r = isupper(c); break;
    case 'w': case 'W': r = isalnum(c); break;
    case 'x': case 'X': r = isxdigit(c); break;
    case 'z': case 'Z': r = (c == 0); break; /* not in the 5.4 manual; 5.4 still accepts it */
    default: return cls == c;
    }
    if (cls < 'a') r = !r; /* an upper-case class letter is the complement */
    return r != 0;
}

/* Does byte c belong to the set whose '[' is at `open` and whose closing ']' is at
 * `close`? (item_end has already validated the set's shape.) */
static int in_set(Matcher *m, int c, const char *open, const char *close) {
    const char *q = open + 1;
    int negated = 0, found = 0;
    if (*q == '^') {
        negated = 1;
        q++;
    }
    const char *first = q;
    /* The first member is taken literally even if it is ']' — that is how "[]]" works. */
    for (; q < close; q++) {
        if (*q == PAT_ESC) {
            q++; /* always < close: an escape never swallows the closing ']' */
            if (in_class(c, uch(*q))) { found = 1; break; }
        } else if (q + 2 < close && q[1] == '-') {
            /* a range "x-y"; a '-' right before ']' is a literal */
            if (uch(q[0]) <= c && c <= uch(q[2])) { found = 1; break; }
            q += 2;
        } else if (uch(*q) == c) {
            found = 1;
            break;
        }
    }
    charge(m, 1 + (q - first) / 4); /* long sets cost in proportion to their length */
    return found != negated;
}

/* Where does the single-character class starting at p end? Raises Lua's errors for a
 * trailing '%' and an unclosed set. */
static const char *item_end(Matcher *m, const char *p) {
    const char *pe = m->pat_end;
    char c = *p++;
    if (c == PAT_ESC) {
        if (p >= pe) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c == '[') {
        const char *start = p;
        if (p < pe && *p == '^') p++;
        do { /* consume one member at a time until a ']' follows it */
            if (p >= pe) luaL_error(m->L, "malformed pattern (missing ']')");
            c = *p++;
            if (c == PAT_ESC && p < pe) p++; /* "%]" is a member, not the end */
        } while (p >= pe || *p != ']');
        charge(m, (p - start) / 4);
        return p + 1;
    }
    return p;
}

/* Does the class [p, ep) match the subject byte at s? Never matches at the end. */
static inline int item_matches(Matcher *m, const char *s, const char *p, const char *ep) {
    charge(m, 1);
    if (s >= m->subj_end) return 0;
    int c = uch(*s);
    switch (*p) {
    case '.': return 1;
    case PAT_ESC: return in_class(c, uch(p[1]));
    case '[': return in_set(m, c, p, ep - 1);
    default: return uch(*p) == c;
    }
}

/* ---------------------------------------------------------------------------------------
 * The backtracking matcher
 *
 * match_here() matches pattern [p, pat_end) at subject position s and returns the end of
 * the match or NULL. Items that cannot need backtracking (plain characters, %b, %f,
 * back-references) are handled by looping; a quantifier, '?', or a capture boundary
 * recurses for the rest of the pattern, so the recursion depth — bounded by
 * FA_STRMATCH_MAXDEPTH like Lua's MAXCCALLS — grows only with those.
 * ------------------------------------------------------------------------------------- */

static const char *match_here(Matcher *m, const char *s, const char *p);

/* '*' (and '+' after its first character): take as many as possible, then give back one
 * at a time until the rest of the pattern matches. */
static const char *match_greedy(Matcher *m, const char *s, const char *p, const char *ep) {
    ptrdiff_t n = 0;
    while (item_matches(m, s + n, p, ep)) n++;
    for (; n >= 0; n--) {
        const char *r = match_here(m, s + n, ep + 1);
        if (r != NULL) return r;
    }
    return NULL;
}

/* '-': try the rest of the pattern first, and take one more character only if it fails. */
static const char *match_lazy(Matcher *m, const char *s, const char *p, const char *ep) {
    for (;;) {
        const char *r = match_here(m, s, ep + 1);
        if (r != NULL) return r;
        if (!item_matches(m, s, p, ep)) return NULL;
        s++;
    }
}

static const char *open_capture(Matcher *m, const char *s, const char *p, ptrdiff_t kind) {
    if (m->level >= FA_STRMATCH_MAXCAPTURES) luaL_error(m->L, "too many captures");
    m->cap[m->level].start = s;
    m->cap[m->level].len = kind;
    m->level++;
    const char *r = match_here(m, s, p);
    if (r == NULL) m->level--; /* this attempt failed: forget the capture */
    return r;
}

static const char *close_capture(Matcher *m, const char *s, const char *p) {
    int i = m->level - 1; /* ')' closes the innermost capture still open */
    while (i >= 0 && m->cap[i].len != CAP_OPEN) i--;
    if (i < 0) luaL_error(m->L, "invalid pattern capture");
    m->cap[i].len = s - m->cap[i].start;
    const char *r = match_here(m, s, p);
    if (r == NULL) m->cap[i].len = CAP_OPEN; /* reopen for the caller's next attempt */
    return r;
}

/* %bxy at s, with p pointing at x. */
static const char *match_balanced(Matcher *m, const char *s, const char *p) {
    if (p + 1 >= m->pat_end) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    charge(m, 1);
    if (s >= m->subj_end || *s != p[0]) return NULL;
    char open = p[0], close = p[1];
    ptrdiff_t nesting = 1;
    while (++s < m->subj_end) {
        charge(m, 1);
        if (*s == close) { /* checked first, so %bxx pairs consecutive x's */
            if (--nesting == 0) return s + 1;
        } else if (*s == open) {
            nesting++;
        }
    }
    return NULL;
}

/* %1..%9 at s: the same bytes as an earlier, closed capture. */
static const char *match_backref(Matcher *m, const char *s, int digit) {
    int i = digit - '1';
    if (i < 0 || i >= m->level || m->cap[i].len == CAP_OPEN)
        luaL_error(m->L, "invalid capture index %%%d", i + 1);
    ptrdiff_t len = m->cap[i].len;
    if (len < 0) return NULL; /* a position capture has no text, so never matches */
    charge(m, 1 + len / BULK_BYTES_PER_STEP);
    if (m->subj_end - s >= len && memcmp(m->cap[i].start, s, (size_t)len) == 0) return s + len;
    return NULL;
}

static const char *match_here(Matcher *m, const char *s, const char *p) {
    if (m->depth_left == 0) luaL_error(m->L, "pattern too complex");
    m->depth_left--;
    const char *pe = m->pat_end;
    const char *res;
    for (;;) {
        charge(m, 1);
        if (p == pe) { /* whole pattern consumed */
            res = s;
            break;
        }
        if (*p == '(') {
            if (p + 1 < pe && p[1] == ')')
                res = open_capture(m, s, p + 2, CAP_POSITION);
            else
                res = open_capture(m, s, p + 1, CAP_OPEN);
            break;
        }
        if (*p == ')') {
            res = close_capture(m, s, p + 1);
            break;
        }
        if (*p == '$' && p + 1 == pe) { /* '$' anchors only as the last pattern byte */
            res = (s == m->subj_end) ? s : NULL;
            break;
        }
        if (*p == PAT_ESC && p + 1 < pe) {
            char k = p[1];
            if (k == 'b') {
                s = match_balanced(m, s, p + 2);
                if (s == NULL) { res = NULL; break; }
                p += 4;
                continue;
            }
            if (k == 'f') {
                p += 2;
                if (p >= pe || *p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
                const char *ep = item_end(m, p);
                /* Outside the subject the neighbour is '\0', so %f[%w] matches at both
                 * ends of a word at the edges of the string. */
                int before = (s == m->subj) ? 0 : uch(s[-1]);
                int here = (s < m->subj_end) ? uch(*s) : 0;
                if (!in_set(m, before, p, ep - 1) && in_set(m, here, p, ep - 1)) {
                    p = ep;
                    continue;
                }
                res = NULL;
                break;
            }
            if (k >= '0' && k <= '9') {
                s = match_backref(m, s, k);
                if (s == NULL) { res = NULL; break; }
                p += 2;
                continue;
            }
            /* any other escape is a single-character class: fall through */
        }

        /* A single-character class, possibly followed by a quantifier. */
        const char *ep = item_end(m, p);
        char quant = (ep < pe) ? *ep : '\0';
        if (!item_matches(m, s, p, ep)) {
            if (quant == '*' || quant == '?' || quant == '-') { /* zero occurrences */
                p = ep + 1;
                continue;
            }
            res = NULL;
            break;
        }
        if (quant == '?') {
            const char *r = match_here(m, s + 1, ep + 1); /* with the character... */
            if (r != NULL) { res = r; break; }
            p = ep + 1; /* ...or without it */
            continue;
        }
        if (quant == '+') { res = match_greedy(m, s + 1, p, ep); break; }
        if (quant == '*') { res = match_greedy(m, s, p, ep); break; }
        if (quant == '-') { res = match_lazy(m, s, p, ep); break; }
        s++; /* exactly one occurrence */
        p = ep;
    }
    m->depth_left++;
    return res;
}

/* ---------------------------------------------------------------------------------------
 * Captures → Lua values
 * ------------------------------------------------------------------------------------- */

/* Capture i of a successful match [s, e). With no captures at all, capture 0 is the
 * whole match. Returns the length, or CAP_POSITION with *pos set to the 1-based position. */
static ptrdiff_t capture_span(Matcher *m, int i, const char *s, const char *e,
                              const char **text, lua_Integer *pos) {
    if (i >= m->level) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        *text = s;
        return e - s;
    }
    ptrdiff_t len = m->cap[i].len;
    if (len == CAP_OPEN) luaL_error(m->L, "unfinished capture");
    if (len == CAP_POSITION) {
        *pos = (lua_Integer)(m->cap[i].start - m->subj) + 1;
        return CAP_POSITION;
    }
    *text = m->cap[i].start;
    return len;
}

static void push_capture(Matcher *m, int i, const char *s, const char *e) {
    const char *text = NULL;
    lua_Integer pos = 0;
    ptrdiff_t len = capture_span(m, i, s, e, &text, &pos);
    if (len == CAP_POSITION)
        lua_pushinteger(m->L, pos);
    else
        lua_pushlstring(m->L, text, (size_t)len);
}

/* Pushes all captures; when there are none and s != NULL, the whole match instead. */
static int push_captures(Matcher *m, const char *s, const char *e) {
    int n = (m->level == 0 && s != NULL) ? 1 : m->level;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++) push_capture(m, i, s, e);
    return n;
}

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
        matcher_init(&m, L, s, ls, p, lp);
        const char *hit = plain_find(&m, s + init, ls - init, p, lp);
        report_steps(&m);
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
    matcher_init(&m, L, s, ls, p, lp);
    const char *start = s + init;
    for (;;) { /* every start position, including the empty match at the very end */
        matcher_restart(&m);
        charge(&m, 1);
        const char *e = match_here(&m, start, p);
        if (e != NULL) {
            report_steps(&m);
            if (!is_find) return push_captures(&m, start, e);
            lua_pushinteger(L, (lua_Integer)(start - s) + 1);
            lua_pushinteger(L, (lua_Integer)(e - s));
            return 2 + push_captures(&m, NULL, NULL);
        }
        if (anchored || start >= m.subj_end) break;
        start++;
    }
    report_steps(&m);
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
    matcher_init(&m, L, s, ls, p, lp);
    for (; pos <= (lua_Integer)ls; pos++) {
        matcher_restart(&m);
        charge(&m, 1);
        const char *e = match_here(&m, s + pos, p);
        /* 5.4: an empty match right where the previous match ended is skipped. */
        if (e != NULL && (e - s) != last) {
            gp->next = gp->last = (lua_Integer)(e - s);
            report_steps(&m);
            return push_captures(&m, s + pos, e);
        }
    }
    gp->next = (lua_Integer)ls + 1; /* exhausted: later calls return at once (same result) */
    report_steps(&m);
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
            ptrdiff_t len = capture_span(m, d - '1', s, e, &text, &pos);
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
        int n = push_captures(m, s, e);
        lua_call(L, n, 1);
    } else if (rtype == LUA_TTABLE) {
        push_capture(m, 0, s, e); /* key: first capture, or the whole match */
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
    matcher_init(&m, L, src, ls, p, lp);
    const char *cur = src;
    const char *last_end = NULL; /* end of the previous match */
    lua_Integer n = 0;
    int changed = 0;
    while (n < max_n) {
        matcher_restart(&m);
        charge(&m, 1);
        const char *e = match_here(&m, cur, p);
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
    report_steps(&m);
    return 2;
}
