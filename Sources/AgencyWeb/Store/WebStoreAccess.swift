import AgencyService
import Foundation
import WorkflowEngine

/// What a page reads: the store as the served executor holds it, between two commands.
public struct WebStore {
    public let service: AgencyService
    public let people: PeopleDirectory
    /// The time pages are relative to: the store's simulation clock when it has one,
    /// else the real time.
    public let now: Date

    public init(service: AgencyService, people: PeopleDirectory, now: Date) {
        self.service = service
        self.people = people
        self.now = now
    }
}

/// How the web workplace reads the served store. `agency serve` implements it over its
/// serial executor, so a page never sees a command half done; writes never come through
/// here: they run as CLI commands for the session's person (``WebCommands``).
public protocol WebStoreAccess: Sendable {
    /// The store directory (for passwords.json).
    var storeDirectory: String { get }
    /// Runs `body` on the executor with the store as it is now (a read, or a store-journal
    /// record of a login).
    func withStore<T: Sendable>(_ body: @escaping @Sendable (WebStore) throws -> T) async throws -> T
}
