import AgencyJSON
import AgencyServer
import AgencyHTTP
import Foundation
import HTTPTypes
import Hummingbird

/// Login, logout and invitations. Every login, failed login, lock-out and logout is
/// recorded in the store journal (`kind: "login"`).
extension WebWorkplace {
    func addLoginRoutes(to router: Router<APIRequestContext>) {
        router.get("login") { request, _ in
            if await session(request) != nil { return WebPages.redirect("/inbox") }
            return loginPage(request, next: request.uri.queryParameters["next"].map(String.init), problem: nil)
        }
        router.post("login") { request, _ in
            do {
                return try await login(request)
            } catch is FormTooLarge {
                return loginPage(request, next: nil, problem: "提交的内容太大。", status: .contentTooLarge)
            } catch {
                return loginPage(request, next: nil, problem: "无法读取提交的表单，请重新登录。", status: .badRequest)
            }
        }
        router.post("logout") { request, _ in
            let form = try? await FormBody.read(request)
            guard let session = await session(request) else { return WebPages.redirect("/login") }
            // Only the session's own form signs it out (no logging people out from another site).
            guard Self.sameOrigin(request), Self.csrfMatches(form?["csrf"], session.csrf) else { return forbiddenForm() }
            await sessions.close(session.id)
            await journal("logout", actor: session.person, details: [:])
            return WebPages.redirect("/login", headers: [
                .setCookie: Self.cookie(Self.sessionCookie, "", maxAge: 0, request: request).description,
            ])
        }
        router.get("invite/:secret") { request, context in
            let secret = context.parameters.get("secret") ?? ""
            guard let person = try? passwords.invitee(secret, now: Date()) else { return invalidInvitation() }
            let name = (try? await store.withStore { $0.people.person(person)?.name ?? person }) ?? person
            let csrf = WebSessions.random()
            return pages.page("invite", title: "设置密码", context: ["name": name, "secret": secret],
                              frame: Frame(csrf: csrf), status: .ok)
                .settingCookie(Self.cookie(Self.loginCookie, csrf, maxAge: 3600, request: request))
        }
        router.post("invite/:secret") { request, context in
            let secret = context.parameters.get("secret") ?? ""
            guard let form = try? await FormBody.read(request) else { return forbiddenForm() }
            guard Self.sameOrigin(request),
                  Self.csrfMatches(form["csrf"], request.cookies[Self.loginCookie]?.value ?? "") else {
                return forbiddenForm()
            }
            guard let password = form.raw("password"), password == form.raw("again") else {
                return pages.message("两次输入的密码不一致", "请返回上一页重新输入。", back: "/invite/\(secret)",
                                     backTitle: "重新设置", frame: Frame(csrf: ""), status: .unprocessableContent)
            }
            do {
                let person = try await store.withStore { store in
                    try Self.asWeb(store) {
                        try passwords.redeem(secret, password: password, now: Date(),
                                             at: store.service.timestamps.format(store.now), service: store.service)
                    }
                }
                await sessions.closeAll(of: person)
                return pages.message("密码已设置", "请用登录名 \(person) 和新密码登录。", back: "/login", backTitle: "去登录",
                                     frame: Frame(csrf: ""), status: .ok)
            } catch {
                return pages.message("未能设置密码", Self.describe(error), back: "/invite/\(secret)",
                                     backTitle: "重新设置", frame: Frame(csrf: ""), status: .unprocessableContent)
            }
        }
    }

    func loginPage(_ request: Request, next: String?, problem: String?, login: String = "",
                   status: HTTPResponse.Status = .ok) -> Response {
        let csrf = WebSessions.random()
        var frame = Frame(csrf: csrf)
        frame.problem = problem
        return pages.page("login", title: "登录", context: ["next": Self.safeNext(next), "login": login],
                          frame: frame, status: status)
            .settingCookie(Self.cookie(Self.loginCookie, csrf, maxAge: 3600, request: request))
    }

