/// One step from a container to one of its children, used to tell people *where* in a
/// document something is: `$.items[2]["display name"]`.
enum JSONPathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)
}

enum JSONPath {
    /// Renders a path the way JSONPath tools and jq users read it: `$` for the root,
    /// `.name` for keys that are plain identifiers, `["…"]` (JSON-escaped) for any
    /// other key, so the rendering is never ambiguous.
    static func render(_ components: some Sequence<JSONPathComponent>) -> String {
        var text = "$"
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key) where isPlainIdentifier(key):
                text += ".\(key)"
            case .key(let key):
                text += "[\(quoted(key))]"
            }
        }
        return text
    }

    /// A string as a JSON string literal, for quoting keys and values in messages.
    static func quoted(_ string: String) -> String {
        var writer = JSONWriter(style: .canonical)
        writer.writeString(string)
        return String(decoding: writer.output, as: UTF8.self)
    }

    private static func isPlainIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return key.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"):
                return true
            default:
                return false
            }
        }
    }
}
