import AgencyServer
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
            let (source, folder) = try open(from)
            // A copy is of a store at rest: one served while it is read could change under it
            // (an instance written after its notifications were read, say).
            if let folder, StoreOwnership.isServed(storeRoot: folder.layout.root) {
                throw CLIError.busy("agency serve is running on \(from): stop it (systemctl stop agency, or the "
                    + "process's SIGTERM) and any cron agency tick, then copy, so that nothing changes during the copy")
            }
            // A signed source's copy signs with the same key, so every signature verifies there too.
            let signer = source.signsJournal ? folder : nil
            do {
                // The source's refusals before a target is created: a refused copy leaves none.
                try StoreCopy.checkSource(source)
                let target = try openOrCreate(to, config: Self.portable(source.config), signingLike: signer)
                let report = try StoreCopy.copy(from: source, to: target, sourceChecked: true)
                Console.out("copied \(report.instances) instances (\(report.records) records), \(report.definitions) "
                    + "definition versions, \(report.environmentVersions) environment versions, "
                    + "\(report.notifications) notifications, \(report.schedules) schedules and "
                    + "\(report.storeRecords) store journal records from \(source.location) to \(target.location); "
                    + "both verified" + (signer == nil ? "" : ", every signature too"))
                if signer != nil, PostgresURL.isPostgresURL(to) {
                    Console.out("the database signs only when opened through a folder holding this key: to run the "
                        + "zone on it, add \"database\": \"\(to)\" to \(from)/store.json (Docs/operations.md, "
                        + "\"Moving a zone to PostgreSQL\")")
                }
            } catch let error as StoreCopyError {
                switch error {
                case .targetNotEmpty: throw CLIError.busy(error.description)
                case .undeliveredMessages, .signaturesWouldBeLost, .signedWithoutKey, .settingsDiffer: throw CLIError.invalid(error.description)
                case .sourceUnsound, .copyMismatch: throw CLIError.integrity(error.description)
                }
            }
        }

        /// The store at `text` (a URL's database, or a folder: its database when it names
        /// one), and the folder, whose key signs, when `text` is one.
        private func open(_ text: String) throws -> (store: any InstanceStore, folder: FileStore?) {
            if PostgresURL.isPostgresURL(text) { return (try mapErrors { try DatabaseStores.store(text) }, nil) }
            let files = try mapErrors { try FileStore.open(at: text) }
            return (try mapErrors { try DatabaseStores.instanceStore(for: files) }, files)
        }

        /// The store at `text`, created with `config` when there is none yet. A new store
        /// signs like `signingLike` when given: a database with its key, a folder with a copy
        /// of its key file (or the same file, when the source keeps its key outside).
        private func openOrCreate(_ text: String, config: StoreConfig, signingLike signer: FileStore?) throws
            -> any InstanceStore {
            if PostgresURL.isPostgresURL(text) {
                if let existing = try? PostgresStore.open(url: text) {
                    existing.close()
                } else {
                    // A signed copy's database records the key it is signed with.
                    var recorded = config
                    recorded.publicKey = signer?.config.publicKey
                    try mapErrors { try PostgresStore.create(url: text, config: recorded).close() }
                }
                return try mapErrors { try DatabaseStores.store(text, signingWith: signer) }
            }
            if FileManager.default.fileExists(atPath: text + "/store.json") { return try open(text).store }
            guard let signer else { return try mapErrors { try FileStore.create(at: text, config: config) } }
            var signed = config
            if let external = signer.config.signingKey {
                signed.publicKey = signer.config.publicKey
                signed.signingKey = external
                return try mapErrors { try FileStore.create(at: text, config: signed) }
            }
            let seed = try mapErrors { try signer.signingKeySeed() }
            return try mapErrors { try FileStore.create(at: text, config: signed, signingKeySeed: seed) }
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
