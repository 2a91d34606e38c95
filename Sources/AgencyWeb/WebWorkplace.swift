import AgencyHTTP
import AgencyServer
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The web workplace (Docs/web.md): Chinese pages for staff, served by `agency serve
/// --listen` beside the JSON API, on the same serial executor.
///
/// Reads go through ``WebStoreAccess`` (between two commands, never during one); every
/// change runs the CLI command that makes it, as the signed-in person (channel `web`), so
/// permissions, journal records and errors are exactly the CLI's.
public struct WebWorkplace: Sendable {
    public let executor: ServedExecutor
    public let store: any WebStoreAccess
    public let sessions: WebSessions
    public let throttle: LoginThrottle
    let pages: WebPages
    let logger: Logger
    var passwords: PasswordStore { PasswordStore(storeDirectory: store.storeDirectory) }

    public init(executor: ServedExecutor, store: any WebStoreAccess, sessions: WebSessions = WebSessions(),
                throttle: LoginThrottle = LoginThrottle(), logger: Logger = Logger(label: "agency.web")) throws {
        self.logger = logger
        self.executor = executor
        self.store = store
        self.sessions = sessions
        self.throttle = throttle
        self.pages = try WebPages()
    }

    /// Adds the workplace's routes (`/`, `/login`, `/inbox`, `/instances/…`, `/projects`,
    /// `/report`, `/dashboard`, `/invite/…`, `/static/app.css`).
    public func addRoutes(to router: Router<APIRequestContext>) {
        router.get("static/app.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: Stylesheet.full)))
        }
        router.get("/") { _, _ in WebPages.redirect("/inbox") }
        addLoginRoutes(to: router)
        addWorkRoutes(to: router)
        addOverviewRoutes(to: router)
        addAdminRoutes(to: router)
    }

    // MARK: - Sessions and forms

    static let sessionCookie = "agency_session"
    static let loginCookie = "agency_login"

    /// The signed-in session of `request`, or nil.
    func session(_ request: Request) async -> WebSession? {
        guard let id = request.cookies[Self.sessionCookie]?.value, id.count == 64,
              let session = await sessions.session(id) else { return nil }
        // A password changed since this session began (by the person elsewhere, or by an
        // administrator who suspects a stolen session) ends it.
        guard (try? passwords.stamp(of: session.person)) == session.passwordStamp else {
            await sessions.close(id)
            return nil
        }
        // Someone taken out of the people directory is signed out at their next request.
        // (A store that cannot be read just now signs nobody out.)
        if (try? await store.withStore({ $0.people.person(session.person) != nil })) == false {
            await sessions.closeAll(of: session.person)
            return nil
        }
        return session
    }

    /// The session, or a redirect to the login page that comes back here.
    func requireSession(_ request: Request) async throws(WebRedirect) -> WebSession {
        guard let session = await session(request) else {
            // After a POST (an action whose session ran out) the way back is the page the form
            // was on, not the form's address, which answers no GET.
            let next = request.method == .get
                ? request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                : Self.pageOf(postedTo: request.uri.path)
            throw WebRedirect(location: "/login?next=" + Self.queryEscaped(next))
        }
        return session
    }

    /// The page whose form posts to `path`: `/instances/X/act` → `/instances/X`.
    static func pageOf(postedTo path: String) -> String {
        for suffix in ["/act", "/verify"] where path.hasPrefix("/instances/") && path.hasSuffix(suffix) {
            return String(path.dropLast(suffix.count))
        }
        return path.hasPrefix("/admin") ? "/admin" : "/inbox"
    }

    /// Whether a POST is this session's own form: the CSRF token matches and, when the
    /// browser says where the form came from, it came from this site.
    /// ("null", which privacy settings send, proves nothing either way: the token decides).
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin], origin != "null" else { return true }
        guard let host = request.head.authority else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    static func csrfMatches(_ presented: String?, _ expected: String) -> Bool {
        guard let presented, presented.utf8.count == expected.utf8.count else { return false }
        return zip(presented.utf8, expected.utf8).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A cookie for this workplace: HttpOnly, SameSite=Lax, Secure behind TLS.
    static func cookie(_ name: String, _ value: String, maxAge: Int?, request: Request) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: isHTTPS(request), httpOnly: true,
               sameSite: .lax)
    }

    /// Behind the TLS front the proxy says so (Deploy/nginx-agency.conf sets X-Forwarded-Proto).
    static func isHTTPS(_ request: Request) -> Bool {
        request.headers[HTTPField.Name("X-Forwarded-Proto") ?? .via] == "https"
    }

    static func queryEscaped(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/inbox"
    }

    /// Only paths on this site may be a login's `next` (no open redirect).
    /// A path of this site: begins with one `/`, and holds no backslash, whitespace or
    /// control character (browsers drop tabs and newlines, so `/\t/evil.example` would
    /// become `//evil.example`).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
              !next.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }),
              URLComponents(string: next)?.host == nil else { return "/inbox" }
        return next
    }

    func frame(_ session: WebSession, person: String, badge: Int?, nav: String) -> Frame {
        Frame(person: person, csrf: session.csrf, badge: badge, nav: nav)
    }
}

/// A redirect thrown from deep in a handler (no session: go and log in).
struct WebRedirect: Error, HTTPResponseError {
    let location: String
    var status: HTTPResponse.Status { .seeOther }
    var headers: HTTPFields { [.location: location] }
    func response(from request: Request, context: some RequestContext) throws -> Response {
        WebPages.redirect(location)
    }
}
