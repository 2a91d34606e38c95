import AgencyServer
import Hummingbird

/// The per-request context: Hummingbird's core storage plus who the request is from,
/// once an authenticator has established it.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; nil before authentication and on open routes.
    public var caller: Caller?
    /// What the credential allows (a metrics-only token reaches only /metrics).
    public var scope: APIToken.Scope?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// A JSON body of up to 1 MiB plus room for its envelope, as the CLI takes at most
    /// 1 MiB of input or data.
    public var maxUploadSize: Int { (1 << 20) + (64 << 10) }
}
