/// Runs one served command. The CLI module implements it (it owns the commands); the
/// server calls it for every socket and HTTP request, one at a time (``ServedExecutor``).
public protocol ServedCommandHandler: Sendable {
    /// Parses and runs `request` for `caller`, with `io` for the client's files.
    func handle(_ request: ServedRequest, caller: Caller, io: any ClientIO) -> ServedResponse
}
