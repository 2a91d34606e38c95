import AgencyJSON

/// One API token as `<store>/tokens.json` keeps it: who it acts for, who made it, and the
/// SHA-256 of its secret. The secret itself is shown once, when it is created, and never
/// stored.
public struct APIToken: Sendable, Equatable, Codable {
    /// What a token may be used for.
    public enum Scope: String, Sendable, Codable, CaseIterable {
        /// The whole API, as its person.
        case api
        /// Only `GET /metrics`: what a Prometheus server holds, which can then read no data.
        case metrics
    }

    /// The token's public id (`t` and 12 hex digits): in the secret, the journal and logs.
    public var id: String
    /// The people directory id the token acts for.
    public var person: String
    public var scope: Scope
    /// `sha256:` and the lowercase hex SHA-256 of the whole secret string.
    public var hash: String
    public var created: String
    public var createdBy: String
    /// When it was revoked and by whom; nil while it is valid.
    public var revoked: String?
    public var revokedBy: String?

    public init(id: String, person: String, scope: Scope, hash: String, created: String, createdBy: String,
                revoked: String? = nil, revokedBy: String? = nil) {
        self.id = id
        self.person = person
        self.scope = scope
        self.hash = hash
        self.created = created
        self.createdBy = createdBy
        self.revoked = revoked
        self.revokedBy = revokedBy
    }

    /// The token as `agency people token list --json` shows it: everything but the hash.
    public var listing: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(id), "person": .string(person), "scope": .string(scope.rawValue),
            "created": .string(created), "createdBy": .string(createdBy),
        ]
        fields["revoked"] = revoked.map { .string($0) } ?? .null
        fields["revokedBy"] = revokedBy.map { .string($0) } ?? .null
        return .object(fields)
    }
}

/// A newly created token and its secret, which exists only in this value and the output
/// that shows it to the administrator.
public struct IssuedAPIToken: Sendable {
    public var token: APIToken
    /// `fa_<id>_<64 hex digits>`: the bearer credential.
    public var secret: String
}

/// Why a token operation or a presented token failed.
public enum APITokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Authorization value is not a FullAgency token at all.
    case malformed
    /// The token's id is not in tokens.json, or its secret does not match.
    case unknown
    /// The token was revoked; carries the record for the message.
    case revoked(APIToken)
    /// `revoke` named a token id that does not exist.
    case noSuchToken(String)
    /// tokens.json could not be read, parsed or written.
    case file(String)

    public var description: String {
        switch self {
        case .malformed:
            return "the bearer token is not a FullAgency API token (fa_<id>_<secret>) / 令牌格式不正确"
        case .unknown:
            return "the API token is not valid (unknown or wrong secret) / 令牌无效"
        case .revoked(let token):
            return "此 API 令牌 \(token.id) 已于 \(token.revoked ?? "") 被 \(token.revokedBy ?? "管理员") 吊销，请向管理员申请新令牌 / "
                + "API token \(token.id) was revoked at \(token.revoked ?? "") by \(token.revokedBy ?? "an administrator"); "
                + "ask an administrator for a new one (agency people token PERSON)"
        case .noSuchToken(let id):
            return "no API token '\(id)' (agency people token list shows them)"
        case .file(let message):
            return message
        }
    }
}
