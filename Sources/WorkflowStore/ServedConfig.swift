import AgencyJSON

/// store.json's `served` object: where the store's server listens.
///
/// It is public (store.json is 0644 in a served store) because every client reads it to
/// find the socket; nothing secret belongs here.
public struct ServedConfig: Sendable, Equatable {
    /// The absolute path of the server's Unix socket, e.g. `/srv/zone/.agency/agency.sock`.
    public var socket: String
    /// The server's journal-signing public key, when the store has one (written by
    /// `agency init --served`; checked by `agency verify`).
    public var publicKey: String?

    public init(socket: String, publicKey: String? = nil) {
        self.socket = socket
        self.publicKey = publicKey
    }

    init(json: JSONValue, path: String) throws(StoreError) {
        guard let members = json.objectValue else {
            throw .badConfig(path: path, problem: "\"served\" must be an object such as "
                + "{\"socket\": \"/srv/zone/.agency/agency.sock\"}")
        }
        let known: Set<String> = ["socket", "publicKey"]
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw .badConfig(path: path, problem: "unknown key \"served.\(unknown)\" (known: served.publicKey, served.socket)")
        }
        guard let socket = members["socket"]?.stringValue, socket.hasPrefix("/") else {
            throw .badConfig(path: path, problem: "\"served.socket\" must be the socket's absolute path")
        }
        self.socket = socket
        if let value = members["publicKey"] {
            guard let key = value.stringValue else {
                throw .badConfig(path: path, problem: "\"served.publicKey\" must be a string")
            }
            publicKey = key
        }
    }

    var json: JSONValue {
        var members: [String: JSONValue] = ["socket": .string(socket)]
        if let publicKey { members["publicKey"] = .string(publicKey) }
        return .object(members)
    }
}
