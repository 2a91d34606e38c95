import AgencyHTTP
import AgencyJSON
import AgencyServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The routes' command lines, authentication and error bodies, with a recording handler.
@Suite struct RouteTests {
    let fixture: StoreFixture
    let handler = RecordingHandler()
    let spec: OpenAPISpec

    init() throws {
        fixture = try StoreFixture()
        spec = try OpenAPISpec.load()
    }

    func application() -> some ApplicationProtocol {
        let server = HTTPServer(executor: ServedExecutor(handler: handler),
                                tokens: APITokenStore(storeDirectory: fixture.store.path))
        return Application(router: server.makeRouter())
    }

    @Test func routesBuildTheCLICommandLines() async throws {
        let secret = try fixture.token(for: "zhangwei")
        try await application().test(.router) { client in
            let cases: [(HTTPRequest.Method, String, String?, [String])] = [
                (.get, "/v1/inbox", nil, ["inbox", "--json"]),
                (.get, "/v1/inbox?person=liqiang", nil, ["inbox", "--json", "--as=liqiang"]),
                (.get, "/v1/inbox/cc", nil, ["inbox", "--cc", "--json"]),
                (.get, "/v1/instances?workflow=joint_review&status=running", nil,
                 ["list", "--json", "--workflow=joint_review", "--status=running"]),
                (.get, "/v1/instances/p-1", nil, ["show", "--json", "--", "p-1"]),
                (.get, "/v1/instances/p-1/log?kind=approve", nil, ["log", "--json", "--kind=approve", "--", "p-1"]),
                (.get, "/v1/people", nil, ["people", "list", "--json"]),
                (.get, "/v1/reports/weekly?week=2025-W03", nil, ["report", "weekly", "--format=json", "--week=2025-W03"]),
                (.post, "/v1/instances", #"{"workflow":"joint_review","input":{"project":"P1"},"id":"p-1"}"#,
                 ["start", "--json", #"--input={"project":"P1"}"#, "--id=p-1", "--", "joint_review"]),
                (.post, "/v1/instances/p-1/actions/approve", #"{"comment":"--as=admin","data":{"a":1}}"#,
                 ["approve", "--json", "--comment=--as=admin", #"--data={"a":1}"#, "--", "p-1"]),
                (.post, "/v1/instances/p-1/actions/send", #"{"event":"--store","attachments":["a.pdf","b"]}"#,
                 ["send", "--json", "--attach=a.pdf", "--attach=b", "--", "p-1", "--store"]),
                (.post, "/v1/instances/p-1/actions/transfer", #"{"to":"liqiang","item":"w2"}"#,
                 ["transfer", "--json", "--item=w2", "--to=liqiang", "--", "p-1"]),
                (.post, "/v1/instances/p-1/actions/withdraw", nil, ["withdraw", "--json", "--", "p-1"]),
            ]
            for (method, uri, body, expected) in cases {
                let response = try await client.execute(uri: uri, method: method, headers: bearer(secret),
                                                        body: body.map(jsonBody))
                #expect(response.status == (uri == "/v1/instances" ? .created : .ok), "\(uri)")
                #expect(handler.last?.arguments == expected, "\(method) \(uri)")
                #expect(handler.last?.caller.channel == .api)
                #expect(handler.last?.caller.person == "zhangwei")
                #expect(handler.last?.caller.tokenID?.hasPrefix("t") == true)
            }
        }
    }

    @Test func requestsWithoutAValidTokenAreRefused() async throws {
        let secret = try fixture.token(for: "wangfang")
        let metricsOnly = try fixture.token(for: "admin", metrics: true)
        try await application().test(.router) { client in
            let missing = try await client.execute(uri: "/v1/inbox", method: .get)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate] != nil)
            #expect(spec.problems(missing.json ?? .null, spec.responseSchema("get", "/v1/inbox", status: 401) ?? .null).isEmpty)
            let wrong = String(secret.dropLast()) + (secret.hasSuffix("0") ? "1" : "0")
            #expect(try await client.execute(uri: "/v1/inbox", method: .get, headers: bearer(wrong)).status == .unauthorized)
            #expect(try await client.execute(uri: "/v1/inbox", method: .get, headers: bearer("nonsense")).status == .unauthorized)
            // A metrics-only token reads /metrics and nothing else.
            #expect(try await client.execute(uri: "/v1/inbox", method: .get, headers: bearer(metricsOnly)).status == .forbidden)
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: bearer(metricsOnly))
            #expect(metrics.status == .ok)
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
            // Open routes.
            #expect(try await client.execute(uri: "/v1/health", method: .get).status == .ok)
            let document = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(document.status == .ok)
            #expect(document.json?["openapi"]?.stringValue == "3.1.0")
        }
        #expect(handler.last == nil, "no command ran for a refused request")
    }

    @Test func aRevokedTokenGets401WithAClearMessage() async throws {
        let secret = try fixture.token(for: "wangfang")
        let id = try #require(secret.split(separator: "_").dropFirst().first.map(String.init))
        #expect(fixture.run(["people", "token", "revoke", id]).status == 0)
        try await application().test(.router) { client in
            let response = try await client.execute(uri: "/v1/inbox", method: .get, headers: bearer(secret))
            #expect(response.status == .unauthorized)
            let message = response.json?["error"]?["message"]?.stringValue ?? ""
            #expect(message.contains("吊销") && message.contains("revoked") && message.contains(id))
        }
    }

    @Test func badRequestsAreRefusedBeforeAnyCommandRuns() async throws {
        let secret = try fixture.token(for: "wangfang")
        try await application().test(.router) { client in
            let bad: [(String, String?)] = [
                ("/v1/instances", #"{"workflow":"../etc/x.lua"}"#),
                ("/v1/instances", #"{"input":{}}"#),
                ("/v1/instances", #"{"workflow":"w","surprise":1}"#),
                ("/v1/instances", #"[1]"#),
                ("/v1/instances", #"{"workflow":"w","input":"{}"}"#),
                ("/v1/instances/p-1/actions/transfer", #"{}"#),
                ("/v1/instances/p-1/actions/approve", #"{"data":[1]}"#),
                ("/v1/instances/.hidden/actions/approve", nil),
            ]
            for (uri, body) in bad {
                let response = try await client.execute(uri: uri, method: .post, headers: bearer(secret), body: body.map(jsonBody))
                #expect(response.status == .badRequest, "\(uri) \(body ?? "")")
                #expect(response.json?["error"]?["code"]?.stringValue == "bad_request")
            }
            let unknown = try await client.execute(uri: "/v1/instances/p-1/actions/explode", method: .post, headers: bearer(secret))
            #expect(unknown.status == .notFound)
            let noRoute = try await client.execute(uri: "/v1/nothing", method: .get, headers: bearer(secret))
            #expect(noRoute.status == .notFound)
            #expect(noRoute.json?["error"]?["code"]?.stringValue == "not_found")
        }
        #expect(handler.last == nil)
    }

    @Test(arguments: [(Int32(1), 422), (2, 404), (3, 403), (4, 409), (5, 500), (6, 503), (64, 400), (70, 500)])
    func exitStatusesMapToHTTPStatuses(exit: Int32, http: Int) async throws {
        let failing = RecordingHandler { _ in
            ServedResponse(status: exit, standardError: Array("agency: error: 不能这样做\n".utf8))
        }
        let server = HTTPServer(executor: ServedExecutor(handler: failing),
                                tokens: APITokenStore(storeDirectory: fixture.store.path))
        let secret = try fixture.token(for: "wangfang")
        try await Application(router: server.makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/v1/instances/p-1", method: .get, headers: bearer(secret))
            #expect(response.status.code == http)
            #expect(response.json?["error"]?["message"]?.stringValue == "不能这样做")
            #expect(response.json?["error"]?["exit"]?.intValue == Int64(exit))
            let schema = try #require(spec.responseSchema("get", "/v1/instances/{id}", status: http))
            #expect(spec.problems(try #require(response.json), schema).isEmpty)
        }
    }
}
