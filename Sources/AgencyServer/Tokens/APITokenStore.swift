import AgencyFormats
import AgencyJSON
import AgencyService
import Foundation
import WorkflowStore

/// `<store>/tokens.json`: the store's API tokens, hashed.
///
/// Secrets are 256 random bits, so the file keeps their plain SHA-256, not a bcrypt hash:
/// a slow hash protects secrets people choose (a password with 30 bits of entropy); against
/// 2^256 candidates a fast hash is as good, and bcrypt would cost every API request ~50–100 ms
/// of CPU on the serial executor, a denial of service for the price of a bad header. The
/// file is 0600 of the server's account all the same, and never holds the secret.
///
/// Every create and revoke is recorded in the store journal (`kind: "token"`) before the
/// file changes, under the store lock, so the journal accounts for every token that ever
/// worked. Verification reads the file each time: a revocation takes effect on the next
/// request, whichever process wrote it.
public struct APITokenStore: Sendable {
    /// The store directory.
    public let storeDirectory: String
    public var path: String { storeDirectory + "/tokens.json" }

    public init(storeDirectory: String) {
        self.storeDirectory = storeDirectory
    }

    /// Every token, revoked ones included, in creation order.
    public func list() throws(APITokenError) -> [APIToken] {
        guard let data = FileManager.default.contents(atPath: path) else {
            guard FileManager.default.fileExists(atPath: path) else { return [] }
            throw .file("\(path): cannot read it (permissions?); it must belong to the account that runs agency serve")
        }
        do {
            return try JSONDecoder().decode(TokenFile.self, from: data).tokens
        } catch {
            throw .file("\(path): not a valid token file (\(error)); restore it from a backup, or move it aside "
                + "and create new tokens")
        }
    }

    /// Creates a token for `person`, journaled as done by `actor` at `at` through `service`.
    public func create(person: String, scope: APIToken.Scope, actor: String, at: String,
                       service: AgencyService) throws -> IssuedAPIToken {
        try service.guarded {
            try service.store.withStoreLock {
                var tokens = try Self.sorted { () throws(APITokenError) in try list() }
                var id: String
                repeat { id = "t" + Self.randomHex(bytes: 6) } while tokens.contains { $0.id == id }
                let secret = "fa_\(id)_\(Self.randomHex(bytes: 32))"
                let token = APIToken(id: id, person: person, scope: scope, hash: Self.hash(secret), created: at,
                                     createdBy: actor)
                try service.recordStoreEvent(kind: "token", actor: actor, at: at, details: [
                    "action": "create", "token": .string(id), "person": .string(person), "scope": .string(scope.rawValue),
                ])
                tokens.append(token)
                try save(tokens)
                return IssuedAPIToken(token: token, secret: secret)
            }
        }
    }

    /// Revokes token `id`; revoking a revoked token changes nothing and returns it as it is.
    public func revoke(_ id: String, actor: String, at: String, service: AgencyService) throws -> APIToken {
        try service.guarded {
            try service.store.withStoreLock {
                var tokens = try Self.sorted { () throws(APITokenError) in try list() }
                guard let index = tokens.firstIndex(where: { $0.id == id }) else {
                    throw ServiceError.notFound(APITokenError.noSuchToken(id).description)
                }
                guard tokens[index].revoked == nil else { return tokens[index] }
                try service.recordStoreEvent(kind: "token", actor: actor, at: at, details: [
                    "action": "revoke", "token": .string(id), "person": .string(tokens[index].person),
                ])
                tokens[index].revoked = at
                tokens[index].revokedBy = actor
                try save(tokens)
                return tokens[index]
            }
        }
    }

    /// The valid token whose secret `presented` is. Unknown and wrong secrets are alike
    /// (`unknown`), so a caller learns nothing about which ids exist.
    public func verify(_ presented: String) throws(APITokenError) -> APIToken {
        guard let id = Self.tokenID(in: presented) else { throw .malformed }
        guard let token = try list().first(where: { $0.id == id }),
              Self.constantTimeEqual(Array(token.hash.utf8), Array(Self.hash(presented).utf8)) else {
            throw .unknown
        }
        if token.revoked != nil { throw .revoked(token) }
        return token
    }

    /// Runs `body`, giving a token error the service's category (and so the CLI's exit code).
    static func sorted<T>(_ body: () throws(APITokenError) -> T) throws(ServiceError) -> T {
        do {
            return try body()
        } catch .noSuchToken(let id) {
            throw .notFound(APITokenError.noSuchToken(id).description)
        } catch {
            throw .io(error.description)
        }
    }

    /// The id in `fa_<id>_<secret>`, or nil when `text` does not have that form.
    static func tokenID(in text: String) -> String? {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "fa", parts[1].count == 13, parts[1].first == "t",
              parts[2].count == 64, parts[2].allSatisfy(\.isHexDigit) else { return nil }
        return String(parts[1])
    }

    static func hash(_ secret: String) -> String { "sha256:" + Digest.sha256Hex(Array(secret.utf8)) }

    /// Compares without an early exit, so the time taken does not tell how much matched.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// Hex of `bytes` random bytes from the system's cryptographic generator (getrandom).
    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    private func save(_ tokens: [APIToken]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes = try encoder.encode(TokenFile(format: 1, tokens: tokens))
        // Durable like the store's own files; 0600 because only the server reads it.
        let writer = DurableWriter(fileSystem: POSIXFileSystem())
        try writer.replace(path, with: Array(bytes) + [0x0A], mode: 0o600)
    }

    private struct TokenFile: Codable {
        var format: Int
        var tokens: [APIToken]
    }
}
