/// A JSON document held in memory exactly as it was written.
///
/// Workflow data is persisted, hashed and replayed, so a value has to come back from
/// disk identical to what went in. That is why integers and floating-point numbers are
/// separate cases: `1` and `1.0` are different values here, and integers keep all 64
/// bits instead of being squeezed through a `Double`, which would silently round
/// everything above 2^53.
///
/// Objects are unordered. Every encoder in this module writes keys sorted by their UTF-8
/// bytes, so the order in which a document happened to be written never reaches its
/// canonical form or its hash.
///
/// Equality follows Swift's rules for the payloads: `.integer(1) != .double(1)`,
/// `.double(0) == .double(-0.0)` (as for `Double`), and strings compare by Unicode
/// canonical equivalence (as for `String`). Two equal values can therefore still have
/// different canonical bytes; compare `canonicalBytes()` when byte identity matters.
public enum JSONValue: Sendable, Hashable {
    /// JSON `null`: present but empty, unlike a missing key (`nil` from a subscript).
    case null
    case bool(Bool)
    /// An integer literal (no fraction, no exponent) that fits in 64 bits.
    case integer(Int64)
    /// A number written with a fraction or an exponent. Always finite when produced by
    /// the parser or the Codable bridge; a non-finite payload cannot be encoded.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}
