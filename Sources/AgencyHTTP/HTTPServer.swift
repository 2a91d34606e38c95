import AgencyServer
import Foundation
import Hummingbird
import Logging
import Prometheus

/// The served store's HTTP JSON API (Docs/api.md): what `agency serve --listen` starts.
///
/// Every `/v1` route runs the CLI command that does the same thing, through the served
/// executor, as the caller its credential names (channel `api`), so permissions, output
/// and exit statuses are the CLI's; `GET /v1/health` and `GET /openapi.json` are open;
/// `GET /metrics` takes any valid token, including a metrics-only one.
public struct HTTPServer: Sendable {
    /// Where to listen: loopback by default. Anything wider belongs behind a TLS front
    /// (Docs/operations.md), since tokens travel in a header.
    public var host: String
    public var port: Int
    public let executor: ServedExecutor
    public let authenticators: [any CallerAuthenticator]
    public let registry: PrometheusCollectorRegistry
    public var logger: Logger
    /// Routes served beside the API (the web workplace adds its pages here).
    public var extraRoutes: @Sendable (Router<APIRequestContext>) -> Void = { _ in }

    public init(executor: ServedExecutor, tokens: APITokenStore, host: String = "127.0.0.1", port: Int = 8080,
                extraAuthenticators: [any CallerAuthenticator] = [],
                registry: PrometheusCollectorRegistry = PrometheusSetup.registry(),
                logger: Logger = Logger(label: "agency.http")) {
        self.executor = executor
        self.authenticators = [BearerTokenAuthenticator(tokens: tokens)] + extraAuthenticators
        self.host = host
        self.port = port
        self.registry = registry
        self.logger = logger
    }

    /// Parses `--listen HOST:PORT` (`[::1]:8080` for IPv6; a bare port means loopback).
    public static func parseListen(_ text: String) -> (host: String, port: Int)? {
        if let port = Int(text), (0...65_535).contains(port) { return ("127.0.0.1", port) }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65_535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }

    /// The router with every route; also what the tests drive in process.
    public func makeRouter() -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: AccessLogMiddleware())
        let runner = CommandRunner(executor: executor)
        router.get("openapi.json") { _, _ in
            guard let bytes = OpenAPIDocument.bytes else {
                throw APIProblem(status: .serviceUnavailable, code: "io",
                                 message: "openapi.json is not installed beside the agency binary "
                                    + "(copy FullAgency_AgencyHTTP.resources with it)")
            }
            return JSONResponse.make(status: .ok, bytes: bytes)
        }
        router.get("v1/health") { _, _ in
            JSONResponse.make(status: .ok, body: ["status": "ok"])
        }
        let metrics = router.group("metrics")
            .add(middleware: AuthenticationMiddleware(authenticators: authenticators, scopes: [.api, .metrics]))
        metrics.get { [registry] _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        let api = router.group("v1")
            .add(middleware: AuthenticationMiddleware(authenticators: authenticators, scopes: [.api]))
        ReadRoutes.add(to: api, runner: runner)
        InstanceRoutes.add(to: api, runner: runner)
        extraRoutes(router)
        return router
    }

    /// The application to run; `onListening` gets the bound port (useful with port 0).
    public func makeApplication(onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol {
        Application(router: makeRouter(),
                    configuration: ApplicationConfiguration(address: .hostname(host, port: port),
                                                            serverName: "agency"),
                    onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
                    logger: logger)
    }

    /// Serves until the surrounding task is cancelled (or SIGTERM/SIGINT when
    /// `handleSignals`), finishing requests in flight first.
    public func run(handleSignals: Bool = false,
                    onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let application = makeApplication(onListening: onListening)
        if handleSignals {
            try await application.runService()
        } else {
            try await application.runService(gracefulShutdownSignals: [])
        }
    }
}

/// One structured log line per request: method, path, status, duration, and the caller
/// once known (the authentication middleware adds it to the logger's metadata).
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: APIRequestContext,
                next: (Request, APIRequestContext) async throws -> Response) async throws -> Response {
        let started = DispatchTime.now()
        func log(_ status: HTTPResponse.Status) {
            let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e6
            context.logger.info("request", metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path),
                "status": .stringConvertible(status.code), "duration_ms": .stringConvertible(milliseconds),
            ])
        }
        do {
            let response = try await next(request, context)
            log(response.status)
            return response
        } catch let problem as APIProblem {
            log(problem.status)
            throw problem
        } catch let error as HTTPError {
            log(error.status)
            // Hummingbird's own refusals (no such route, a bad method) get the API's error body too.
            throw APIProblem(status: error.status, code: error.status == .notFound ? "not_found" : "bad_request",
                             message: error.body ?? "\(error.status.code) \(error.status.reasonPhrase): "
                                + "\(request.method.rawValue) \(request.uri.path) (see /openapi.json)")
        }
    }
}
