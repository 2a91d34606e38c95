@testable import AgencyCLI
import Foundation
import Testing

/// `StoreScoped` lets `ServedForwarding` find a command's store without reflection; it
/// must find the same store reflection finds, for every command that declares it.
@Suite("Served forwarding finds the store without reflection")
struct StoreScopedTests {
    static let commandLines: [[String]] = [
        ["show", "P01"], ["list", "--workflow", "w"], ["inbox", "--as", "x"], ["search", "光伏"], ["log", "P01"],
        ["verify", "--all"], ["repair", "P01"], ["reindex"], ["people", "list"], ["people", "history"],
        ["report", "weekly"], ["tick"], ["report", "minutes", "assessment-1"],
        ["report", "stats", "--from", "2025-01-06", "--to", "2025-03-30"], ["report", "year", "--year", "2025"],
        ["approve", "x"], ["complete", "x"], ["comment", "x"], ["send", "x", "issued"], ["reject", "x"],
        ["withdraw", "x"], ["takeback", "x"], ["cancel", "x", "--reason", "重复"], ["retry", "x"], ["urge", "x"], ["start", "leave"],
    ]

    @Test("each StoreScoped's store is the one reflection finds", arguments: commandLines)
    func sameStoreAsReflection(_ line: [String]) throws {
        let command = try Agency.parseAsRoot(line + ["--store", "/srv/zone-\(line[0])"])
        #expect(command is any StoreScoped, "\(line) is not a StoreScoped")
        let declared = ServedForwarding.storeOptions(in: command, depth: 0)?.storeURL
        let reflected = ServedForwarding.reflectedStoreOptions(in: command, depth: 0)?.storeURL
        #expect(declared != nil)
        #expect(declared == reflected)
        #expect(declared?.path == "/srv/zone-\(line[0])")
    }
}
