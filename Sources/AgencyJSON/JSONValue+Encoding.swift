import Foundation

// Two deterministic text forms of a value. Both sort object keys by their UTF-8 bytes
// and escape strings minimally, so the same value always yields the same bytes on
// every platform and Swift version; that is what makes them usable for hashing and
// for byte-for-byte replay comparison. For every finite value v,
// `parse(v.canonicalBytes()) == v` and `parse(v.prettyBytes()) == v`.

extension JSONValue {
    /// The canonical form: no whitespace at all; keys sorted by UTF-8 bytes; strings
    /// escaping only `"`, `\` and control characters (`\b \f \n \r \t`, others as
    /// `\u00xx`), with everything else — `/` and non-ASCII included — written as raw
    /// UTF-8; integers in decimal; doubles in Swift's shortest round-trip form, always
    /// with a `.` or an exponent so they re-parse as doubles (`1.0`, `1e+16`, `-0.0`).
    ///
    /// Hash these bytes, not `hashValue`: `Hashable` treats `0.0` and `-0.0`, or two
    /// canonically equivalent strings, as equal, while their canonical bytes differ.
    public func canonicalBytes() throws(JSONEncodingError) -> [UInt8] {
        try JSONWriter.encode(self, style: .canonical)
    }

    /// `canonicalBytes()` as `Data`.
    public func canonicalData() throws(JSONEncodingError) -> Data {
        Data(try canonicalBytes())
    }

    /// `canonicalBytes()` as a `String`.
    public func canonicalString() throws(JSONEncodingError) -> String {
        String(decoding: try canonicalBytes(), as: UTF8.self)
    }

    /// The human-readable form used for snapshots on disk: the canonical form laid out
    /// with two-space indentation, one member or element per line, `"key": value`,
    /// empty containers as `[]` and `{}`, and a trailing newline. Being canonical in
    /// everything but whitespace, it diffs cleanly and is stable under re-encoding.
    public func prettyBytes() throws(JSONEncodingError) -> [UInt8] {
        try JSONWriter.encode(self, style: .pretty)
    }

    /// `prettyBytes()` as `Data`.
    public func prettyData() throws(JSONEncodingError) -> Data {
        Data(try prettyBytes())
    }

    /// `prettyBytes()` as a `String`.
    public func prettyString() throws(JSONEncodingError) -> String {
        String(decoding: try prettyBytes(), as: UTF8.self)
    }
}
