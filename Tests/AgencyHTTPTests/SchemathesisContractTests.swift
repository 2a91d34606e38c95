import AgencyHTTP
import AgencyServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Schemathesis over a live server on loopback, run by `Scripts/api-contract --in-process`
/// (which installs it and sets AGENCY_SCHEMATHESIS). Skipped otherwise: it needs Python and
/// takes minutes. The commands run through the `agency` binary, as in EndToEndTests.
@Suite struct SchemathesisContractTests {
    static let schemathesis = ProcessInfo.processInfo.environment["AGENCY_SCHEMATHESIS"]

    @Test(.enabled(if: schemathesis != nil)) func schemathesisFindsNoContractViolation() async throws {
        let fixture = try StoreFixture()
        let token = try fixture.token(for: "admin")
        // Something to read: one instance with open items.
        _ = fixture.run(["start", "joint_review", "--id", "p-1", "--input", #"{"project":"P","agent":"wangfang"}"#])
        let server = HTTPServer(executor: ServedExecutor(handler: AgencyProcessHandler(store: fixture.store,
                                                                                      workflows: fixture.workflows)),
                                tokens: APITokenStore(storeDirectory: fixture.store.path), port: 0)
        try await Application(router: server.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            .test(.live) { client in
                let port = try #require(client.port)
                let process = Process()
                process.executableURL = URL(fileURLWithPath: try #require(Self.schemathesis))
                var arguments = ["run", "http://127.0.0.1:\(port)/openapi.json", "--header", "Authorization: Bearer \(token)",
                                 "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
                                    + "response_schema_conformance"]
                arguments += (ProcessInfo.processInfo.environment["AGENCY_SCHEMATHESIS_ARGS"] ?? "--max-examples=20")
                    .split(separator: " ").map(String.init)
                process.arguments = arguments
                try process.run()
                // Not on a cooperative thread: the server answers schemathesis meanwhile.
                let status = await withCheckedContinuation { continuation in
                    DispatchQueue.global().async {
                        process.waitUntilExit()
                        continuation.resume(returning: process.terminationStatus)
                    }
                }
                #expect(status == 0, "schemathesis found contract violations (its report is above)")
            }
    }
}
