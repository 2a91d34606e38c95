/// The resources one run of Lua code may use. A run is one top-level call from the host:
/// loading a workflow file, or calling one hook for one event.
///
/// Each limit produces its own error kind (``LuaError/Kind-swift.enum/instructionLimit``,
/// ``LuaError/Kind-swift.enum/timeLimit``, ``LuaError/Kind-swift.enum/memoryLimit``), and
/// once a limit trips it stays tripped until the run ends: a script cannot catch it with
/// `pcall`, `xpcall` or `coroutine.resume`.
public struct LuaLimits: Sendable, Equatable {
    /// Bytes the Lua state may hold at once (all of its objects, not only this run's).
    /// `0` disables the cap.
    public var memoryBytes: Int
    /// Virtual-machine instructions per run, with each pattern-matching step counted as one
    /// instruction. `0` disables the budget.
    public var instructions: Int64
    /// Wall-clock seconds per run; the backstop for work that instructions do not measure.
    /// `0` disables it.
    public var seconds: Double
    /// Instructions between two checks of the limits. Smaller is more precise and slower.
    public var checkInterval: Int32

    public init(memoryBytes: Int = 64 << 20, instructions: Int64 = 50_000_000,
                seconds: Double = 2.0, checkInterval: Int32 = 1000) {
        self.memoryBytes = memoryBytes
        self.instructions = instructions
        self.seconds = seconds
        self.checkInterval = checkInterval
    }

    /// 64 MiB, 50 million instructions (about half a second of plain Lua here) and 2 seconds.
    public static let standard = LuaLimits()
}
