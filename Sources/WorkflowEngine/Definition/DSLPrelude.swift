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
    local math_type, string_format = math.type, string.format

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
    field = function(name)
      if type(name) ~= "string" or name == "" then
        error("field(name) expects a non-empty string", 2)
      end
      return name
    end
    """#
}
