@testable import AgencyCLI
import AgencyHTTP
import AgencyFormats
import AgencyJSON
import AgencyServer
@testable import AgencyWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The web workplace in process over the real commands: login, CSRF, lock-out, session
/// expiry, who may see what, and escaping. The browser test (Scripts/web-browser-test)
/// drives the same pages in chromium.
@Suite struct WebWorkplaceTests {
    let fixture: StoreFixture
    let clock = TestClock()

    init() throws {
        fixture = try StoreFixture()
    }

    final class TestClock: @unchecked Sendable {
        private let lock = NSLock()
        private var now = Date()
        func read() -> Date { lock.withLock { now } }
        func advance(_ seconds: TimeInterval) { lock.withLock { now += seconds } }
    }

    /// The router with the API and the workplace, and the hot store beside it.
    func application() throws -> (some ApplicationProtocol, HotStore) {
        let executor = ServedExecutor(handler: AgencyProcessHandler(store: fixture.store, workflows: fixture.workflows))
        let hot = HotStore(storeURL: fixture.store, workflowsFolder: fixture.workflows)
        let clock = self.clock
        let web = try WebWorkplace(executor: executor, store: ServedWebStore(executor: executor, hot: hot),
                                   sessions: WebSessions(clock: { clock.read() }),
                                   throttle: LoginThrottle(clock: { clock.read() }))
        var server = HTTPServer(executor: executor, tokens: APITokenStore(storeDirectory: fixture.store.path))
        server.extraRoutes = { web.addRoutes(to: $0) }
        return (Application(router: server.makeRouter()), hot)
    }

    func setPassword(_ person: String, _ password: String, hot: HotStore) throws {
        let service = try hot.current().service
        try PasswordStore(storeDirectory: fixture.store.path)
            .set(person: person, password: password, actor: "admin", at: "2025-01-06T09:00:00+08:00", via: "cli",
                 service: service)
    }

