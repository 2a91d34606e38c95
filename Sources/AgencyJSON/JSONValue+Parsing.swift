import Foundation

// The public entry points of the parser. Foundation's JSONSerialization is not used
// because it cannot tell `1` from `1.0`, rounds large integers through Double, and
// silently keeps one of two duplicate keys; all three would break exact replay.

extension JSONValue {
    /// Parses one strict RFC 8259 document from UTF-8 bytes (`[UInt8]`, `Data`,
    /// `ArraySlice<UInt8>`, a `String.UTF8View`…).
    ///
    /// Contiguous storage is parsed in place; anything else is copied once first.
    /// Refusals are described in `JSONParseError`; in short: a byte-order mark, empty
    /// input, trailing content, duplicate keys, invalid UTF-8, unescaped control
    /// characters, bad escapes and lone surrogates, non-RFC numbers, integers outside
    /// Int64, doubles outside the finite range, and input beyond `limits`.
    public static func parse(
        _ bytes: some Collection<UInt8>,
        limits: JSONParseLimits = .default
    ) throws(JSONParseError) -> JSONValue {
        let inPlace = bytes.withContiguousStorageIfAvailable { buffer in
            JSONParser.parse(buffer, limits: limits)
        }
        if let inPlace {
            return try inPlace.get()
        }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer in
            JSONParser.parse(buffer, limits: limits)
        }.get()
    }

    /// Parses one strict RFC 8259 document from a string (its UTF-8 encoding is what
    /// is parsed, so offsets in errors are byte offsets into `string.utf8`).
    public static func parse(
        _ string: String,
        limits: JSONParseLimits = .default
    ) throws(JSONParseError) -> JSONValue {
        var string = string
        return try string.withUTF8 { buffer in
            JSONParser.parse(buffer, limits: limits)
        }.get()
    }
}
