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

/// The web workplace's actions in process: attachments, the admin page, form fields and
/// the red-team cases (WebWorkplaceTests has the fixture, the browser and the login cases).
extension WebWorkplaceTests.Browser {
    /// Posts a multipart form with one file.
    func upload(_ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)],
                file: (name: String, bytes: [UInt8])) async throws -> (TestResponse, String) {
        let boundary = "----agency-test-\(UUID().uuidString)"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array(("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\n"
            + "Content-Type: application/pdf\r\n\r\n").utf8)
        body += file.bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        var fields = headers
        fields[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let response = try await client.execute(uri: uri, method: .post, headers: fields, body: ByteBuffer(bytes: body))
        keep(response)
        return (response, String(buffer: response.body))
    }
}

extension WebWorkplaceTests {
    @Test("an attachment is stored by its hash, named in the journal, served to who may see it; spoofed or too big is refused")
    func attachments() async throws {
        let (app, hot) = try application()
        try setPassword("wangfang", "Dai-ban-2025", hot: hot)
        try setPassword("zhangwei", "Bao-lian-2025", hot: hot)
        #expect(fixture.run(["start", "joint_review", "--id", "p-1", "--input",
                             #"{"project":"锂电池负极材料项目","agent":"wangfang"}"#], as: "wangfang").status == 0)
        let pdf = Array("%PDF-1.7\n可研报告".utf8)
        try await app.test(.router) { client in
            let browser = Browser()
            _ = try await browser.login(client, "wangfang", "Dai-ban-2025")
            let (_, page) = try await browser.get(client, "/instances/p-1")
            let form = [("csrf", Self.csrf(in: page)), ("item", "w1"), ("action", "complete:submitted"), ("comment", "附可研")]
            let (spoofed, refusal) = try await browser.upload(client, "/instances/p-1/act", form,
                                                              file: ("可研报告.pdf", Array("MZ\u{90}executable".utf8)))
            #expect(spoofed.status == .unsupportedMediaType)
            #expect(refusal.contains("不是它的扩展名所说的 PDF 文件"))
            let (unknown, _) = try await browser.upload(client, "/instances/p-1/act", form, file: ("run.exe", pdf))
            #expect(unknown.status == .unsupportedMediaType)
            let (big, _) = try await browser.upload(client, "/instances/p-1/act", form,
                                                    file: ("大.pdf", pdf + [UInt8](repeating: 0x20, count: 11 << 20)))
            #expect(big.status == .contentTooLarge)
            #expect(try hot.current().service.instance("p-1").state == "prepare")
            let (done, _) = try await browser.upload(client, "/instances/p-1/act", form, file: ("可研报告.pdf", pdf))
            #expect(done.status == .seeOther)
            let digest = Digest.sha256Hex(pdf)
            let stored = fixture.store.appendingPathComponent("attachments/\(digest)")
            #expect(FileManager.default.contents(atPath: stored.path).map { [UInt8]($0) } == pdf)
            let log = String(decoding: fixture.run(["log", "p-1", "--json"]).standardOutput, as: UTF8.self)
            #expect(log.contains("sha256:\(digest) 可研报告.pdf"))
            let (_, shown) = try await browser.get(client, "/instances/p-1")
            #expect(shown.contains("/instances/p-1/attachments/\(digest)"))
            let (download, body) = try await browser.get(client, "/instances/p-1/attachments/\(digest)")
            #expect(download.status == .ok)
            #expect(download.headers[.contentType] == "application/pdf")
            #expect(Array(body.utf8) == pdf)
            // A digest the journal does not name is not served, even when the file exists.
            #expect(try await browser.get(client, "/instances/p-1/attachments/\(String(repeating: "0", count: 64))").0.status
                == .notFound)
        }
        // On an instance that does not involve them, a person gets nothing, whatever digest they try.
        #expect(fixture.run(["start", "joint_review", "--id", "p-2", "--input",
                             #"{"project":"另一个项目","agent":"wangfang"}"#], as: "wangfang").status == 0)
        try await app.test(.router) { client in
            let outsider = Browser()
            _ = try await outsider.login(client, "zhangwei", "Bao-lian-2025")
            let digest = Digest.sha256Hex(pdf)
            #expect(try await outsider.get(client, "/instances/p-2/attachments/\(digest)").0.status == .notFound)
            #expect(try await outsider.get(client, "/instances/p-2").0.status == .forbidden)
        }
    }
}

