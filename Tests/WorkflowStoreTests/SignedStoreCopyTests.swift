import AgencyJSON
import Foundation
import PostgresStore
import Testing
import WorkflowStore

/// `StoreCopy` of a signed store: the target signs with the source's key, commit by
/// commit as the source did, so every signature verifies there and the journals are the
/// same bytes.
@Suite("Store copy of a signed store")
struct SignedStoreCopyTests {
    /// A signed store with P1 written in three commits, the second of two records (the
    /// first of them unsigned), and a store record.
    private func signedSource(seed: [UInt8], _ body: (FileStore) throws -> Void) throws {
        try withStore(config: StoreConfig(), signingKeySeed: seed) { source in
            try source.withInstanceLock("P1") {
                try source.commit("P1", records: [draft()], snapshot: snapshot("P1", count: 1), create: true)
                try source.commit("P1", records: [draft("a"), draft("b")], snapshot: snapshot("P1", count: 3))
                try source.commit("P1", records: [draft("c")], snapshot: snapshot("P1", count: 4))
            }
            try source.appendStoreRecord(draft("people"))
            try body(source)
        }
    }

    @Test("the commits of a signed journal end at its signed records; an unsigned journal is one commit")
    func commitBoundaries() throws {
        let records: [JSONValue] = [["n": 1, "sig": "s"], ["n": 2], ["n": 3, "sig": "s"], ["n": 4, "sig": "s"]]
        #expect(StoreCopy.commits(records, signed: true).map(\.count) == [1, 2, 1])
        #expect(StoreCopy.commits(records, signed: false).map(\.count) == [4])
        #expect(StoreCopy.commits([], signed: true).isEmpty && StoreCopy.commits([], signed: false).isEmpty)
    }

    @Test("into a store with the same key: the same journals, byte for byte, every signature verified")
    func sameKey() throws {
        let seed = JournalSignature.newKeySeed()
        try signedSource(seed: seed) { source in
            try withStore(signingKeySeed: seed) { (target: FileStore) throws in
                let report = try StoreCopy.copy(from: source, to: target)
                #expect(report.instances == 1 && report.records == 4 && report.storeRecords == 1)
                #expect(try target.readJournal("P1") == source.readJournal("P1"))
                #expect(try target.readJournal("P1").filter { $0["sig"] != nil }.count == 3)
                #expect(try target.verify("P1").problems.isEmpty)
                #expect(try target.readStoreJournal() == source.readStoreJournal())
            }
        }
    }

    @Test("into a store with another key, or one that does not sign: refused before anything is written")
    func otherKeyRefused() throws {
        try signedSource(seed: JournalSignature.newKeySeed()) { source in
            for seed in [JournalSignature.newKeySeed(), nil] {
                try withStore(signingKeySeed: seed) { (target: FileStore) throws in
                    #expect(throws: StoreCopyError.signaturesWouldBeLost(location: source.location)) {
                        _ = try StoreCopy.copy(from: source, to: target)
                    }
                    let ids = try target.instanceIDs()
                    #expect(ids.isEmpty)
                }
            }
        }
    }

    @Test("into PostgreSQL signing with the source folder's key", .enabled(if: PostgresConformance.url != nil))
    func intoPostgres() throws {
        try signedSource(seed: JournalSignature.newKeySeed()) { source in
            guard let base = PostgresConformance.url else { return }
            let url = base + (base.contains("?") ? "&" : "?") + "schema=signedcopy_"
                + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try PostgresStore.create(url: url, config: StoreConfig()).close()
            let target = try PostgresStore.open(url: url, signingWith: source)
            defer {
                try? target.dropSchema()
                target.close()
            }
            #expect(target.journalPublicKey == source.journalPublicKey)
            _ = try StoreCopy.copy(from: source, to: target)
            #expect(try target.readJournal("P1") == source.readJournal("P1"))
            #expect(try target.verify("P1").problems.isEmpty)
            // Back out through the URL alone (no key): refused, the signatures would be lost.
            let byURL = try PostgresStore.open(url: url)
            defer { byURL.close() }
            try withStore { (back: FileStore) throws in
                #expect(throws: StoreCopyError.signedWithoutKey(location: byURL.location, id: "P1")) {
                    _ = try StoreCopy.copy(from: byURL, to: back)
                }
                let ids = try back.instanceIDs()
                #expect(ids.isEmpty)
            }
        }
    }
}
