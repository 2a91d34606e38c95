import Dispatch

/// Runs served commands one at a time, in arrival order, on one queue.
///
/// The coordinator (`AgencyService`) and its hot caches are not shared between threads:
/// every socket request, HTTP request and tick runs here, so no two of them ever overlap
/// and each sees the store as the previous one left it. Callers block (socket threads)
/// or suspend (HTTP handlers) until their turn is done.
public final class ServedExecutor: Sendable {
    private let queue = DispatchQueue(label: "agency.serve.executor")
    private let handler: any ServedCommandHandler

    public init(handler: any ServedCommandHandler) {
        self.handler = handler
    }

    /// Runs `request` for `caller` and waits for its turn and its end.
    public func run(_ request: ServedRequest, caller: Caller, io: any ClientIO) -> ServedResponse {
        queue.sync { handler.handle(request, caller: caller, io: io) }
    }

    /// Runs `request` for `caller` from an async context (HTTP), without blocking a
    /// cooperative thread while it waits.
    public func run(_ request: ServedRequest, caller: Caller, io: any ClientIO) async -> ServedResponse {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.handler.handle(request, caller: caller, io: io)) }
        }
    }

    /// Runs other serial work (tick, reloads) in the same order as commands.
    public func perform<T: Sendable>(_ work: @Sendable () throws -> T) rethrows -> T {
        try queue.sync { try work() }
    }
}
