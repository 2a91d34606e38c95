import AgencyServer
import AgencyWeb
import Foundation

/// The web workplace's view of the served store: the hot store, read on the executor.
struct ServedWebStore: WebStoreAccess {
    let executor: ServedExecutor
    let hot: HotStore

    var storeDirectory: String { hot.storeURL.path }

    func withStore<T: Sendable>(_ body: @escaping @Sendable (WebStore) throws -> T) async throws -> T {
        try await executor.perform { [hot] in
            let opened = try hot.current()
            let now = try opened.service.simulationClock() ?? Date()
            return try body(WebStore(service: opened.service, people: opened.people, now: now))
        }
    }
}
