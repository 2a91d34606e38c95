/*
 * Follows the structure of Lua 5.4's lstrlib.c (Copyright (C) 1994-2024 Lua.org,
 * PUC-Rio, MIT license); see NOTICE at the repository root.
 *
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

#include "fa_strmatch_internal.h"

void fa_report_steps(Matcher *m) {
    long n = m->pending;
    m->pending = 0; /* reset first: the callback may longjmp and never return */
    if (n > 0) fa_strmatch_charge(m->L, n);
}


void fa_matcher_init(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p,
                         size_t lp) {
    m->L = L;
    m->subj = s;
    m->subj_end = s + ls;
    m->pat_end = p + lp;
    m->pending = 0;
    m->depth_left = FA_STRMATCH_MAXDEPTH;
    m->level = 0;
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
 * fa_match_here() matches pattern [p, pat_end) at subject position s and returns the end of
 * the match or NULL. Items that cannot need backtracking (plain characters, %b, %f,
 * back-references) are handled by looping; a quantifier, '?', or a capture boundary
 * recurses for the rest of the pattern, so the recursion depth — bounded by
 * FA_STRMATCH_MAXDEPTH like Lua's MAXCCALLS — grows only with those.
 * ------------------------------------------------------------------------------------- */


/* '*' (and '+' after its first character): take as many as possible, then give back one
 * at a time until the rest of the pattern matches. */
static const char *match_greedy(Matcher *m, const char *s, const char *p, const char *ep) {
    ptrdiff_t n = 0;
    while (item_matches(m, s + n, p, ep)) n++;
    for (; n >= 0; n--) {
        const char *r = fa_match_here(m, s + n, ep + 1);
        if (r != NULL) return r;
    }
    return NULL;
}

/* '-': try the rest of the pattern first, and take one more character only if it fails. */
static const char *match_lazy(Matcher *m, const char *s, const char *p, const char *ep) {
    for (;;) {
        const char *r = fa_match_here(m, s, ep + 1);
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
    const char *r = fa_match_here(m, s, p);
    if (r == NULL) m->level--; /* this attempt failed: forget the capture */
    return r;
}

static const char *close_capture(Matcher *m, const char *s, const char *p) {
    int i = m->level - 1; /* ')' closes the innermost capture still open */
    while (i >= 0 && m->cap[i].len != CAP_OPEN) i--;
    if (i < 0) luaL_error(m->L, "invalid pattern capture");
    m->cap[i].len = s - m->cap[i].start;
    const char *r = fa_match_here(m, s, p);
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

const char *fa_match_here(Matcher *m, const char *s, const char *p) {
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
            const char *r = fa_match_here(m, s + 1, ep + 1); /* with the character... */
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
ptrdiff_t fa_capture_span(Matcher *m, int i, const char *s, const char *e,
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

void fa_push_capture(Matcher *m, int i, const char *s, const char *e) {
    const char *text = NULL;
    lua_Integer pos = 0;
    ptrdiff_t len = fa_capture_span(m, i, s, e, &text, &pos);
    if (len == CAP_POSITION)
        lua_pushinteger(m->L, pos);
    else
        lua_pushlstring(m->L, text, (size_t)len);
}

/* Pushes all captures; when there are none and s != NULL, the whole match instead. */
int fa_push_captures(Matcher *m, const char *s, const char *e) {
    int n = (m->level == 0 && s != NULL) ? 1 : m->level;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++) fa_push_capture(m, i, s, e);
    return n;
}
