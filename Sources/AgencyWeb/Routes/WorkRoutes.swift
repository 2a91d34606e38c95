import AgencyJSON
import AgencyServer
import AgencyService
import AgencyHTTP
import Foundation
import Hummingbird
import WorkflowEngine

/// 我的待办, an instance's page, its actions and its verification.
extension WebWorkplace {
    func addWorkRoutes(to router: Router<APIRequestContext>) {
        router.get("inbox") { request, _ in
            let session = try await requireSession(request)
            let filter = request.uri.queryParameters["view"].flatMap { InboxView.Filter(rawValue: String($0)) } ?? .todo
            return try await render(session, nav: "Inbox") { store in
                let context = try InboxView.build(store, person: session.person, filter: filter)
                return ("inbox", "我的待办", context, context["openCount"] as? Int)
            }
        }
        router.get("instances/:id") { request, context in
            let session = try await requireSession(request)
            let id = context.parameters.get("id") ?? ""
            var flash: String?
            if let done = request.uri.queryParameters["done"] { flash = Self.doneMessage(String(done)) }
            return try await render(session, nav: "", flash: flash) { store in
                try Self.checkViewer(store, id: id, person: session.person)
                let page = try InstanceView.build(store, id: id, viewer: session.person)
                return ("instance", page["subject"] as? String ?? id, page, nil)
            }
        }
        router.post("instances/:id/act") { request, context in
            let session = try await requireSession(request)
            let id = context.parameters.get("id") ?? ""
            let form: FormBody
            do {
                form = try await FormBody.read(request)
            } catch {
                return try await instancePage(session, id: id, problem: Self.describe(error),
                                              status: error is FormTooLarge ? .contentTooLarge : .badRequest)
            }
            guard Self.sameOrigin(request), Self.csrfMatches(form["csrf"], session.csrf) else { return forbiddenForm() }
            let arguments: [String]
            do {
                // Who may see the instance, and which actions the page offered them, are
                // checked before anything is stored or any command runs.
                let offered = try await store.withStore { store in
                    try Self.checkViewer(store, id: id, person: session.person)
                    return try InstanceView.offeredActions(store, id: id, viewer: session.person)
                }
                arguments = try await actionArguments(form, instance: id, offered: offered)
            } catch let error as AttachmentError {
                let status: HTTPResponse.Status = if case .tooLarge = error { .contentTooLarge } else { .unsupportedMediaType }
                return try await instancePage(session, id: id, problem: error.description, status: status)
            } catch let error as WebForbidden {
                return pages.message("无权操作", error.description, frame: Frame(person: session.person, csrf: session.csrf),
                                     status: .forbidden)
            } catch where ServiceError(error).category == .notFound {
                return pages.message("没有找到", "没有编号为“\(id)”的事项。", frame: Frame(person: session.person, csrf: session.csrf),
                                     status: .notFound)
            } catch {
                return try await instancePage(session, id: id, problem: Self.describe(error), status: .unprocessableContent)
            }
            let result = await run(arguments, as: session.person)
            guard result.status == 0 else {
                return try await instancePage(session, id: id, problem: Self.commandProblem(result),
                                              status: Self.status(exit: result.status))
            }
            return WebPages.redirect("/instances/\(Self.queryEscaped(id))?done=\(arguments[0])")
        }
        router.get("instances/:id/attachments/:digest") { request, context in
            let session = try await requireSession(request)
            let id = context.parameters.get("id") ?? ""
            let digest = context.parameters.get("digest") ?? ""
            return try await attachment(session, instance: id, digest: digest)
        }
        router.post("instances/:id/verify") { request, context in
            let session = try await requireSession(request)
            let id = context.parameters.get("id") ?? ""
            guard let form = try? await FormBody.read(request), Self.sameOrigin(request),
                  Self.csrfMatches(form["csrf"], session.csrf) else { return forbiddenForm() }
            do {
                try await store.withStore { try Self.checkViewer($0, id: id, person: session.person) }
            } catch {
                return pages.message("无权查看", "你无权查看此事项，或它不存在。", frame: Frame(person: session.person, csrf: session.csrf),
                                     status: .forbidden)
            }
            let result = await run(["verify", "--", id], as: session.person)
            let text = String(decoding: result.standardOutput + result.standardError, as: UTF8.self)
            if result.status == 0 {
                return WebPages.redirect("/instances/\(Self.queryEscaped(id))?done=verify")
            }
            return try await instancePage(session, id: id, problem: "校验未通过：" + text,
                                          status: Self.status(exit: result.status))
        }
    }

