import ArgumentParser
import Foundation
import PostgresStore
import WorkflowStore

/// `agency store copy FROM TO`: a whole store moved between the file and PostgreSQL forms.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Move a store between a folder and PostgreSQL.",
        subcommands: [Copy.self])

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy every instance, journal, definition and notification into a new, empty store.",
            discussion: """
                FROM and TO are store folders or postgres:// URLs (the password from PGPASSWORD). A folder
                whose store.json names a database means that database. A new TO is created with FROM's
                settings; an existing one must be empty. Both sides are verified: every journal's chain
                and head before and after, the store journal too (exit 5 on a mismatch).

                Examples:
                  agency store copy /var/lib/agency 'postgres://agency@db.internal/zones?sslmode=require'
                  agency store copy 'postgres://agency@db.internal/zones' /var/backups/agency-copy
                """)

        @Argument(help: ArgumentHelp("The store to copy: a folder or a postgres:// URL.", valueName: "from"))
        var from: String
        @Argument(help: ArgumentHelp("Where to copy it: a new or empty folder, or a postgres:// URL.", valueName: "to"))
        var to: String

        func run() throws {
            let source = try open(from)
            let target = try openOrCreate(to, config: Self.portable(source.config))
            do {
                let report = try StoreCopy.copy(from: source, to: target)
                Console.out("copied \(report.instances) instances (\(report.records) records), \(report.definitions) "
                    + "definition versions, \(report.environmentVersions) environment versions, "
                    + "\(report.notifications) notifications, \(report.schedules) schedules and "
                    + "\(report.storeRecords) store journal records from \(source.location) to \(target.location); "
                    + "both verified")
            } catch let error as StoreCopyError {
                switch error {
                case .targetNotEmpty: throw CLIError.busy(error.description)
                case .undeliveredMessages, .signaturesWouldBeLost, .settingsDiffer: throw CLIError.invalid(error.description)
                case .sourceUnsound, .copyMismatch: throw CLIError.integrity(error.description)
                }
            }
        }

        /// The store at `text`: a URL's database, or a folder (its database when it names one).
        private func open(_ text: String) throws -> any InstanceStore {
            if PostgresURL.isPostgresURL(text) { return try mapErrors { try DatabaseStores.store(text) } }
            let files = try mapErrors { try FileStore.open(at: text) }
            return try mapErrors { try DatabaseStores.instanceStore(for: files) }
        }

        /// The store at `text`, created with `config` when there is none yet.
        private func openOrCreate(_ text: String, config: StoreConfig) throws -> any InstanceStore {
            if PostgresURL.isPostgresURL(text) {
                if let existing = try? PostgresStore.open(url: text) { return existing }
                return try mapErrors { try PostgresStore.create(url: text, config: config) }
            }
            if FileManager.default.fileExists(atPath: text + "/store.json") { return try open(text) }
            return try mapErrors { try FileStore.create(at: text, config: config) }
        }

        /// What a new target takes from the source's settings: zone, clock, limits, language;
        /// not where it is served, signed or kept.
        static func portable(_ config: StoreConfig) -> StoreConfig {
            var copy = config
            copy.served = nil
            copy.publicKey = nil
            copy.signingKey = nil
            copy.database = nil
            return copy
        }
    }
}
