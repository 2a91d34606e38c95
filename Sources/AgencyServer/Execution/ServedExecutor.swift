import Dispatch
import Foundation

/// Runs served commands one at a time, in arrival order, on one queue.
///
/// The coordinator (`AgencyService`) and its hot caches are not shared between threads:
/// every socket request, HTTP request and tick runs here, so no two of them ever overlap
/// and each sees the store as the previous one left it. Callers block (socket threads)
/// or suspend (HTTP handlers) until their turn is done.
public final class ServedExecutor: @unchecked Sendable {
    private let queue = DispatchQueue(label: "agency.serve.executor")
    private let handler: any ServedCommandHandler
    /// Work waiting for or running on the queue (`--check`, metrics). Guarded by `lock`.
    private var pending = 0
    private let lock = NSLock()

    public init(handler: any ServedCommandHandler) {
        self.handler = handler
    }

    /// Commands and ticks waiting for their turn or running now.
    public var queueDepth: Int { lock.withLock { pending } }

    /// Runs `request` for `caller` and waits for its turn and its end.
    public func run(_ request: ServedRequest, caller: Caller, io: any ClientIO) -> ServedResponse {
        counted { queue.sync { handler.handle(request, caller: caller, io: io) } }
    }

    /// Runs `request` for `caller` from an async context (HTTP), without blocking a
    /// cooperative thread while it waits.
    public func run(_ request: ServedRequest, caller: Caller, io: any ClientIO) async -> ServedResponse {
        lock.withLock { pending += 1 }
        return await withCheckedContinuation { continuation in
            queue.async {
                let response = self.handler.handle(request, caller: caller, io: io)
                self.lock.withLock { self.pending -= 1 }
                continuation.resume(returning: response)
            }
        }
    }

    /// Runs other serial work (tick, reloads) in the same order as commands.
    public func perform<T: Sendable>(_ work: @Sendable () throws -> T) rethrows -> T {
        try counted { try queue.sync { try work() } }
    }

    private func counted<T>(_ body: () throws -> T) rethrows -> T {
        lock.withLock { pending += 1 }
        defer { lock.withLock { pending -= 1 } }
        return try body()
    }
}
