/// An error from loading or running Lua code, or from converting its values.
///
/// `description` reads `FILE:LINE: message` when the location is known, the form editors
/// and `agency validate` use, so a user can jump to the line.
public struct LuaError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: String, Sendable, Equatable {
        /// The source does not parse.
        case syntax
        /// A precompiled (binary) chunk was offered; only source text is loaded.
        case binaryChunk
        /// The script raised an error (or a Lua runtime error occurred).
        case runtime
        /// The run used more instructions than ``LuaLimits/instructions``.
        case instructionLimit
        /// The run took longer than ``LuaLimits/seconds``.
        case timeLimit
        /// The state needed more memory than ``LuaLimits/memoryBytes``.
        case memoryLimit
        /// A value could not cross the Lua⇄JSON bridge (see `path`).
        case conversion
        /// The runtime itself could not be set up.
        case setup
    }

    public var kind: Kind
    /// What went wrong, without the location prefix.
    public var message: String
    /// The chunk (usually the file path) the error points at, when known.
    public var chunk: String?
    /// The 1-based line in `chunk`, when known.
    public var line: Int?
    /// For conversion errors: where the bad value sits, e.g. `result.items[3].due`.
    public var path: String?
    /// The Lua stack at the point of the error, innermost first.
    public var traceback: String

    public init(kind: Kind, message: String, chunk: String? = nil, line: Int? = nil,
                path: String? = nil, traceback: String = "") {
        self.kind = kind
        self.message = message
        self.chunk = chunk
        self.line = line
        self.path = path
        self.traceback = traceback
    }

    public var description: String {
        var text = ""
        if let chunk {
            text = line.map { "\(chunk):\($0): " } ?? "\(chunk): "
        }
        if let path { text += "\(path): " }
        return text + message
    }
}

extension LuaError {
    /// Splits Lua's `chunk:line: message` prefix off a raw message.
    static func located(kind: Kind, raw: String, traceback: String = "",
                        fallbackChunk: String? = nil) -> LuaError {
        if let (chunk, line, rest) = splitLocation(raw) {
            return LuaError(kind: kind, message: rest, chunk: chunk, line: line,
                            traceback: traceback)
        }
        return LuaError(kind: kind, message: raw, chunk: fallbackChunk, traceback: traceback)
    }

    /// Finds the first `name:digits: ` in `raw`; Lua puts it at the very start.
    static func splitLocation(_ raw: String) -> (String, Int, String)? {
        var search = raw.startIndex
        while let colon = raw[search...].firstIndex(of: ":") {
            let afterColon = raw.index(after: colon)
            let digits = raw[afterColon...].prefix(while: { $0.isASCII && $0.isNumber })
            let end = digits.endIndex
            if !digits.isEmpty, end < raw.endIndex, raw[end] == ":", let line = Int(digits),
               colon > raw.startIndex {
                var rest = raw[raw.index(after: end)...]
                if rest.first == " " { rest = rest.dropFirst() }
                return (String(raw[..<colon]), line, String(rest))
            }
            search = afterColon
        }
        return nil
    }
}