extension WebWorkplaceTests {
    @Test("the admin page: only for admins; a new people directory is previewed without writing, then applied and journaled; verify runs")
    func adminPage() async throws {
        // The server's own command runner (in process), so the uploaded file reaches the command.
        let hot = HotStore(storeURL: fixture.store, workflowsFolder: fixture.workflows)
        let executor = ServedExecutor(handler: ServedCommandRunner(store: hot))
        let web = try WebWorkplace(executor: executor, store: ServedWebStore(executor: executor, hot: hot))
        var server = HTTPServer(executor: executor, tokens: APITokenStore(storeDirectory: fixture.store.path))
        server.extraRoutes = { web.addRoutes(to: $0) }
        try setPassword("admin", "Guan-li-2025", hot: hot)
        try setPassword("wangfang", "Dai-ban-2025", hot: hot)
        let newPeople = StoreFixture.people.replacingOccurrences(
            of: #"{"id": "admin","#, with: #"{"id": "zhaoliu", "name": "赵六", "roles": ["代办员"]},{"id": "admin","#)
        try await Application(router: server.makeRouter()).test(.router) { client in
            let staff = Browser()
            _ = try await staff.login(client, "wangfang", "Dai-ban-2025")
            #expect(try await staff.get(client, "/admin").0.status == .forbidden)
            let (_, inbox) = try await staff.get(client, "/inbox")
            #expect(!inbox.contains(#"href="/admin""#))

            let admin = Browser()
            _ = try await admin.login(client, "admin", "Guan-li-2025")
            let (page, body) = try await admin.get(client, "/admin")
            #expect(page.status == .ok)
            #expect(body.contains("人员名录（当前 4 人）"))
            let token = Self.csrf(in: body)
            let (preview, shown) = try await admin.upload(client, "/admin/people", [("csrf", token), ("action", "preview")],
                                                          file: ("people.json", Array(newPeople.utf8)))
            #expect(preview.status == .ok)
            #expect(shown.contains("新增：赵六（zhaoliu）"))
            #expect(try hot.current().people.person("zhaoliu") == nil)
            let content = try #require(shown.range(of: #"name="content" value=""#).map {
                String(shown[$0.upperBound...].prefix { $0 != "\"" })
            })
            let (applied, answer) = try await admin.post(client, "/admin/people",
                                                         [("csrf", token), ("action", "apply"), ("content", content)])
            #expect(applied.status == .ok)
            #expect(answer.contains("新的人员名录已应用"))
            #expect(try hot.current().people.person("zhaoliu")?.name == "赵六")
            let (_, verified) = try await admin.post(client, "/admin/verify", [("csrf", token)])
            #expect(verified.contains("校验通过"))
            let (forged, _) = try await admin.post(client, "/admin/people", [("action", "apply"), ("content", content)])
            #expect(forged.status == .forbidden)
        }
        let joined = try records(hot, kind: "people").last?["details"]?["changes"]?["joined"]?.arrayValue
        #expect(joined?.compactMap { $0["id"]?.stringValue }.contains("zhaoliu") == true)
    }
}

