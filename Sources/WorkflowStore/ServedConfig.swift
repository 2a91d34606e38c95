import AgencyJSON

/// store.json's `served` object: where the store's server listens.
///
/// It is public (store.json is 0644 in a served store) because every client reads it to
/// find the socket; nothing secret belongs here. The journal's public key is store.json's
/// top-level `publicKey`, which signed direct stores have too.
public struct ServedConfig: Sendable, Equatable {
    /// The absolute path of the server's Unix socket, e.g. `/srv/zone/.agency/agency.sock`.
    public var socket: String

    public init(socket: String) {
        self.socket = socket
    }

    init(json: JSONValue, path: String) throws(StoreError) {
        guard let members = json.objectValue else {
            throw .badConfig(path: path, problem: "\"served\" must be an object such as "
                + "{\"socket\": \"/srv/zone/.agency/agency.sock\"}")
        }
        if let unknown = members.keys.sorted().first(where: { $0 != "socket" }) {
            throw .badConfig(path: path, problem: "unknown key \"served.\(unknown)\" (known: served.socket)")
        }
        guard let socket = members["socket"]?.stringValue, socket.hasPrefix("/") else {
            throw .badConfig(path: path, problem: "\"served.socket\" must be the socket's absolute path")
        }
        self.socket = socket
    }

    var json: JSONValue { .object(["socket": .string(socket)]) }
}
