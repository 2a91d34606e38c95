/// Bounds on what the parser accepts, so a hostile or broken document fails with a
/// clear error instead of exhausting the stack or memory.
public struct JSONParseLimits: Sendable, Hashable {
    /// The deepest nesting of arrays and objects accepted; a top-level scalar is depth 0
    /// and `[]` is depth 1. The parser recurses once per level, so this bound is what
    /// keeps `[[[[…` from overflowing the thread's stack. The default of 512 is far
    /// beyond any real workflow document and far below any stack limit; raise it only
    /// with the stack size of the parsing thread in mind.
    public var maxDepth: Int

    /// The largest input accepted, in bytes, or `nil` for no limit. Checked before any
    /// parsing, so an oversized document costs nothing to refuse.
    public var maxBytes: Int?

    public init(maxDepth: Int = 512, maxBytes: Int? = nil) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    /// Depth 512, no size limit.
    public static let `default` = JSONParseLimits()
}
