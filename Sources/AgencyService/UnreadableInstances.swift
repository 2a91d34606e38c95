import WorkflowEngine

/// The instances a read of many could not open, kept so that the read goes on and then
/// says which ones its answer lacks: a listing, a report or an inbox that silently left
/// out a corrupt snapshot would look complete and be wrong.
///
/// An instance that no longer exists is not a failure: an index marker may outlive an
/// instance removed since (the marker is stale, and `agency reindex` drops it).
public struct UnreadableInstances {
    public private(set) var failures: [(id: String, error: ServiceError)] = []

    public init() {}

    /// The instance `id`, or nil when it is gone or could not be read (then remembered).
    public mutating func read(_ id: String, from service: AgencyService) -> Instance? {
        do {
            return try service.instance(id)
        } catch {
            let sorted = ServiceError(error)
            if sorted.category != .notFound { failures.append((id, sorted)) }
            return nil
        }
    }

    /// Throws, once the read has given everything it could, when some instance could not
    /// be read: the category of the first failure (a corrupt snapshot is an integrity
    /// violation, an unreadable file an I/O error), naming every instance and why.
    public func check() throws {
        guard let first = failures.first else { return }
        let shown = failures.prefix(10).map { failure in
            var text = failure.error.description
            while text.hasSuffix(".") { text.removeLast() }
            return "\(failure.id): \(text)"
        }
        let more = failures.count > shown.count ? "; and \(failures.count - shown.count) more" : ""
        let count = failures.count == 1 ? "1 instance" : "\(failures.count) instances"
        throw ServiceError(category: first.error.category,
                           description: "\(count) could not be read, so this answer lacks \(failures.count == 1 ? "it" : "them") "
                               + "(everything else was read): " + shown.joined(separator: "; ") + more
                               + (shown.allSatisfy { $0.contains("agency repair") } ? ""
                                  : ". `agency verify ID` says what is wrong with each, `agency repair ID` rebuilds a "
                                    + "snapshot from its journal"))
    }
}
