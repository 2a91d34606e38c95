import ArgumentParser
import Foundation

/// Where the store is: `--store`, else AGENCY_STORE, else ./.agency.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store directory (default: $AGENCY_STORE or ./.agency).",
                                            valueName: "dir"))
    var store: String?

    var storeURL: URL {
        let path = store ?? ProcessInfo.processInfo.environment["AGENCY_STORE"] ?? ".agency"
        return URL(fileURLWithPath: path)
    }
}
