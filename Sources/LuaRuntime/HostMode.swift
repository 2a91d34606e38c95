import CLua
import CLuaShim

/// Boxes a Swift body so the C trampoline can call it through a context pointer.
final class HostModeBox {
    let body: (OpaquePointer) -> Int32
    init(_ body: @escaping (OpaquePointer) -> Int32) { self.body = body }
}

private let hostModeEntry: fa_host_fn = { state, context in
    guard let state, let context else { return 0 }
    return Unmanaged<HostModeBox>.fromOpaque(context).takeUnretainedValue().body(state)
}

extension LuaRuntime {
    /// Runs `body` inside a protected call in host mode, where allocation never raises, so
    /// the Swift code in `body` is never unwound by a Lua error.
    ///
    /// - Parameters:
    ///   - arguments: values moved from the top of the stack into `body`'s frame, where
    ///     they sit at indices 1...arguments.
    ///   - keep: how many values `body` leaves on the top of its frame for the caller.
    /// Inside `body`, use only API calls that cannot raise once allocation cannot fail:
    /// raw table access, pushes, type checks, references.
    func hostMode<T>(arguments: Int32 = 0, keep: Int32 = 0,
                     _ body: (OpaquePointer) throws -> T) throws -> T {
        var outcome: Result<T, Error>?
        let status = withoutActuallyEscaping(body) { body -> Int32 in
            let box = HostModeBox { L in
                do {
                    outcome = .success(try body(L))
                    return keep
                } catch {
                    outcome = .failure(error)
                    return 0
                }
            }
            return withExtendedLifetime(box) {
                fa_pcall_host(state, arguments, LUA_MULTRET, hostModeEntry,
                              Unmanaged.passUnretained(box).toOpaque())
            }
        }
        if status != LUA_OK {
            let message = fa_tostring(state, -1).map { String(cString: $0) } ?? "unknown error"
            fa_pop(state, 1)
            throw LuaError(kind: .memoryLimit, message: "the host ran out of memory: \(message)")
        }
        guard let outcome else {
            throw LuaError(kind: .setup, message: "internal error: host body did not run")
        }
        return try outcome.get()
    }
}
