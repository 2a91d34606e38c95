import AgencyServer
import HTTPTypes
import Hummingbird

/// A caller as a credential established it.
public struct AuthenticatedCaller: Sendable, Equatable {
    public var caller: Caller
    public var scope: APIToken.Scope

    public init(caller: Caller, scope: APIToken.Scope) {
        self.caller = caller
        self.scope = scope
    }
}

/// One way of establishing who sent a request. The API has bearer tokens; the web
/// workplace (issue 17) adds its login sessions as another authenticator, so both reach
/// the same routes with a `Caller` of their own channel.
public protocol CallerAuthenticator: Sendable {
    /// The caller, or nil when the request carries no credential of this kind (the next
    /// authenticator is asked). Throws when it carries one that is not valid.
    func authenticate(_ request: Request) async throws(APIProblem) -> AuthenticatedCaller?
}

/// `Authorization: Bearer fa_<id>_<secret>`: a per-person API token (`agency people token`).
public struct BearerTokenAuthenticator: CallerAuthenticator {
    public let tokens: APITokenStore

    public init(tokens: APITokenStore) {
        self.tokens = tokens
    }

    public func authenticate(_ request: Request) async throws(APIProblem) -> AuthenticatedCaller? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        do {
            let token = try tokens.verify(parts[1].trimmingCharacters(in: .whitespaces))
            return AuthenticatedCaller(caller: Caller(channel: .api, person: token.person, tokenID: token.id),
                                       scope: token.scope)
        } catch .file(let message) {
            // The server's own file is unreadable: not the caller's fault, and worth an alert.
            throw APIProblem(status: .serviceUnavailable, code: "io", message: message)
        } catch {
            throw .unauthorized(error.description)
        }
    }
}

/// Refuses a request unless one of `authenticators` establishes its caller with a scope
/// in `scopes`; puts the caller in the context for the routes.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let authenticators: [any CallerAuthenticator]
    let scopes: Set<APIToken.Scope>

    func handle(_ request: Request, context: APIRequestContext,
                next: (Request, APIRequestContext) async throws -> Response) async throws -> Response {
        for authenticator in authenticators {
            guard let found = try await authenticator.authenticate(request) else { continue }
            guard scopes.contains(found.scope) else {
                throw APIProblem(status: .forbidden, code: "not_permitted",
                                 message: "this token's scope is '\(found.scope.rawValue)'; it may not use \(request.uri.path) "
                                    + "/ 该令牌无权访问此接口")
            }
            var context = context
            context.caller = found.caller
            context.scope = found.scope
            context.logger[metadataKey: "person"] = .string(found.caller.person ?? "")
            context.logger[metadataKey: "channel"] = .string(found.caller.channel.rawValue)
            if let token = found.caller.tokenID { context.logger[metadataKey: "token"] = .string(token) }
            return try await next(request, context)
        }
        throw APIProblem.unauthorized("this request needs 'Authorization: Bearer <API token>'; an administrator "
            + "creates one with: agency people token PERSON / 缺少 API 令牌")
    }
}
