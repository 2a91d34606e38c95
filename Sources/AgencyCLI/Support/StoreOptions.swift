import ArgumentParser
import Foundation

/// Where the store is: `--store`, else AGENCY_STORE, else ./.agency.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store directory (default: $AGENCY_STORE or ./.agency).",
                                            valueName: "dir"))
    var store: String?

    /// In agency serve, always the server's store, whatever the client named: a client
    /// only reaches a server through the socket its store names.
    var storeURL: URL {
        if let served = ServedRequestContext.current { return served.store.storeURL }
        let path = store ?? ProcessInfo.processInfo.environment["AGENCY_STORE"] ?? ".agency"
        return URL(fileURLWithPath: path)
    }
}
