import AgencyJSON

/// A Lua value as Swift sees it after a call: scalars by value, tables and functions by
/// reference (so they can be passed back or read further with ``LuaRuntime/entries(of:)``).
public enum LuaValue {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case table(LuaRef)
    case function(LuaRef)
    /// userdata, threads and strings that are not valid UTF-8: named by type only.
    case other(typeName: String)

    /// The Lua type name, for messages ("table", "function", ...).
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string: return "string"
        case .table: return "table"
        case .function: return "function"
        case .other(let name): return name
        }
    }
}

/// A value passed to a Lua function from Swift.
public enum LuaArgument {
    /// Converted with the bridge rules (see Docs/lua-runtime.md).
    case json(JSONValue)
    /// Passed as is.
    case value(LuaValue)
}
