/// How a request reached the server; recorded in every journal record it writes.
public enum Channel: String, Sendable, Codable, CaseIterable {
    /// The `agency` CLI over the store's Unix socket; the person comes from the kernel.
    case cliSocket = "cli-socket"
    /// The web workplace; the person comes from a login session.
    case web
    /// The HTTP JSON API; the person comes from an API token.
    case api
}

/// Who sent a request, as the server established it (never as the request claims).
public struct Caller: Sendable, Equatable {
    /// The channel the request came through.
    public var channel: Channel
    /// The operating-system login the kernel reported for a socket peer (SO_PEERCRED),
    /// or nil for web and API callers.
    public var login: String?
    /// The uid the kernel reported for a socket peer, or nil.
    public var uid: UInt32?
    /// The person a web session or API token belongs to (people directory id), or nil
    /// for socket callers, whose person is found from `login` in the people directory.
    public var person: String?
    /// The API token's id (never the secret), for the journal; nil otherwise.
    public var tokenID: String?

    public init(channel: Channel, login: String? = nil, uid: UInt32? = nil, person: String? = nil,
                tokenID: String? = nil) {
        self.channel = channel
        self.login = login
        self.uid = uid
        self.person = person
        self.tokenID = tokenID
    }
}