    /// A browser's cookie jar, enough for these pages.
    final class Browser: @unchecked Sendable {
        var cookies: [String: String] = [:]
        var headers: HTTPFields {
            var fields = HTTPFields()
            if !cookies.isEmpty { fields[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
            return fields
        }

        func keep(_ response: TestResponse) {
            for field in response.headers where field.name == .setCookie {
                let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                cookies[String(pair[0])] = pair[1].isEmpty ? nil : String(pair[1])
            }
        }

        func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (TestResponse, String) {
            let response = try await client.execute(uri: uri, method: .get, headers: headers, body: nil)
            keep(response)
            return (response, String(buffer: response.body))
        }

        func post(_ client: some TestClientProtocol, _ uri: String, _ form: [(String, String)]) async throws
            -> (TestResponse, String) {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
                .joined(separator: "&")
            var fields = headers
            fields[.contentType] = "application/x-www-form-urlencoded"
            let response = try await client.execute(uri: uri, method: .post, headers: fields, body: ByteBuffer(string: body))
            keep(response)
            return (response, String(buffer: response.body))
        }

        /// Logs in through the form; returns the response to the POST.
        func login(_ client: some TestClientProtocol, _ name: String, _ password: String, next: String = "/inbox")
            async throws -> TestResponse {
            let (_, page) = try await get(client, "/login")
            return try await post(client, "/login", [("csrf", csrf(in: page)), ("login", name), ("password", password),
                                                     ("next", next)]).0
        }
    }

    static func csrf(in page: String) -> String {
        guard let range = page.range(of: #"name="csrf" value=""#) else { return "" }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    func records(_ hot: HotStore, kind: String) throws -> [JSONValue] {
        try hot.current().service.storeJournal().filter { $0["kind"]?.stringValue == kind }
    }

    @Test("log in, see the item by its project, act with the session's CSRF token; without it nothing happens")
    func loginAndAct() async throws {
        let (app, hot) = try application()
        try setPassword("wangfang", "Dai-ban-2025", hot: hot)
        #expect(fixture.run(["start", "joint_review", "--id", "p-1", "--input",
                             #"{"project":"锂电池负极材料项目","agent":"wangfang"}"#], as: "wangfang").status == 0)
        try await app.test(.router) { client in
            let browser = Browser()
            let (anonymous, _) = try await browser.get(client, "/inbox")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/login?next=/inbox")
            let login = try await browser.login(client, "wangfang", "Dai-ban-2025")
            #expect(login.status == .seeOther)
            let cookie = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("agency_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            let (inbox, page) = try await browser.get(client, "/inbox")
            #expect(inbox.status == .ok)
            #expect(page.contains("锂电池负极材料项目"))
            #expect(page.contains("项目联审 · 准备材料"))
            #expect(page.contains("<title>(1) 我的待办"))
            let (_, item) = try await browser.get(client, "/instances/p-1")
            let token = Self.csrf(in: item)
            let forged = try await browser.post(client, "/instances/p-1/act",
                                                [("action", "complete:submitted"), ("comment", "伪造")]).0
            #expect(forged.status == .forbidden)
            let wrong = try await browser.post(client, "/instances/p-1/act",
                                               [("csrf", String(repeating: "0", count: 64)), ("action", "complete:submitted")]).0
            #expect(wrong.status == .forbidden)
            #expect(fixture.run(["show", "p-1", "--json"]).standardOutput.count > 0)
            #expect(try hot.current().service.instance("p-1").state == "prepare")
            let (done, _) = try await browser.post(client, "/instances/p-1/act",
                                                   [("csrf", token), ("item", "w1"), ("action", "complete:submitted"),
                                                    ("comment", "材料已备齐<script>alert(1)</script>")])
            #expect(done.status == .seeOther)
            #expect(try hot.current().service.instance("p-1").state == "review")
            let log = String(decoding: fixture.run(["log", "p-1"]).standardOutput, as: UTF8.self)
            #expect(log.contains("材料已备齐"))
            let (_, after) = try await browser.get(client, "/instances/p-1?done=complete")
            #expect(after.contains("已办理。") && after.contains("材料已备齐&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!after.contains("<script>"))
            let (_, empty) = try await browser.get(client, "/inbox")
            #expect(empty.contains("没有待办事项"))
            let (_, history) = try await browser.get(client, "/inbox?view=done")
            #expect(history.contains("锂电池负极材料项目"))
        }
        let logins = try records(hot, kind: "login")
        #expect(logins.map { $0["details"]?["action"]?.stringValue } == ["login"])
        #expect(logins.first?["actor"]?.stringValue == "wangfang")
    }

    @Test("another person's instance by URL is refused; their action is refused by the command; a script is inert")
    func permissionsAndEscaping() async throws {
        let (app, hot) = try application()
        try setPassword("zhangwei", "Bao-lian-2025", hot: hot)
        let hostile = #"{"project":"<script>alert('x')</script>","agent":"wangfang"}"#
        #expect(fixture.run(["start", "joint_review", "--id", "p-1", "--input", hostile], as: "wangfang").status == 0)
        try await app.test(.router) { client in
            let browser = Browser()
            do {
                let response = try await browser.login(client, "zhangwei", "Bao-lian-2025")
                #expect(response.status == .seeOther)
            }
            let (refused, page) = try await browser.get(client, "/instances/p-1")
            #expect(refused.status == .forbidden)
            #expect(page.contains("无权查看"))
            #expect(!page.contains("<script>"))
            let (_, inbox) = try await browser.get(client, "/inbox")
            let (acted, answer) = try await browser.post(client, "/instances/p-1/act",
                                                         [("csrf", Self.csrf(in: inbox)), ("item", "w1"),
                                                          ("action", "complete:submitted")])
            #expect(acted.status == .forbidden)
            #expect(!answer.contains("<script>alert"))
            #expect(try hot.current().service.instance("p-1").state == "prepare")
            let (missing, _) = try await browser.get(client, "/instances/p-404")
            #expect(missing.status == .notFound)
        }
        // Once the approval reaches zhangwei, the page opens, with the project's text escaped.
        #expect(fixture.run(["complete", "p-1", "submitted"], as: "wangfang").status == 0)
        try await app.test(.router) { client in
            let browser = Browser()
            do {
                let response = try await browser.login(client, "zhangwei", "Bao-lian-2025")
                #expect(response.status == .seeOther)
            }
            let (shown, page) = try await browser.get(client, "/instances/p-1")
            #expect(shown.status == .ok)
            #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            #expect(!page.contains("<script>"))
            #expect(shown.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
        }
    }

    @Test("five wrong passwords lock the login for 15 minutes, journaled; then it works again")
    func lockOut() async throws {
        let (app, hot) = try application()
        try setPassword("wangfang", "Dai-ban-2025", hot: hot)
        try await app.test(.router) { client in
            let browser = Browser()
            for _ in 0..<5 {
                do {
                    let response = try await browser.login(client, "wangfang", "guess-guess")
                    #expect(response.status == .unauthorized)
                }
            }
            do {
                let response = try await browser.login(client, "wangfang", "Dai-ban-2025")
                #expect(response.status == .tooManyRequests)
            }
            clock.advance(16 * 60)
            do {
                let response = try await browser.login(client, "wangfang", "Dai-ban-2025")
                #expect(response.status == .seeOther)
            }
            // An unknown login fails like a wrong password, no faster and no different.
            do {
                let response = try await Browser().login(client, "nobody", "Dai-ban-2025")
                #expect(response.status == .unauthorized)
            }
        }
        let actions = try records(hot, kind: "login").compactMap { $0["details"]?["action"]?.stringValue }
        #expect(actions.filter { $0 == "failed" }.count == 5)
        #expect(actions.contains("locked") && actions.contains("refused-locked") && actions.last == "failed-unknown")
    }

    @Test("a session ends after 30 idle minutes and at logout; a login's next is never another site")
    func sessionsEnd() async throws {
        let (app, hot) = try application()
        try setPassword("wangfang", "Dai-ban-2025", hot: hot)
        try await app.test(.router) { client in
            let browser = Browser()
            let login = try await browser.login(client, "wangfang", "Dai-ban-2025", next: "//evil.example/x")
            #expect(login.headers[.location] == "/inbox")
            do {
                let response = try await browser.get(client, "/projects").0
                #expect(response.status == .ok)
            }
            clock.advance(31 * 60)
            let (expired, _) = try await browser.get(client, "/projects")
            #expect(expired.status == .seeOther)
            do {
                let response = try await browser.login(client, "wangfang", "Dai-ban-2025")
                #expect(response.status == .seeOther)
            }
            let (_, page) = try await browser.get(client, "/inbox")
            let (out, _) = try await browser.post(client, "/logout", [("csrf", Self.csrf(in: page))])
            #expect(out.headers[.location] == "/login")
            do {
                let response = try await browser.get(client, "/inbox").0
                #expect(response.status == .seeOther)
            }
        }
        let actions = try records(hot, kind: "login").compactMap { $0["details"]?["action"]?.stringValue }
        #expect(actions == ["login", "login", "logout"])
    }
}

extension WebWorkplaceTests {
    @Test("an invitation link sets the password once; a password change ends the sessions opened before it")
    func invitationAndPasswordChange() async throws {
        let (app, hot) = try application()
        let service = try hot.current().service
        let invitation = try PasswordStore(storeDirectory: fixture.store.path)
            .invite(person: "liqiang", actor: "admin", at: Date(), timestamps: service.timestamps.format, service: service)
        try await app.test(.router) { client in
            let browser = Browser()
            let (opened, page) = try await browser.get(client, "/invite/\(invitation.secret)")
            #expect(opened.status == .ok)
            #expect(page.contains("李强"))
            let form = [("csrf", Self.csrf(in: page)), ("password", "Li-qiang-2025"), ("again", "Li-qiang-2025")]
            let (set, _) = try await browser.post(client, "/invite/\(invitation.secret)", form)
            #expect(set.status == .ok)
            let (reused, _) = try await browser.post(client, "/invite/\(invitation.secret)", form)
            #expect(reused.status == .unprocessableContent)
            #expect(try await browser.get(client, "/invite/\(invitation.secret)").0.status == .notFound)
            do {
                let response = try await browser.login(client, "liqiang", "Li-qiang-2025")
                #expect(response.status == .seeOther)
            }
            #expect(try await browser.get(client, "/inbox").0.status == .ok)
            try setPassword("liqiang", "Another-2025", hot: hot)
            #expect(try await browser.get(client, "/inbox").0.status == .seeOther)
            let (weak, _) = try await Browser().get(client, "/login")
            #expect(weak.status == .ok)
        }
        let actions = try records(hot, kind: "password").compactMap { $0["details"]?["action"]?.stringValue }
        #expect(actions == ["invite", "set", "set"])
    }
}