    func login(_ request: Request) async throws -> Response {
        let form = try await FormBody.read(request)
        let next = Self.safeNext(form["next"])
        guard Self.sameOrigin(request), Self.csrfMatches(form["csrf"], request.cookies[Self.loginCookie]?.value ?? "") else {
            return loginPage(request, next: next, problem: "页面已过期，请重新登录。", status: .forbidden)
        }
        let name = String((form["login"] ?? "").prefix(64))
        let password = form.raw("password") ?? ""
        // The attempt takes its place in the lock-out count before the password is checked,
        // so parallel guesses cannot all slip in ahead of the first failure.
        guard await throttle.begin(name) else {
            let until = await throttle.locked(name)
            if await throttle.shouldJournalRefusal(name) {
                await journal("refused-locked", actor: "web", details: ["login": .string(name)])
            }
            let when = until.map { "已锁定至 \(Self.clock($0))" } ?? "暂时不能登录"
            return loginPage(request, next: next, problem: "登录失败次数过多，该账号\(when)，请稍后再试或联系系统管理员。",
                             login: name, status: .tooManyRequests)
        }
        let known = (try? await store.withStore { $0.people.person(name) != nil }) ?? false
        let hash = known ? (try? passwords.hash(of: name)) ?? nil : nil
        let matches = await Self.bcrypt { PasswordStore.matches(password, hash: hash) }
        guard matches else {
            let locked = await throttle.failed(name)
            if known {
                if await throttle.shouldJournalFailure(name) {
                    await journal("failed", actor: "web", details: ["login": .string(name)])
                }
            } else if let summary = await throttle.unknownFailure(name) {
                // Names nobody has are journaled in summary (at most one record a minute), so
                // guessing under ever new names cannot grow the journal without bound.
                await journal("failed-unknown", actor: "web", details: [
                    "attempts": .integer(Int64(summary.count)), "last": .string(summary.last),
                ])
            }
            if let locked {
                await journal("locked", actor: "web", details: ["login": .string(name),
                                                                "until": .string(Self.clock(locked))])
            }
            return loginPage(request, next: next, problem: "登录名或密码不正确。", login: name, status: .unauthorized)
        }
        await throttle.succeeded(name)
        let session = await sessions.open(for: name, passwordStamp: try? passwords.stamp(of: name))
        await journal("login", actor: name, details: [:])
        return WebPages.redirect(next, headers: [
            .setCookie: Self.cookie(Self.sessionCookie, session.id, maxAge: Int(sessions.absoluteTimeout),
                                    request: request).description,
        ])
    }

    /// One bcrypt at a time, on a queue of its own: the check costs ~50 ms of CPU, and on
    /// Swift's cooperative pool (two threads here) a flood of logins would stall every
    /// other request; here it only makes the logins wait.
    static func bcrypt(_ check: @escaping @Sendable () -> Bool) async -> Bool {
        await withCheckedContinuation { continuation in
            bcryptQueue.async { continuation.resume(returning: check()) }
        }
    }

    static let bcryptQueue = DispatchQueue(label: "agency.web.bcrypt")

    /// Records a login event in the store journal; a failure to record is logged, not
    /// shown (the person's action already happened or was refused).
    func journal(_ action: String, actor: String, details: [String: JSONValue]) async {
        var fields = details
        fields["action"] = .string(action)
        fields["channel"] = .string("web")
        let details = fields
        do {
            try await store.withStore { store in
                try Self.asWeb(store) {
                    try store.service.store.withStoreLock {
                        try store.service.recordStoreEvent(kind: "login", actor: actor,
                                                           at: store.service.timestamps.format(store.now), details: details)
                    }
                }
            }
        } catch {
            logger.error("could not journal a \(action): \(error)")
        }
    }

    /// Runs `body` with the service stamping records as the web's (channel `web`), not as
    /// the server process's own login and channel.
    static func asWeb<T>(_ store: WebStore, _ body: () throws -> T) rethrows -> T {
        let service = store.service
        let (login, channel, token) = (service.login, service.channel, service.tokenID)
        defer { (service.login, service.channel, service.tokenID) = (login, channel, token) }
        (service.login, service.channel, service.tokenID) = (nil, "web", nil)
        return try body()
    }

    func invalidInvitation() -> Response {
        pages.message("邀请链接无效或已过期", "请联系系统管理员重新生成邀请链接。", back: "/login", backTitle: "去登录",
                      frame: Frame(csrf: ""), status: .notFound)
    }

    func forbiddenForm() -> Response {
        pages.message("表单已过期", "页面已过期或来自其他网站，请返回后重试。", back: "/inbox", backTitle: "返回",
                      frame: Frame(csrf: ""), status: .forbidden)
    }

    static func clock(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter.string(from: date)
    }

    /// An error as staff read it.
    static func describe(_ error: any Error) -> String { String(describing: error) }
}

extension Response {
    func settingCookie(_ cookie: Cookie) -> Response {
        var copy = self
        copy.headers.append(HTTPField(name: .setCookie, value: cookie.description))
        return copy
    }
}
