import AgencyJSON
import Foundation
import CLua
import CLuaShim

/// The two-way conversion between Lua values and ``JSONValue``. The rules are a contract
/// with workflow authors (Docs/lua-runtime.md, "The Lua⇄JSON bridge"):
///
/// - `nil` ⇄ `null` at the top; JSON `null` inside an object drops the key; inside an
///   array it becomes `json.null`, which converts back to `null`.
/// - booleans ⇄ booleans; Lua integers ⇄ JSON integers (all 64 bits survive); Lua floats
///   ⇄ JSON numbers with a fraction or exponent. NaN and infinities are refused.
/// - strings must be valid UTF-8.
/// - a table whose keys are exactly 1...n is an array; a table whose keys are all strings
///   is an object; an empty table is an object unless marked with `json.array`; JSON
///   arrays arrive marked, so they stay arrays when emptied.
/// - refused, naming the path of the value: functions, userdata, threads, cycles, mixed or
///   sparse keys, keys that are neither strings nor integers, nesting deeper than
///   ``maxDepth``.
///
/// Only raw table access is used, so no metamethod runs and nothing can raise in host mode.
enum LuaBridge {
    /// Deepest nesting of tables converted to JSON (and of JSON pushed to Lua).
    static let maxDepth = 100

    // MARK: JSON → Lua

    static func push(_ L: OpaquePointer, _ value: JSONValue, depth: Int = 0) throws {
        guard depth <= maxDepth, lua_checkstack(L, 4) != 0 else {
            throw LuaError(kind: .conversion,
                           message: "JSON nested deeper than \(maxDepth) levels")
        }
        switch value {
        case .null:
            lua_pushnil(L)
        case .bool(let flag):
            lua_pushboolean(L, flag ? 1 : 0)
        case .integer(let number):
            lua_pushinteger(L, lua_Integer(number))
        case .double(let number):
            lua_pushnumber(L, number)
        case .string(let text):
            pushString(L, text)
        case .array(let items):
            lua_createtable(L, Int32(clamping: items.count), 0)
            for (offset, item) in items.enumerated() {
                if case .null = item {
                    lua_pushlightuserdata(L, fa_null_sentinel())
                } else {
                    try push(L, item, depth: depth + 1)
                }
                lua_rawseti(L, -2, lua_Integer(offset + 1))
            }
            lua_getfield(L, fa_registryindex(), "fa.array_mt")
            lua_setmetatable(L, -2)
        case .object(let fields):
            lua_createtable(L, 0, Int32(clamping: fields.count))
            for (key, item) in fields {
                if case .null = item { continue }
                pushString(L, key)
                try push(L, item, depth: depth + 1)
                lua_rawset(L, -3)
            }
        }
    }

    static func pushString(_ L: OpaquePointer, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { chars in
                lua_pushlstring(L, chars.baseAddress, chars.count)
            }
        }
    }

    // MARK: Lua → JSON

    static func readString(_ L: OpaquePointer, _ index: Int32, path: String) throws -> String {
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else {
            throw conversionError(path, "expected a string")
        }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
        guard let text = String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self) else {
            throw conversionError(path, "string is not valid UTF-8")
        }
        return text
    }

    static func readJSON(_ L: OpaquePointer, _ index: Int32, path: String) throws -> JSONValue {
        var onPath = Set<UnsafeRawPointer>()
        return try readJSON(L, lua_absindex(L, index), path: path, depth: 0, onPath: &onPath)
    }

    private static func readJSON(_ L: OpaquePointer, _ index: Int32, path: String, depth: Int,
                                 onPath: inout Set<UnsafeRawPointer>) throws -> JSONValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE:
            return .null
        case LUA_TBOOLEAN:
            return .bool(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int64(fa_tointeger(L, index))) }
            let number = fa_tonumber(L, index)
            guard number.isFinite else {
                throw conversionError(path, number.isNaN ? "NaN cannot be stored in JSON"
                                      : "infinity cannot be stored in JSON")
            }
            return .double(number)
        case LUA_TSTRING:
            return .string(try readString(L, index, path: path))
        case LUA_TTABLE:
            return try readTable(L, index, path: path, depth: depth, onPath: &onPath)
        case LUA_TLIGHTUSERDATA where lua_touserdata(L, index) == fa_null_sentinel():
            return .null
        default:
            let type = String(cString: lua_typename(L, lua_type(L, index)))
            throw conversionError(path, "a \(type) cannot be stored in JSON")
        }
    }

    private static func readTable(_ L: OpaquePointer, _ index: Int32, path: String, depth: Int,
                                  onPath: inout Set<UnsafeRawPointer>) throws -> JSONValue {
        guard depth < maxDepth else {
            throw conversionError(path, "tables nested deeper than \(maxDepth) levels")
        }
        guard let identity = lua_topointer(L, index) else { return .object([:]) }
        guard onPath.insert(identity).inserted else {
            throw conversionError(path, "the table contains itself (a cycle)")
        }
        defer { onPath.remove(identity) }
        guard lua_checkstack(L, 6) != 0 else { throw conversionError(path, "Lua stack exhausted") }

        var fields: [String: JSONValue] = [:]
        var items: [Int64: JSONValue] = [:]
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            let valueIndex = lua_gettop(L)
            let keyIndex = valueIndex - 1
            switch lua_type(L, keyIndex) {
            case LUA_TSTRING:
                let key = try readString(L, keyIndex, path: path + " (a key)")
                fields[key] = try readJSON(L, valueIndex, path: child(path, key), depth: depth + 1,
                                           onPath: &onPath)
            case LUA_TNUMBER where lua_isinteger(L, keyIndex) != 0:
                let key = Int64(fa_tointeger(L, keyIndex))
                items[key] = try readJSON(L, valueIndex, path: "\(path)[\(key)]", depth: depth + 1,
                                          onPath: &onPath)
            default:
                let type = String(cString: lua_typename(L, lua_type(L, keyIndex)))
                fa_pop(L, 2)
                throw conversionError(path, "has a \(type) key; only string keys (objects) "
                                      + "or 1...n integer keys (arrays) can be stored in JSON")
            }
            fa_pop(L, 1)
        }
        let markedArray = isMarkedArray(L, index)
        if !fields.isEmpty && (!items.isEmpty || markedArray) {
            throw conversionError(path, "mixes string keys with array items; "
                                  + "use either a list {a, b} or a record {name = ...}")
        }
        if fields.isEmpty && (markedArray || !items.isEmpty) {
            var array: [JSONValue] = []
            array.reserveCapacity(items.count)
            for position in Int64(1)..<Int64(items.count + 1) {
                guard let item = items[position] else {
                    throw conversionError(path, "is a sparse array: item [\(position)] is missing "
                                          + "(use json.null for an empty slot)")
                }
                array.append(item)
            }
            return .array(array)
        }
        return .object(fields)
    }

    private static func isMarkedArray(_ L: OpaquePointer, _ index: Int32) -> Bool {
        guard lua_getmetatable(L, index) != 0 else { return false }
        lua_getfield(L, fa_registryindex(), "fa.array_mt")
        let marked = lua_rawequal(L, -1, -2) != 0
        fa_pop(L, 2)
        return marked
    }

    private static func child(_ path: String, _ key: String) -> String {
        let isIdentifier = key.first.map { $0.isLetter || $0 == "_" } == true
            && key.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }
        if isIdentifier { return "\(path).\(key)" }
        let escaped = key.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
        return "\(path)[\"\(escaped)\"]"
    }

    static func conversionError(_ path: String, _ reason: String) -> LuaError {
        LuaError(kind: .conversion, message: reason, path: path)
    }
}
