import AgencyHTTP
import AgencyJSON
import AgencyServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The API over the real commands (the `agency` binary on a simulation store), every
/// response checked against the schema openapi.json gives for its route and status.
@Suite struct EndToEndTests {
    let fixture: StoreFixture
    let spec: OpenAPISpec

    init() throws {
        fixture = try StoreFixture()
        spec = try OpenAPISpec.load()
    }

    /// Sends a request and checks the response against the documented schema.
    func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, template: String,
              token: String, body: String? = nil) async throws -> (Int, JSONValue) {
        let response = try await client.execute(uri: uri, method: method, headers: bearer(token), body: body.map(jsonBody))
        let value = try #require(response.json, "\(uri): not JSON: \(String(buffer: response.body))")
        let schema = try #require(spec.responseSchema(method.rawValue, template, status: Int(response.status.code)),
                                  "\(method) \(template) does not document status \(response.status.code)")
        let problems = spec.problems(value, schema)
        #expect(problems.isEmpty, "\(method) \(uri) → \(response.status.code): \(problems)")
        return (Int(response.status.code), value)
    }

    @Test func aCountersignThroughTheAPI() async throws {
        let agent = try fixture.token(for: "wangfang")
        let leader = try fixture.token(for: "zhangwei")
        let other = try fixture.token(for: "liqiang")
        let admin = try fixture.token(for: "admin")
        let server = HTTPServer(executor: ServedExecutor(handler: AgencyProcessHandler(store: fixture.store,
                                                                                      workflows: fixture.workflows)),
                                tokens: APITokenStore(storeDirectory: fixture.store.path))
        try await Application(router: server.makeRouter()).test(.router) { client in
            let start = #"{"workflow":"joint_review","id":"p-1","input":{"project":"新厂房","agent":"wangfang"}}"#
            let (created, started) = try await call(client, .post, "/v1/instances", template: "/v1/instances",
                                                    token: agent, body: start)
            #expect(created == 201)
            #expect(started["state"]?.stringValue == "prepare")
            let (_, inbox) = try await call(client, .get, "/v1/inbox", template: "/v1/inbox", token: agent)
            #expect(inbox.arrayValue?.first?["instance"]?.stringValue == "p-1")
            let submit = "/v1/instances/{id}/actions/complete"
            let (done, moved) = try await call(client, .post, "/v1/instances/p-1/actions/complete", template: submit,
                                               token: agent, body: #"{"outcome":"submitted","comment":"材料齐全"}"#)
            #expect(done == 200)
            #expect(moved["state"]?.stringValue == "review")
            // The agent is no approver: the CLI's permission rule, as 403 with its message.
            let approve = "/v1/instances/{id}/actions/approve"
            let (refused, problem) = try await call(client, .post, "/v1/instances/p-1/actions/approve", template: approve,
                                                    token: agent, body: #"{"comment":"同意"}"#)
            #expect(refused == 403)
            #expect(problem["error"]?["exit"]?.intValue == 3)
            #expect(try await call(client, .post, "/v1/instances/p-1/actions/approve", template: approve, token: leader,
                                   body: #"{"comment":"同意"}"#).0 == 200)
            let (_, finished) = try await call(client, .post, "/v1/instances/p-1/actions/approve", template: approve,
                                               token: other, body: #"{"comment":"同意"}"#)
            #expect(finished["status"]?.stringValue == "completed")
            let (_, shown) = try await call(client, .get, "/v1/instances/p-1", template: "/v1/instances/{id}", token: leader)
            #expect(shown["outcome"]?.stringValue == "approved")
            let (_, log) = try await call(client, .get, "/v1/instances/p-1/log?kind=approve",
                                          template: "/v1/instances/{id}/log", token: leader)
            #expect(log.arrayValue?.count == 2)
            let (_, listed) = try await call(client, .get, "/v1/instances?status=completed", template: "/v1/instances",
                                             token: leader)
            #expect(listed.arrayValue?.map { $0["id"]?.stringValue } == ["p-1"])
            _ = try await call(client, .get, "/v1/people", template: "/v1/people", token: agent)
            _ = try await call(client, .get, "/v1/inbox/cc", template: "/v1/inbox/cc", token: agent)
            _ = try await call(client, .get, "/v1/reports/weekly?week=2025-W03", template: "/v1/reports/weekly", token: admin)
            let (missing, _) = try await call(client, .get, "/v1/instances/p-404", template: "/v1/instances/{id}", token: agent)
            #expect(missing == 404)
            let (invalid, _) = try await call(client, .get, "/v1/instances?status=sleeping", template: "/v1/instances",
                                              token: agent)
            #expect(invalid == 422)
        }
    }

    @Test func tokensAreHashedPrivateAndJournaled() throws {
        let secret = try fixture.token(for: "wangfang")
        let file = fixture.store.appendingPathComponent("tokens.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.contains(secret))
        let id = String(secret.split(separator: "_")[1])
        #expect(text.contains(id))
        let mode = try #require(FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0, "tokens.json is 0600, not \(String(mode, radix: 8))")
        #expect(fixture.run(["people", "token", "revoke", id]).status == 0)
        let list = try JSONValue.parse(fixture.run(["people", "token", "list", "--json"]).standardOutput)
        #expect(list.arrayValue?.first?["revoked"]?.stringValue != nil)
        #expect(list.arrayValue?.first?["revokedBy"]?.stringValue == "admin")
        let journal = try String(contentsOf: fixture.store.appendingPathComponent("environment/journal.jsonl"), encoding: .utf8)
        let records = try journal.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        let tokenRecords = records.filter { $0["kind"]?.stringValue == "token" }
        #expect(tokenRecords.map { $0["details"]?["action"]?.stringValue } == ["create", "revoke"])
        #expect(tokenRecords.allSatisfy { $0["details"]?["token"]?.stringValue == id && $0["actor"]?.stringValue == "admin" })
        // Only admins manage tokens.
        #expect(fixture.run(["people", "token", "wangfang"], as: "wangfang").status == 3)
        #expect(fixture.run(["people", "token", "nobody"]).status == 2)
        #expect(fixture.run(["people", "token", "revoke", "t000000000000"]).status == 2)
        #expect(fixture.run(["verify", "--all"]).status == 0)
    }
}
