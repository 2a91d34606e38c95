import AgencyHTTP
import AgencyJSON
import AgencyServer
import Foundation
import Hummingbird

/// /admin: the people directory's versions (preview and apply a new one), schedules,
/// notification delivery, and verification of every journal. Administrators only; every
/// change is the CLI command that makes it, as the administrator.
extension WebWorkplace {
    func addAdminRoutes(to router: Router<APIRequestContext>) {
        router.get("admin") { request, _ in
            let session = try await requireSession(request)
            return try await adminPage(session, extra: [:])
        }
        router.post("admin/people") { request, _ in
            let session = try await requireSession(request)
            let form: FormBody
            do {
                form = try await FormBody.read(request)
            } catch {
                return try await adminPage(session, extra: [:], problem: Self.describe(error),
                                           status: error is FormTooLarge ? .contentTooLarge : .badRequest)
            }
            guard Self.sameOrigin(request), Self.csrfMatches(form["csrf"], session.csrf) else { return forbiddenForm() }
            let bytes: [UInt8]
            if let file = form.files.first {
                bytes = file.bytes
            } else if let carried = form["content"], let data = Data(base64Encoded: carried) {
                bytes = [UInt8](data)
            } else {
                return try await adminPage(session, extra: [:], problem: "请选择新的人员名录文件（people.json）。",
                                           status: .unprocessableContent)
            }
            let apply = form["action"] == "apply"
            let result = await executor.run(
                ServedRequest(arguments: ["people", "apply", "--json"] + (apply ? [] : ["--dry-run"]) + ["--", "people.json"],
                              workingDirectory: "/"),
                caller: Caller(channel: .web, person: session.person), io: UploadedFileIO(name: "people.json", bytes: bytes))
            guard result.status == 0, let answer = try? JSONValue.parse(result.standardOutput) else {
                return try await adminPage(session, extra: [:], problem: Self.commandProblem(result),
                                           status: Self.status(exit: result.status))
            }
            var change = AdminView.change(answer)
            change["content"] = Data(bytes).base64EncodedString()
            change["preview"] = !apply
            return try await adminPage(session, extra: ["change": change],
                                       flash: apply ? "新的人员名录已应用，并已记入存储日志。" : nil)
        }
        router.post("admin/verify") { request, _ in
            let session = try await requireSession(request)
            guard let form = try? await FormBody.read(request), Self.sameOrigin(request),
                  Self.csrfMatches(form["csrf"], session.csrf) else { return forbiddenForm() }
            let result = await run(["verify", "--all", "--json"], as: session.person)
            guard let answer = try? JSONValue.parse(result.standardOutput) else {
                return try await adminPage(session, extra: [:], problem: Self.commandProblem(result),
                                           status: Self.status(exit: result.status))
            }
            return try await adminPage(session, extra: ["verification": AdminView.verification(answer)])
        }
    }

    /// The admin page, with what a form just did in `extra`.
    func adminPage(_ session: WebSession, extra: [String: Any], flash: String? = nil, problem: String? = nil,
                   status: HTTPResponse.Status = .ok) async throws -> Response {
        let admin = try await store.withStore { $0.people.isAdmin(session.person) }
        guard admin else {
            return pages.message("无权访问", "管理页面仅限系统管理员（admin）。", frame: Frame(person: session.person, csrf: session.csrf),
                                 status: .forbidden)
        }
        let history = await run(["people", "history", "--json"], as: session.person)
        let schedules = await run(["schedule", "list", "--json"], as: session.person)
        let notifications = await run(["notifications", "list", "--json"], as: session.person)
        let parsed = [history, schedules, notifications].map { (try? JSONValue.parse($0.standardOutput)) ?? .array([]) }
        let extraContext = ExtraContext(values: extra)
        return try await render(session, nav: "Admin", flash: flash, problem: problem, status: status) { store in
            let naming = Naming(store: store)
            var context = extraContext.values
            context["people"] = AdminView.peopleHistory(parsed[0], naming: naming)
            context["peopleCount"] = store.people.people.count
            context["schedules"] = AdminView.schedules(parsed[1])
            var notifications = AdminView.notifications(parsed[2], naming: naming.person)
            notifications["delivered"] = (try? store.service.store.notifications(delivered: true).notifications.count) ?? 0
            context["notifications"] = notifications
            return ("admin", "管理", context, nil)
        }
    }
}

/// A page's extra context carried onto the executor (plain dictionaries of strings,
/// numbers and lists).
struct ExtraContext: @unchecked Sendable {
    let values: [String: Any]
}
