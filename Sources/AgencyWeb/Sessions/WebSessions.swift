import Foundation

/// One signed-in browser.
public struct WebSession: Sendable, Equatable {
    /// The cookie's value: 256 random bits, hex.
    public let id: String
    /// The person (people directory id).
    public let person: String
    /// The token every form of this session carries (CSRF).
    public let csrf: String
    /// When the person's password was set at login: a session outlives no password change.
    public let passwordStamp: String?
    public let created: Date
    public var lastSeen: Date
}

/// The signed-in sessions, in the server's memory.
///
/// A session ends after `idleTimeout` without a request, after `absoluteTimeout` in any
/// case, at logout, when the person's password changes, and when the server restarts
/// (staff sign in again; nothing they did is lost, since every action is a journaled
/// command). Sessions are kept in memory on purpose: a stolen copy of the store holds no
/// live session.
public actor WebSessions {
    public let idleTimeout: TimeInterval
    public let absoluteTimeout: TimeInterval
    private var sessions: [String: WebSession] = [:]
    private let clock: @Sendable () -> Date

    public init(idleTimeout: TimeInterval = 30 * 60, absoluteTimeout: TimeInterval = 12 * 3600,
                clock: @escaping @Sendable () -> Date = Date.init) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.clock = clock
    }

    /// A new session for `person` (a fresh id at every login: no fixation).
    public func open(for person: String, passwordStamp: String?) -> WebSession {
        let now = clock()
        let session = WebSession(id: Self.random(), person: person, csrf: Self.random(), passwordStamp: passwordStamp,
                                 created: now, lastSeen: now)
        sessions[session.id] = session
        return session
    }

    /// The live session with this id, touched; nil when unknown or expired (and then gone).
    public func session(_ id: String) -> WebSession? {
        guard var session = sessions[id] else { return nil }
        let now = clock()
        guard now.timeIntervalSince(session.lastSeen) < idleTimeout,
              now.timeIntervalSince(session.created) < absoluteTimeout else {
            sessions[id] = nil
            return nil
        }
        session.lastSeen = now
        sessions[id] = session
        return session
    }

    public func close(_ id: String) {
        sessions[id] = nil
    }

    /// Ends every session of `person` (a password change, a person removed).
    public func closeAll(of person: String) {
        sessions = sessions.filter { $0.value.person != person }
    }

    /// How many sessions are live (for tests and the admin page).
    public var count: Int { sessions.count }

    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }
}
