import Dispatch
import Foundation

/// Runs served commands one at a time, in arrival order, on one queue.
///
/// The coordinator (`AgencyService`) and its hot caches are not shared between threads:
/// every socket request, HTTP request and tick runs here, so no two of them ever overlap
/// and each sees the store as the previous one left it. Callers block (socket threads)
/// or suspend (HTTP handlers) until their turn is done.
///
/// Every command is measured here, whatever its channel (``ServerMetrics``): the queue's
/// depth, the wait for a turn, the command's outcome and its time.
public final class ServedExecutor: Sendable {
    private let queue = DispatchQueue(label: "agency.serve.executor")
    private let handler: any ServedCommandHandler
    private let depth = QueueDepth()

    public init(handler: any ServedCommandHandler) {
        self.handler = handler
    }

    /// Commands and ticks waiting for their turn or running now (`--check`, metrics).
    public var queueDepth: Int { depth.current }

    /// Runs `request` for `caller` and waits for its turn and its end.
    public func run(_ request: ServedRequest, caller: Caller, io: any ClientIO) -> ServedResponse {
        let arrived = DispatchTime.now()
        depth.enter()
        defer { depth.leave() }
        return queue.sync { measured(request, caller: caller, io: io, arrived: arrived) }
    }

    /// Runs `request` for `caller` from an async context (HTTP), without blocking a
    /// cooperative thread while it waits.
    public func run(_ request: ServedRequest, caller: Caller, io: any ClientIO) async -> ServedResponse {
        let arrived = DispatchTime.now()
        depth.enter()
        defer { depth.leave() }
        return await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.measured(request, caller: caller, io: io, arrived: arrived))
            }
        }
    }

    /// Runs other serial work (tick, reloads) in the same order as commands.
    public func perform<T: Sendable>(_ work: @Sendable () throws -> T) rethrows -> T {
        depth.enter()
        defer { depth.leave() }
        return try queue.sync { try work() }
    }

    /// Runs other serial work from an async context (the web workplace's reads), in the
    /// same order as commands, without blocking a cooperative thread while it waits.
    public func perform<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        depth.enter()
        defer { depth.leave() }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    private func measured(_ request: ServedRequest, caller: Caller, io: any ClientIO,
                          arrived: DispatchTime) -> ServedResponse {
        ServerMetrics.lockWaited("executor", seconds: Self.seconds(since: arrived))
        let response = handler.handle(request, caller: caller, io: io)
        ServerMetrics.commandFinished(command: ServerMetrics.commandName(request.arguments), status: response.status)
        ServerMetrics.requestFinished(channel: caller.channel, seconds: Self.seconds(since: arrived))
        return response
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