    /// An attachment of an instance, to a person who may see the instance, only when the
    /// instance's journal names it; checked against its hash as it is read.
    func attachment(_ session: WebSession, instance id: String, digest: String) async throws -> Response {
        let attachments = AttachmentStore(storeDirectory: store.storeDirectory)
        let found = try? await store.withStore { store -> (String, [UInt8])? in
            try Self.checkViewer(store, id: id, person: session.person)
            let prefix = "sha256:\(digest) "
            let named = try store.service.journal(id).lazy.compactMap { record in
                (record["details"]?["command"]?["attachments"]?.arrayValue ?? [])
                    .compactMap(\.stringValue).first { $0.hasPrefix(prefix) }
            }.first
            guard let named, let bytes = attachments.read(digest) else { return nil }
            return (String(named.dropFirst(prefix.count)), bytes)
        }
        guard let (name, bytes) = found ?? nil else {
            return pages.message("没有找到附件", "此事项没有这个附件，或你无权查看。",
                                 frame: Frame(person: session.person, csrf: session.csrf), status: .notFound)
        }
        var headers = WebPages.securityHeaders
        headers[.contentType] = AttachmentKind.of(name: name)?.mediaType ?? "application/octet-stream"
        headers[.contentDisposition] = "attachment; filename*=UTF-8''" + Self.rfc5987(name)
        headers[.contentSecurityPolicy] = "sandbox; default-src 'none'"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func rfc5987(_ name: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "attachment"
    }

    /// The instance's page again, with a problem to show.
    func instancePage(_ session: WebSession, id: String, problem: String,
                      status: HTTPResponse.Status) async throws -> Response {
        try await render(session, nav: "", problem: problem, status: status) { store in
            try Self.checkViewer(store, id: id, person: session.person)
            let page = try InstanceView.build(store, id: id, viewer: session.person)
            return ("instance", page["subject"] as? String ?? id, page, nil)
        }
    }

    /// Runs a CLI command as `person` on the executor (channel `web`).
    func run(_ arguments: [String], as person: String) async -> ServedResponse {
        let request = ServedRequest(arguments: arguments, workingDirectory: "/")
        return await executor.run(request, caller: Caller(channel: .web, person: person), io: NoClientFiles())
    }

    /// The command line a form's button stands for. Values are `--name=value` and the
    /// instance comes after `--`, so nothing typed is ever read as an option.
    func actionArguments(_ form: FormBody, instance: String, offered: OfferedActions) async throws -> [String] {
        let action = form["action"] ?? ""
        guard offered.allows(action, item: form["item"]) else {
            throw WebFormError("这个操作不在此事项当前可办理的范围内；请刷新页面后，用页面上的按钮办理。")
        }
        var options: [String] = []
        if let item = form["item"] { options.append("--item=\(item)") }
        if let comment = form["comment"] {
            guard comment.count <= Self.maximumComment else {
                throw WebFormError("意见最多 \(Self.maximumComment) 字，现有 \(comment.count) 字；较长的材料请作为附件上传。")
            }
            options.append("--comment=\(comment)")
        }
        guard form.files.count <= Self.maximumFiles else {
            throw WebFormError("一次最多上传 \(Self.maximumFiles) 个附件。")
        }
        // Stored before the command runs, by content: a refused command leaves an unused
        // file, never a record naming a file that is not there.
        for file in form.files {
            let attachments = AttachmentStore(storeDirectory: store.storeDirectory)
            let reference = try await store.withStore { _ in try attachments.store(file) }
            options.append("--attach=\(reference)")
        }
        var positionals = [instance]
        let verb: String
        let typed = form.fields(prefix: "field.")
        if !typed.isEmpty, ["approve", "reject"].contains(action) || action.hasPrefix("complete") {
            options.append("--data=\(try await formData(typed, instance: instance))")
        }
        switch action {
        case "approve", "reject", "return", "withdraw", "comment":
            verb = action
            if action == "comment", form["comment"] == nil { throw WebFormError("评论内容不能为空。") }
        case "complete":
            verb = "complete"
        case let outcome where outcome.hasPrefix("complete:"):
            verb = "complete"
            positionals.append(String(outcome.dropFirst("complete:".count)))
        case let event where ProjectRecordForms.events.contains(event):
            verb = "send"
            positionals.append(event)
            options.append("--data=\(try ProjectRecordForms.data(event, form))")
        case "transfer", "delegate", "addsign":
            verb = action
            guard let typed = form["to"] else { throw WebFormError("请填写要交给谁（登录名或姓名）。") }
            let person = try await resolvePerson(typed)
            options.append(action == "addsign" ? "--who=\(person)" : "--to=\(person)")
            if action == "addsign" { options.append("--where=after") }
        default:
            throw WebFormError("未知的操作“\(action)”。")
        }
        return [verb] + options + ["--"] + positionals
    }

    /// The form's fields as the `--data` JSON, each typed as the workflow declares it (a
    /// number that is not one is refused here, naming the field).
    func formData(_ typed: [(String, String)], instance: String) async throws -> String {
        let inputs = try await store.withStore { store -> [String: (type: String, title: String)] in
            let current = try store.service.instance(instance)
            let definition = try store.service.definition(current.workflow, current.version)
            return Dictionary(definition.inputs.map { ($0.name, ($0.type.rawValue, $0.title ?? InstanceView.knownTitles[$0.name] ?? $0.name)) },
                              uniquingKeysWith: { first, _ in first })
        }
        var object: [String: JSONValue] = [:]
        for (name, text) in typed {
            let title = inputs[name]?.title ?? name
            switch inputs[name]?.type {
            case "integer":
                guard let number = Int64(text) else { throw WebFormError("“\(title)”应为整数，收到“\(text)”。") }
                object[name] = .integer(number)
            case "number":
                guard let number = Double(text), number.isFinite else { throw WebFormError("“\(title)”应为数字，收到“\(text)”。") }
                object[name] = .double(number)
            case "boolean":
                object[name] = .bool(text == "true")
            default:
                object[name] = .string(text)
            }
        }
        return try JSONValue.object(object).canonicalString()
    }

    /// Files one action may carry.
    static let maximumFiles = 5
    /// The longest comment (意见) a form may carry, in characters.
    static let maximumComment = 5_000

    /// A person by id, or by name when exactly one person has it.
    func resolvePerson(_ typed: String) async throws -> String {
        try await store.withStore { store in
            if store.people.person(typed) != nil { return typed }
            let named = store.people.people.filter { $0.name == typed }
            guard named.count == 1 else {
                throw WebFormError(named.isEmpty ? "人员名录中没有“\(typed)”。" : "有多人名为“\(typed)”，请填写登录名。")
            }
            return named[0].id
        }
    }

    /// Who may open an instance's page: an administrator or 主任, or anyone it involves
    /// (initiator, anyone who holds or held one of its items, a copy's recipient, the
    /// project's 包联领导/代办员/联络员), on it, on its root instance, or on the project its
    /// `project` field names (a 督办 item or a 难点堵点 about a project).
    static func checkViewer(_ store: WebStore, id: String, person: String) throws {
        let instance: Instance
        do {
            instance = try store.service.instance(id)
        } catch {
            // An id that cannot name an instance (`..%2F..`, spaces) is simply not found.
            let sorted = ServiceError(error)
            throw sorted.category == .invalid ? ServiceError.notFound("没有编号为“\(id)”的事项。") : sorted
        }
        if store.people.isAdmin(person) || store.people.person(person)?.roles.contains("主任") == true { return }
        var candidates = [instance]
        if let dot = id.firstIndex(of: "."), let root = try? store.service.instance(String(id[..<dot])) {
            candidates.append(root)
        }
        if let project = InstanceView.rootProject(store, of: instance) { candidates.append(project) }
        for candidate in candidates where involves(candidate, person) { return }
        throw WebForbidden("你无权查看此事项：它与你没有关联。如需查看，请联系包联领导或系统管理员。")
    }

    static func involves(_ instance: Instance, _ person: String) -> Bool {
        if instance.initiator == person { return true }
        if (instance.cc ?? []).contains(where: { $0.to == person }) { return true }
        if ["leader", "agent", "liaison"].contains(where: { instance.data[$0]?.stringValue == person }) { return true }
        return instance.items.contains { item in
            item.assignee == person || item.owner == person || item.onBehalfOf == person || item.actedBy == person
                || item.history.contains { $0.actor == person || $0.to == person }
        }
    }

    static func doneMessage(_ verb: String) -> String? {
        [
            "approve": "已同意。", "reject": "已提交不同意意见。", "complete": "已办理。", "comment": "评论已发表。",
            "transfer": "已转办。", "delegate": "已委派。", "addsign": "已加签。", "return": "已退回。",
            "withdraw": "已撤回。", "verify": "记录链校验通过：每条记录的哈希与签名都对得上。",
        ][verb]
    }

    /// The command's error as staff read it: the API's reading of it (no `agency: error:`
    /// prefix, no usage lines), or a Chinese line when it printed nothing.
    static func commandProblem(_ result: ServedResponse) -> String {
        let quiet = String(decoding: result.standardError, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return quiet.isEmpty ? "操作未完成（退出码 \(result.status)）。"
            : APIProblem.message(from: result.standardError, exit: result.status)
    }

    /// The HTTP status for a command's exit code: the API's table (Docs/api.md).
    static func status(exit: Int32) -> HTTPResponse.Status { APIProblem.httpStatus(forExit: exit) }
}

/// A form that cannot become a command (a blank comment, an unknown person).
struct WebFormError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A page the person may not see.
struct WebForbidden: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
