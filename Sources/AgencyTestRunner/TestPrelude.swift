/// The Lua half of the test API. It runs in each test file's sandbox environment before
/// the file, with the host table (``TestHost``) and the privileged `line_of` helper as
/// arguments, and defines the globals a test file uses:
///
/// - `test(name, fn)`, `before_each(fn)`, `people { ... }` (or `people "file.json"`);
/// - (`hours(n)`, `days(n)`, `workdays(n)` come from the DSL prelude, installed first);
/// - the method table of `t`: the host methods plus `expect_refused`, which needs
///   `pcall` and so is written in Lua.
///
/// It returns the registry the runner reads after the file ran: the tests in order, the
/// before-each functions, the people given, and `new_t()` to make each test's `t`.
enum TestPrelude {
    static let chunkName = "=(test api)"

    static let source = #"""
    local host, line_of = ...
    local type, error, pcall, tostring, setmetatable, pairs = type, error, pcall, tostring, setmetatable, pairs

    local registry = { tests = {}, before_each = {} }
    local seen = {}

    function test(name, fn)
      if type(name) ~= "string" or name == "" then
        error("test(name, fn) expects a non-empty name", 2)
      end
      if type(fn) ~= "function" then
        error("test(\"" .. name .. "\", fn) expects a function as its second argument", 2)
      end
      local line = line_of(2)
      if seen[name] then
        error("the test name \"" .. name .. "\" is used twice (first on line " .. tostring(seen[name]) .. ")", 2)
      end
      seen[name] = line or 0
      registry.tests[#registry.tests + 1] = { name = name, fn = fn, line = line }
    end

    function before_each(fn)
      if type(fn) ~= "function" then error("before_each(fn) expects a function", 2) end
      registry.before_each[#registry.before_each + 1] = fn
    end

    function people(list)
      if registry.people ~= nil then error("people is given twice in this file", 2) end
      if type(list) ~= "table" and type(list) ~= "string" then
        error("people expects a list { { id = ..., name = ..., roles = { ... } }, ... } or a file name", 2)
      end
      registry.people = list
    end

    local T = {}
    for name, fn in pairs(host.methods) do T[name] = fn end

    -- Runs fn, which must be refused by the engine or the store (with `code` when given:
    -- not_permitted, invalid, not_found, conflict, script_error). Returns the refusal.
    function T:expect_refused(fn, code)
      local function fail(message, expected, actual)
        error(host.record_failure(self, "expect_refused", message, expected, actual), 3)
      end
      if type(fn) ~= "function" then
        fail("give a function to run, as in t:expect_refused(function() t:act(id, \"approve\", "
             .. "{ as = \"zhangwei\" }) end, \"not_permitted\")")
      end
      host.clear_refusal(self)
      local ok, err = pcall(fn)
      local refusal = host.last_refusal(self)
      local wanted = code and ("a refusal (" .. code .. ")") or "a refusal"
      if ok then
        fail("the command was accepted, expected " .. wanted, wanted, "accepted")
      elseif refusal == nil then
        fail("expected " .. wanted .. ", but the function raised another error: " .. tostring(err),
             wanted, tostring(err))
      elseif code ~= nil and refusal.code ~= code then
        fail("refused with " .. refusal.code .. " (" .. refusal.message .. "), expected " .. code,
             code, refusal.code)
      end
      return refusal
    end

    local MT = { __index = T, __metatable = false }
    function registry.new_t() return setmetatable({}, MT) end
    return registry
    """#
}