extension WebWorkplaceTests {
    @Test("an approval's form fields: shown editable as the definition says, typed as declared, merged into the data")
    func formFields() async throws {
        try Data("""
            return workflow {
              name = "land_review", title = "用地预审",
              input = { project = "string", area = { type = "number", required = false, title = "用地面积（亩）" },
                        opinion = "string?" },
              start = "review",
              states = {
                review = approval { title = "包联领导审核", approvers = { role("包联领导") }, rule = "any",
                  fields = { area = "required", opinion = "edit" },
                  on = { approved = "done", rejected = "done" } },
                done = final { outcome = "approved" },
              },
            }
            """.utf8).write(to: fixture.workflows.appendingPathComponent("land_review.lua"))
        let (app, hot) = try application()
        try setPassword("zhangwei", "Bao-lian-2025", hot: hot)
        let started = fixture.run(["start", "land_review", "--id", "l-1", "--input", #"{"project":"光伏组件项目"}"#])
        try #require(started.status == 0, "\(String(decoding: started.standardError, as: UTF8.self))")
        try await app.test(.router) { client in
            let browser = Browser()
            _ = try await browser.login(client, "zhangwei", "Bao-lian-2025")
            let (_, page) = try await browser.get(client, "/instances/l-1")
            #expect(page.contains("用地面积（亩）（必填）"))
            #expect(page.contains(#"name="field.area" type="number""#))
            #expect(page.contains(#"value="reject" class="danger" formnovalidate"#))
            let token = Self.csrf(in: page)
            let item = try #require(hot.current().service.instance("l-1").items.first { $0.assignee == "zhangwei" }).id
            let (wrong, refusal) = try await browser.post(client, "/instances/l-1/act", [
                ("csrf", token), ("item", item), ("action", "approve"), ("field.area", "六十亩")])
            #expect(wrong.status == .unprocessableContent)
            #expect(refusal.contains("“用地面积（亩）”应为数字"))
            let (done, _) = try await browser.post(client, "/instances/l-1/act", [
                ("csrf", token), ("item", item), ("action", "approve"), ("field.area", "60.5"),
                ("field.opinion", "同意选址"), ("comment", "同意")])
            #expect(done.status == .seeOther)
            let data = try hot.current().service.instance("l-1").data
            #expect(data["area"]?.doubleValue == 60.5)
            #expect(data["opinion"]?.stringValue == "同意选址")
        }
    }
}

extension WebWorkplaceTests {
    @Test("red-team cases: an outsider cannot post to or verify an instance; only offered actions run; no hand-made attach; long comments, odd ids and next values are refused cleanly")
    func redTeamCases() async throws {
        let (app, hot) = try application()
        try setPassword("wangfang", "Dai-ban-2025", hot: hot)
        try setPassword("zhangwei", "Bao-lian-2025", hot: hot)
        #expect(fixture.run(["start", "joint_review", "--id", "p-1", "--input",
                             #"{"project":"锂电池负极材料项目","agent":"wangfang"}"#], as: "wangfang").status == 0)
        let journalSize = { (try? FileManager.default.attributesOfItem(atPath: self.fixture.store
            .appendingPathComponent("journal/p-1.jsonl").path)[.size] as? Int) ?? 0 }
        let before = journalSize()
        try await app.test(.router) { client in
            let outsider = Browser()
            _ = try await outsider.login(client, "zhangwei", "Bao-lian-2025")
            let (_, inbox) = try await outsider.get(client, "/inbox")
            let token = Self.csrf(in: inbox)
            // Not involved: refused before any command runs, so nothing reaches the journal.
            let (posted, _) = try await outsider.post(client, "/instances/p-1/act",
                                                      [("csrf", token), ("action", "comment"), ("comment", "广告")])
            #expect(posted.status == .forbidden)
            let (verified, _) = try await outsider.post(client, "/instances/p-1/verify", [("csrf", token)])
            #expect(verified.status == .forbidden)
            let (odd, _) = try await outsider.get(client, "/instances/..%2F..")
            #expect(odd.status == .notFound)

            let agent = Browser()
            _ = try await agent.login(client, "wangfang", "Dai-ban-2025", next: "/\t/evil.example/x")
            let (_, page) = try await agent.get(client, "/instances/p-1")
            let mine = Self.csrf(in: page)
            // 退回 is not offered on a task; an approval's 同意 is not either.
            for action in ["return", "approve", "goto"] {
                let (refused, _) = try await agent.post(client, "/instances/p-1/act",
                                                        [("csrf", mine), ("item", "w1"), ("action", action)])
                #expect(refused.status == .unprocessableContent, "\(action)")
            }
            let (long, answer) = try await agent.post(client, "/instances/p-1/act",
                                                      [("csrf", mine), ("action", "comment"),
                                                       ("comment", String(repeating: "长", count: 5_001))])
            #expect(long.status == .unprocessableContent)
            #expect(answer.contains("意见最多 5000 字"))
            // A hand-made attach reference is ignored: only uploaded files become attachments.
            let (commented, _) = try await agent.post(client, "/instances/p-1/act", [
                ("csrf", mine), ("action", "comment"), ("comment", "材料"), ("attach", "sha256:\(String(repeating: "a", count: 64)) x.pdf")])
            #expect(commented.status == .seeOther)
        }
        #expect(journalSize() > before)
        let log = String(decoding: fixture.run(["log", "p-1", "--json"]).standardOutput, as: UTF8.self)
        #expect(!log.contains("广告") && !log.contains("aaaaaaaa"))
        #expect(WebWorkplace.safeNext("/\t/evil.example") == "/inbox")
        #expect(WebWorkplace.safeNext("/instances/P01?done=approve") == "/instances/P01?done=approve")
        #expect(PasswordStore.weakness(of: String(repeating: "很", count: 25), person: "x") != nil)
        #expect(PasswordStore.weakness(of: "12345678", person: "x") != nil)
        #expect(PasswordStore.weakness(of: "Dai-ban-2025", person: "x") == nil)
        #expect(WebWorkplace.pageOf(postedTo: "/instances/p-1/act") == "/instances/p-1")
        #expect(WebWorkplace.pageOf(postedTo: "/admin/people") == "/admin")
        // Parallel guesses: five attempts in flight fill the count; a sixth waits its turn.
        let throttle = LoginThrottle()
        for _ in 0..<5 { #expect(await throttle.begin("wangfang")) }
        #expect(await throttle.begin("wangfang") == false)
        for _ in 0..<5 { _ = await throttle.failed("wangfang") }
        #expect(await throttle.locked("wangfang") != nil)
        // A long name keeps its checked extension.
        let long = String(repeating: "长", count: 120) + ".pdf"
        let kind = try #require(AttachmentKind.of(name: long))
        #expect(AttachmentStore.safeName(long, kind: kind).hasSuffix(".pdf"))
        #expect(AttachmentStore.safeName("报告\u{202E}fdp.jpg", kind: kind) == "报告fdp.jpg")
    }
}
