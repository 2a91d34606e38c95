import LuaRuntime

/// The DSL constructors, in Lua. It runs in each workflow file's own environment before
/// the file itself, with one privileged helper (`line_of`) as its argument, so every
/// constructor can record the line it was called from; `agency validate` reports
/// problems at those lines. The Swift side (``DefinitionReader``) checks everything else.
public enum DSLPrelude {
    static let chunkName = "=(dsl)"

    /// Installs the constructors, durations and people helpers as globals of `environment`
    /// (workflow files get them this way, and so do test files, which use `workdays(n)`).
    public static func install(in environment: LuaRef, runtime: LuaRuntime) throws {
        let prelude = try runtime.load(source: Array(source.utf8), chunkName: chunkName, environment: environment)
        _ = try runtime.call(prelude, arguments: [.value(.function(try runtime.callerLineFunction()))])
    }

    static let source = #"""
    local line_of = ...
    local type, error, rawset, tostring = type, error, rawset, tostring
    local math_type, string_format, string_find = math.type, string.format, string.find

    local function constructor(kind)
      return function(spec)
        if type(spec) ~= "table" then
          error(kind .. " expects a table, as in " .. kind .. " { ... }", 2)
        end
        rawset(spec, "__kind", kind)
        rawset(spec, "__line", line_of(2))
        return spec
      end
    end

    workflow = constructor("workflow")
    task = constructor("task")
    approval = constructor("approval")
    auto = constructor("auto")
    wait = constructor("wait")
    parallel = constructor("parallel")
    subflow = constructor("subflow")
    final = constructor("final")
    weekly = constructor("weekly")
    monthly = constructor("monthly")
    every = constructor("every")

    local function duration(unit, suffix)
      return function(n)
        if math_type(n) ~= "integer" or n < 1 then
          error(unit .. "(n) expects a whole number of at least 1, got " .. tostring(n), 2)
        end
        return string_format("%d%s", n, suffix)
      end
    end
    hours = duration("hours", "h")
    days = duration("days", "d")
    workdays = duration("workdays", "wd")

    local function reference(prefix)
      return function(name)
        if type(name) ~= "string" or name == "" then
          error(prefix .. "(name) expects a non-empty string", 2)
        end
        return prefix .. ":" .. name
      end
    end
    role = reference("role")
    person = reference("person")
    -- Org-chart specs (Docs/people.md): written forms the engine resolves when the state
    -- is entered. The subject is a data field holding a person id, or "initiator".
    local function subject_of(helper, subject)
      if type(subject) ~= "string" or subject == "" or string_find(subject, ":", 1, true) then
        error(helper .. "(subject, ...) expects a data field name or \"initiator\"", 3)
      end
      return subject
    end
    manager_of = function(subject, level)
      subject_of("manager_of", subject)
      if level == nil or level == 1 then return "manager_of:" .. subject end
      if math_type(level) ~= "integer" or level < 1 then
        error("manager_of(subject, level) expects a whole level of at least 1, got " .. tostring(level), 2)
      end
      return string_format("manager_of:%s:%d", subject, level)
    end
    managers_up_to = function(subject, stop)
      subject_of("managers_up_to", subject)
      if type(stop) ~= "string" or not (string_find(stop, "^role:") or string_find(stop, "^person:")) then
        error("managers_up_to(subject, stop) expects role(\"...\") or person(\"...\") as stop", 2)
      end
      return "managers_up_to:" .. subject .. ":" .. stop
    end
    head_of = function(department)
      if type(department) ~= "string" or department == "" or string_find(department, ":", 1, true) then
        error("head_of(department) expects a department id or a data field name", 2)
      end
      return "head_of:" .. department
    end
    field = function(name)
      if type(name) ~= "string" or name == "" then
        error("field(name) expects a non-empty string", 2)
      end
      return name
    end
    """#
}
