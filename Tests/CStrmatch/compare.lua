-- compare.lua — runs the same calls through the stock string library (string.find, ...)
-- and the budgeted matcher (fa.find, ...) and requires identical results: every return
-- value (count, types, integer vs float), error messages, the arguments gsub passes to a
-- replacement function, and what gmatch iterators yield.
--
-- Usage (from harness): compare.lua [nobench] [fuzz=N] [seed=S]
--   nobench: skip the timing comparisons and the "stopped within 1 s" check (for
--            sanitizer/valgrind runs, which are 10-50x slower)
--   fuzz=N:  number of random pattern/subject pairs (default 6000), seed=S: their seed
-- Returns the number of failures to the C harness.

local fa = fa
local NOBENCH, FUZZ, SEED = false, 6000, 20240607
for _, a in ipairs(arg or {}) do
  if a == "nobench" then NOBENCH = true end
  if a:match("^fuzz=%d+$") then FUZZ = tonumber(a:sub(6)) end
  if a:match("^seed=%d+$") then SEED = tonumber(a:sub(6)) end
end

local passed, failed = 0, 0
local shown = 0

local function pack(...) return { n = select("#", ...), ... } end

-- Canonical text of a value: distinguishes integer/float, escapes bytes, recurses tables.
local function ser(v)
  local t = type(v)
  if t == "string" then return string.format("%q", v)
  elseif t == "number" then
    if math.type(v) == "integer" then return "i" .. tostring(v) end
    return "f" .. string.format("%.17g", v)
  elseif t == "table" then
    local parts = {}
    local n = rawget(v, "n") or rawlen(v)
    for i = 1, n do parts[#parts + 1] = ser(v[i]) end
    return "{" .. table.concat(parts, ",") .. "}"
  else return tostring(v) end
end

-- Calls f through a Lua frame where it is the local 'f', so an argument error names the
-- function 'f' for both implementations (pcall(string.find, ...) would say 'string.find'
-- for one and '?' for the other).
local function call(f, ...)
  local r = pack(f(...))
  return r
end

local function outcome(f, ...)
  local ok, r = pcall(call, f, ...)
  if ok then return "ok " .. ser(r) end
  return "error " .. ser(r)
end

local function report(name, args, a, b)
  if a == b then
    passed = passed + 1
  else
    failed = failed + 1
    if shown < 40 then
      shown = shown + 1
      print(("MISMATCH %s(%s)\n  stock: %s\n  fa:    %s"):format(name, args, a, b))
    end
  end
end

local function argtext(...)
  local t = pack(...)
  local parts = {}
  for i = 1, t.n do parts[i] = ser(t[i]) end
  return table.concat(parts, ", ")
end

-- find / match / gsub with plain (non-function) arguments
local function same(name, ...)
  report(name, argtext(...), outcome(string[name], ...), outcome(fa[name], ...))
end

-- gmatch: everything the iterator yields (up to a cap), including a final error
local function gm_all(g, ...)
  local it = g(...)
  local out = {}
  for _ = 1, 500 do
    local r = pack(it())
    out[#out + 1] = ser(r)
    if r[1] == nil then break end
  end
  -- after exhaustion the iterator must keep returning nothing
  out[#out + 1] = ser(pack(it()))
  return table.concat(out, " ")
end

local function same_gmatch(...)
  report("gmatch", argtext(...), outcome(gm_all, string.gmatch, ...), outcome(gm_all, fa.gmatch, ...))
end

-- gsub with a replacement function: also compare every call's arguments
local function same_gsub_fn(s, p, mk, n)
  local function go(gsub)
    local log = {}
    local f = mk(log)
    local r = outcome(gsub, s, p, f, n)
    return r .. " log=" .. table.concat(log, ";")
  end
  report("gsub/fn", argtext(s, p, n), go(string.gsub), go(fa.gsub))
end

local function logger(ret)
  return function(log)
    return function(...)
      log[#log + 1] = ser(pack(...))
      return ret(...)
    end
  end
end

------------------------------------------------------------------------------------------
-- 1. Cross product of subjects and patterns
------------------------------------------------------------------------------------------

local subjects = {
  "", "a", "aaa", "abab", "hello world", "  padded both sides  ", "abc123def456",
  "THE (quick) [brown] fox.", "a,b,,c,", "x = 10; y = 20; z=-3.5e2",
  "\0a\0b\0", "caf\195\169 \195\177 \230\151\165\230\156\172", -- UTF-8 bytes
  "[[nested (parens (deep)) here]] f(a(b)c)d", "line one\n\tline two\r\n",
  "%d+ and %% literal $^", "a.b.c..d", "key=val&k2=v2&&k3=", "\127\128\255\1\31 \11\12",
  "0x1F 12.5 -7 +8", "ABCabc_xyz-123", "))((", "aaabbbccc", "mississippi",
  "The quick brown fox jumps over the lazy dog", "\t \n", "((a)) [b] {c} <d>",
}

local patterns = {
  -- plain text (no specials: find takes the plain-search shortcut)
  "", "a", "ab", "world", "xyz", "a)", "]", "}", "\0", "a\0b", "\0a",
  -- classes and their complements
  ".", "%a", "%A", "%c", "%C", "%d", "%D", "%g", "%G", "%l", "%L", "%p", "%P",
  "%s", "%S", "%u", "%U", "%w", "%W", "%x", "%X", "%z", "%Z", "%.", "%%", "%-", "%]",
  "%a+", "%d+", "%s+", "%w+", "%x+", "%p+", "%c+", "%g+", "%u%l+", "%S+", "%D+",
  -- sets
  "[abc]", "[^abc]", "[a-c]+", "[^a-c]+", "[%a_][%w_]*", "[%d%.]+", "[]]", "[^]]",
  "[]a]+", "[a-]", "[-a]", "[%-]", "[%]]", "[a%-z]+", "[%w%s]+", "[^%w%s]", "[\0]",
  "[\0-\31]+", "[\128-\255]+", "[z-a]", "[a-a]", "[%a-z]", "[!-%]]", "[^%]]+", "[.]",
  "[(]", "[%%]", "[^\0]+", "[a-c-e]", "[%D%S]",
  -- anchors
  "^a", "^", "$", "^$", "a$", "^%s*(.-)%s*$", "^(%w+)", "%$", "%^", "a^", "$a", "^^",
  "^$$", "x$", "c$",
  -- quantifiers
  "a*", "a+", "a-", "a?", "a?b", "a*b", "a-b", "a+b", ".-", ".*", ".+", ".?", ".-b",
  ".-%s", "%d*", "%d-", "%w*%d", "[ab]*", "[ab]-c", "b+$", "%s*$", "x*", "x-", "x?",
  "a-$", "a*$", ".-$", "^.-$",
  -- captures
  "()", "(a)", "(a)(b)", "(%w+)=(%w*)", "(%d+)", "()a()", "(a*(.)%w(%s*))", "((a)b)",
  "(.)%1", "(%a)%1", "((%a)%2)", "(a)%1", "(.-)(%d)", "()", "(()a)", "((()))",
  "(.)(.)(.)", "(h)(e)(l)(l)(o)", "(%s*)", "(x?)", "([^,]*)", "(%w+)%s*(%w+)",
  -- balances and frontiers
  "%b()", "%b[]", "%b{}", "%bab", "%b))", "%b((", "(%b())", "f%b()", "%f[%w]%w+",
  "%f[%a]", "%f[%A]", "%f[%s]", "%f[%z]", "%f[%w_]", "%f[^%w]", "%f[%d]%d+%f[%D]",
  "%f[\0]", "%f[%l]%l", "%f[a-z]",
  -- malformed / error-raising (errors only when the matcher reaches the item)
  "%", "a%", "[a", "[", "[^", "[]", "[^]", "[a%", "(", ")", "(()", "a)b", "(a", "%b",
  "%bx", "%f", "%fx", "%1", "%0", "(a)%2", "(a%1)", "%9", "x[", "(.)%1%2", "[%a",
}

local inits = { nil, 0, 1, 2, -1, -3, 5, 100, -100 }

for _, s in ipairs(subjects) do
  for _, p in ipairs(patterns) do
    same("find", s, p)
    same("match", s, p)
    same_gmatch(s, p)
    same("gsub", s, p, "<%0>")
    same("gsub", s, p, "[%1]")
    same("gsub", s, p, "%%")
    same("gsub", s, p, "#", 2)
  end
end

-- init edge cases for find/match/gmatch over a smaller pattern set
local initpats = { "", "a", "a*", "%w+", "(%w)()", ".-", "$", "^a", "b", "%f[%w]" }
local initsubs = { "", "a", "abab", "aXa bb", "hello" }
local initvals = { 0, 1, 2, 3, 4, 5, 6, 7, -1, -2, -4, -5, -6, -7, -100, 100,
  math.maxinteger, math.mininteger, math.mininteger + 1, 2.0, "3", -1.0 }
for _, s in ipairs(initsubs) do
  for _, p in ipairs(initpats) do
    for _, i in ipairs(initvals) do
      same("find", s, p, i)
      same("find", s, p, i, true)
      same("match", s, p, i)
      same_gmatch(s, p, i)
    end
  end
end

------------------------------------------------------------------------------------------
-- 2. Targeted cases
------------------------------------------------------------------------------------------

-- find: plain flag and the no-specials shortcut
for _, plain in ipairs({ true, false, 1, "yes", 0 }) do
  same("find", "a.b*c", ".", 1, plain)
  same("find", "a.b*c", "b*", 1, plain)
  same("find", "a.b*c", "", 3, plain)
  same("find", "a.b*c", "", 6, plain)
  same("find", "a.b*c", "", 7, plain)
  same("find", "a.b*c", "c", -1, plain)
  same("find", "a.b*c", "%", 1, plain)
  same("find", "a.b*c", "[", 1, plain)
  same("find", "abcabc", "bc", 3, plain)
  same("find", "aaab", "aab", 1, plain)
  same("find", "\0\0x", "\0x", 1, plain)
  same("find", "x", "xx", 1, plain)
end
same("find", "a)b", "a)") -- no specials: found literally
same("match", "a)b", "a)") -- through the matcher: error
same("find", "a]b", "]b")
same("find", "12345", 3)  -- number pattern
same("find", 12345, "3")  -- number subject
same("match", 3.5, "%.")
same("gsub", 12345, 3, 9)
same("gsub", "abc", "b", 2.5)
same("gsub", "abc", "b", 7)
same_gmatch(12345, "%d")

-- argument errors
same("find", nil, "a")
same("find", "a", nil)
same("find", {}, "a")
same("find", "a", "a", "x")
same("find", "a", "a", 1.5)
same("find", "a", "a", {})
same("match", nil)
same("match", "a", "a", 2.5)
same("gsub", "a", "a", nil)
same("gsub", "a", "a", true)
same("gsub", "a", "a", nil, "x")
same("gsub", "a", "a", "b", "x")
same("gsub", "a", "a", "b", 1.5)
same("gsub", nil, "a", "b")
same("gsub", "a", nil, "b")
same("gsub")
same_gmatch(nil, "a")
same_gmatch("a", nil)
same_gmatch("a", "a", "x")
same_gmatch("a", "a", 1.5)

-- gsub replacement strings
local reps = { "", "x", "%0", "%1", "%2", "%9", "%%", "%", "a%", "%x", "%%%1%%", "<%1|%2>",
  "%0%0", "\0%1\0", "%a", "%-", "%10", 42, 4.5, -0.0, 1e300 }
local gpats = { "a", "(a)", "(a)(b)", "()", "(a)()", "%w", "(%w)(%w)", "", "x*", "(%w+)",
  "^a", "^(a)", "b$", "(", "((a)" }
for _, r in ipairs(reps) do
  for _, p in ipairs(gpats) do
    same("gsub", "abcab", p, r)
    same("gsub", "abcab", p, r, 1)
  end
end

-- gsub n
for _, n in ipairs({ 0, 1, 2, 3, 10, -1, math.mininteger, math.maxinteger, 2.0, "2" }) do
  same("gsub", "a b c d", "%w", "X", n)
  same("gsub", "a b c d", "", "-", n)
  same("gsub", "aaa", "a*", "-", n)
  same("gsub", "abc", "^", ">", n)
end

-- gsub with tables
local tab = { a = "A", b = false, c = 1, d = 2.5, e = {}, ab = "AB", [1] = "one", [3] = "three",
  f = true }
for _, p in ipairs({ "%w", "(%w)", "(%w)(%w)", "()", "()%w", "%w+", "(%w)%w", "x*", "e",
  "f", "(" }) do
  same("gsub", "abcdx1", p, tab)
  same("gsub", "abcab", p, tab, 2)
end
same("gsub", "abc", "%w", setmetatable({}, { __index = function(_, k) return k:upper() end }))
same("gsub", "abc", "%w", setmetatable({}, { __index = function(_, k) error("idx " .. k) end }))

-- gsub with functions: returned values and the arguments received
local rets = {
  function() return nil end,
  function() return false end,
  function(...) return table.concat({ ... }, "|") end,
  function(a) return a .. a end,
  function() return 7 end,
  function() return 1.5 end,
  function() return {} end,
  function() return true end,
  function() return "x", "ignored" end,
  function() end,
  function(a) error("cb " .. tostring(a)) end,
  function(a) return (tostring(a)) end,
}
local fpats = { "%w", "(%w)", "(%w)(%w)", "()", "()(%w)()", "", "x*", "%w+", "^%w", "(%w)$",
  "(", "%b()" }
for _, r in ipairs(rets) do
  for _, p in ipairs(fpats) do
    same_gsub_fn("ab c(d)", p, logger(r))
    same_gsub_fn("ab c(d)", p, logger(r), 2)
  end
end
-- a callback that itself uses the same matcher (reentrancy)
do
  local function nested(gsub)
    return outcome(gsub, "one two", "%a+", function(w) return (gsub(w, "%a", function(c)
      return gsub(c, ".", "<%0>") end)) end)
  end
  report("gsub/nested", "", nested(string.gsub), nested(fa.gsub))
end

-- gmatch specifics
for _, s in ipairs({ "abc", "", "a,b,,c", "hello world from lua", " x ", "aaa" }) do
  for _, p in ipairs({ "%w*", "%w+", "", "(%w*)", "()", "(%w)()", "[^,]*", "^%w", "^",
    "a*", ",?", "x*", "%s*", "(%w+) ?", "$", "%w-", "(", "(()", "%" }) do
    same_gmatch(s, p)
    same_gmatch(s, p, 2)
    same_gmatch(s, p, -2)
  end
end

-- embedded zeros, in subjects and in patterns
local zs = { "\0", "a\0b", "\0\0\0", "x\0y\0z", "\0ab\0", "%\0" }
local zp = { "\0", "\0+", "[\0]", "[^\0]+", "%z", "%\0", "a\0", "\0*", "%c", "%C+", "%b\0\0",
  "%bab", "%f[\0]", "%f[%Z]", "(\0)(.)", "[\0-a]+", "\0$", "^\0", "(.)\0%1" }
for _, s in ipairs(zs) do
  for _, p in ipairs(zp) do
    same("find", s, p)
    same("match", s, p)
    same_gmatch(s, p)
    same("gsub", s, p, "<%0>")
  end
end

-- UTF-8 (bytes, not characters)
local u = "h\195\169llo w\195\182rld \226\130\172 \240\159\152\128"
for _, p in ipairs({ "[\128-\191]", "[\192-\255][\128-\191]*", "%a+", "[%z\1-\127\194-\244][\128-\191]*",
  ".", "\195\169", "[\195\169]+", "%W+", "%g+", "%p", "\226\130\172" }) do
  same("find", u, p)
  same("match", u, p)
  same_gmatch(u, p)
  same("gsub", u, p, "[%0]")
end

-- every byte against every class
do
  local all = {}
  for c = 0, 255 do all[#all + 1] = string.char(c) end
  all = table.concat(all)
  for _, cl in ipairs({ "a", "c", "d", "g", "l", "p", "s", "u", "w", "x" }) do
    same("gsub", all, "%" .. cl, "")
    same("gsub", all, "%" .. cl:upper(), "")
    same("gsub", all, "[%" .. cl .. "]", "")
    same("gsub", all, "[^%" .. cl .. "]", "")
  end
  for c = 0, 255 do
    local ch = string.char(c)
    same("find", all, "%" .. ch)
    same("find", all, "[" .. ch .. "]")
    same("find", all, "[^" .. ch .. "]+")
  end
end

-- recursion limit ("pattern too complex") around the exact boundary, and capture count
for k = 190, 205 do
  same("find", string.rep("a", k), string.rep("a?", k))
  same("match", string.rep("a", k), string.rep("a*", k))
  same("find", string.rep("a", 3), string.rep("a-", k) .. "b")
end
for k = 30, 34 do
  same("match", string.rep("a", 40), string.rep("(a)", k))
  same("match", string.rep("a", 40), string.rep("(", k) .. string.rep(")", k))
  same("find", "x", string.rep("()", k))
end

-- back-references to position captures and to long captures
same("find", "aa", "()%1")
same("match", string.rep("ab", 500), "^((ab)+)%1?$")
same("match", string.rep("xy", 300) .. string.rep("xy", 300), "^(.+)%1$")

-- long %b and a long set
same("find", string.rep("(", 5000) .. string.rep(")", 5000), "%b()")
same("find", string.rep("(", 5000) .. string.rep(")", 4999), "%b()")
same("find", string.rep("b", 3000) .. "a", "[" .. string.rep("xyz", 1000) .. "a]")

-- gmatch iterators used from another coroutine than the one that made them
do
  local function co_test(gmatch)
    local it = gmatch("alpha beta gamma", "%a+")
    local out = {}
    local co = coroutine.wrap(function()
      out[#out + 1] = it()
      coroutine.yield()
      out[#out + 1] = it()
    end)
    co()
    out[#out + 1] = it()
    co()
    out[#out + 1] = tostring((it()))
    return table.concat(out, ",")
  end
  report("gmatch/coroutine", "", co_test(string.gmatch), co_test(fa.gmatch))
  -- a gsub callback may not yield (C-call boundary) in either implementation
  local function yield_test(gsub)
    local co = coroutine.create(function()
      return gsub("ab", "%w", function(c) coroutine.yield(c) return c end)
    end)
    return ser(pack(coroutine.resume(co)))
  end
  report("gsub/yield", "", yield_test(string.gsub), yield_test(fa.gsub))
end

------------------------------------------------------------------------------------------
-- 3. Random patterns and subjects (fixed seed)
------------------------------------------------------------------------------------------

do
  math.randomseed(SEED)
  local toks = { "a", "b", "c", " ", ".", "%a", "%d", "%s", "%w", "%W", "[ab]", "[^a]",
    "[a-c]", "[%d ]", "%b()", "%f[%w]", "%f[%s]", "(", ")", "()", "%1", "%2", "\0", "1",
    "*", "+", "-", "?", "$", "^", "%", "[", "]", "%(", "%)", "%bab", "%b((", "[%]]", "[a-]",
    "[]a]", "%f[^ ]", "%f", "%z", "%Z", "%S", "[%w(]", "(%1)", "%b", "[^%s]" }
  local quant = { "*", "+", "-", "?" }
  local sub_alpha = { "a", "b", "c", " ", "(", ")", "1", "2", "\0", "\255" }
  local function rand_pattern()
    local parts, nq = {}, 0
    if math.random(6) == 1 then parts[1] = "^" end
    for _ = 1, math.random(0, 7) do
      local t = toks[math.random(#toks)]
      if t == "*" or t == "+" or t == "-" or t == "?" then
        nq = nq + 1
        if nq > 3 then t = "a" end -- keep the stock matcher's backtracking bounded
      end
      parts[#parts + 1] = t
      if math.random(5) == 1 and nq < 3 then
        nq = nq + 1
        parts[#parts + 1] = quant[math.random(#quant)]
      end
    end
    return table.concat(parts)
  end
  local function rand_subject()
    local parts = {}
    for i = 1, math.random(0, 14) do parts[i] = sub_alpha[math.random(#sub_alpha)] end
    return table.concat(parts)
  end
  for _ = 1, FUZZ do
    local s, p = rand_subject(), rand_pattern()
    local init = (math.random(4) == 1) and math.random(-5, 16) or nil
    same("find", s, p, init)
    same("match", s, p, init)
    same_gmatch(s, p, init)
    same("gsub", s, p, "<%0%1>", (math.random(3) == 1) and math.random(0, 3) or nil)
    same("gsub", s, p, { a = "A", [1] = 1, [" "] = false, ["ab"] = "X" })
    same_gsub_fn(s, p, logger(function(a) return a end))
  end
end

------------------------------------------------------------------------------------------
-- 4. Budget: runaway patterns must be stopped promptly
------------------------------------------------------------------------------------------

local function budget_case(label, f, ...)
  local budget = 10000000
  fa.setbudget(budget)
  local t0 = fa.now()
  local ok, err = pcall(f, ...)
  local dt = fa.now() - t0
  local total, calls, maxchunk = fa.steps()
  fa.setbudget(nil)
  local good = (not ok) and tostring(err):find("pattern budget exhausted", 1, true) ~= nil
    and (dt < 1.0 or NOBENCH) and total - budget <= math.max(1024, maxchunk + 256)
  print(("budget %-34s %s after %.3f s, %d steps (overshoot %d, %d charges, largest %d)")
    :format(label, ok and "NOT STOPPED" or "stopped", dt, total, total - budget, calls, maxchunk))
  report("budget/" .. label, "", "stopped", good and "stopped" or ("not: " .. tostring(err)))
end

local big = string.rep("a", 3000)
budget_case("find .-x8 b (n=3000)", fa.find, big, ".-.-.-.-.-.-.-.-b")
budget_case("match .-x8 b (n=3000)", fa.match, big, ".-.-.-.-.-.-.-.-b")
budget_case("gsub .*x8 b (n=3000)", fa.gsub, big, ".*.*.*.*.*.*.*.*b", "")
budget_case("gmatch (a*)*-like (n=3000)", function()
  for _ in fa.gmatch(big, "a-a-a-a-a-a-a-a-b") do end
end)
budget_case("back-refs (x+)%1... (n=3000)", fa.find, big, "(a+)(a-)%1%2(a*)%3b")
budget_case("%b in a loop (n=20000)", fa.gsub, string.rep("(", 20000), "%b()", "")
budget_case("long set (n=3000)", fa.find, big, ".-[" .. string.rep("xyz", 2000) .. "]")
budget_case("plain find worst case", fa.find, string.rep("a", 1000000),
  string.rep("a", 500000) .. "b", 1, true)
budget_case("gsub callback loop", fa.gsub, big, "a-.-.-.-.-b", function() end)

-- The same shape through the stock library, on much smaller inputs (a note, not a test):
-- the work grows like n^(k+1)/k! and no hook can interrupt it.
if not NOBENCH then
  for _, n in ipairs({ 20, 40, 80 }) do
    local s = string.rep("a", n)
    local t0 = fa.now()
    string.find(s, ".-.-.-.-b")
    local dt = fa.now() - t0
    fa.setbudget(nil)
    fa.find(s, ".-.-.-.-b")
    local steps = fa.steps()
    print(("note: stock string.find(('a'):rep(%d), '.-.-.-.-b') took %.3f s (fa: %d steps)")
      :format(n, dt, steps))
  end
  print("note: with n=3000 and 8 '.-' items the stock call would need ~1e23 steps (hours+).")
end

------------------------------------------------------------------------------------------
-- 5. Overhead versus the stock functions
------------------------------------------------------------------------------------------

if not NOBENCH then
  local function bench(label, n, fs, ff, ...)
    local best_s, best_f = math.huge, math.huge
    for _ = 1, 3 do
      local t0 = fa.now()
      for _ = 1, n do fs(...) end
      local t1 = fa.now()
      for _ = 1, n do ff(...) end
      local t2 = fa.now()
      best_s = math.min(best_s, t1 - t0)
      best_f = math.min(best_f, t2 - t1)
    end
    print(("bench %-40s stock %.3f s  fa %.3f s  ratio %.2f"):format(label, best_s, best_f,
      best_f / best_s))
  end
  fa.setbudget(nil)
  local s40 = "order #2024-17 shipped to depot 58, ok!!"
  assert(#s40 == 40)
  bench("1e6 x find(s40, '%d+')", 1000000, string.find, fa.find, s40, "%d+")
  bench("1e6 x match(s40, '#(%d+)-(%d+)')", 1000000, string.match, fa.match, s40, "#(%d+)-(%d+)")
  bench("1e6 x find(s40, 'depot') (plain)", 1000000, string.find, fa.find, s40, "depot")
  local text = string.rep("The quick brown fox jumps over the lazy dog. ", 2000)
  bench("200 x gsub(90KB, '%w+', '<%0>')", 200, string.gsub, fa.gsub, text, "%w+", "<%0>")
  bench("200 x gsub(90KB, '%f[%a]%a-%f[%A]', f)", 200, string.gsub, fa.gsub, text,
    "%f[%a](%a-)%f[%A]", string.upper)
  local function count(gm, s, p) local c = 0 for _ in gm(s, p) do c = c + 1 end return c end
  bench("200 x gmatch(90KB, '%a+') count", 200, function(s, p) return count(string.gmatch, s, p) end,
    function(s, p) return count(fa.gmatch, s, p) end, text, "%a+")
  bench("20 x find(300 a's, 'a.-.-b') (backtracking)", 20, string.find, fa.find,
    string.rep("a", 300), "a.-.-b")
end

print(("%d passed, %d failed"):format(passed, failed))
return failed
