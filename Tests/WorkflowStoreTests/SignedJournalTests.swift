import AgencyFormats
import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore

/// The red-team cases of the signed journal, each run on an unsigned store (where verify
/// accepts it: the limit of a direct store, documented in Docs/storage.md) and on a signed
/// one (where verify refuses it).
@Suite("Signed journal: forged appends and re-chained journals")
struct SignedJournalTests {
    static let id = "s-1"

    /// An instance of four records (one commit each) on an unsigned or a signed store,
    /// tampered by `tamper`, then verified with replay.
    func verified(signed: Bool, _ tamper: (FileStore) throws -> Void) throws -> VerifyReport {
        try withStore(signingKeySeed: signed ? JournalSignature.newKeySeed() : nil) { store in
            try makeInstance(store, Self.id, records: 4)
            let before = try store.verify(Self.id) { replaySnapshot(Self.id, $0) }
            #expect(before.isOK, "\(before)")
            try tamper(store)
            return try store.verify(Self.id) { replaySnapshot(Self.id, $0) }
        }
    }

    /// Someone with write access and no key appends a well-formed record (chained, hashed)
    /// and moves the snapshot on to match, as a forger would.
    static func forgeAppend(_ store: FileStore) throws {
        let path = store.layout.journalFile(id)
        let records = try store.readJournal(id)
        let last = try #require(records.last)
        var members: [String: JSONValue] = ["at": "2025-01-06T09:00:00+08:00", "actor": "mallory", "kind": "event",
                                            "details": ["n": 5], "seq": .integer(Int64(records.count + 1)),
                                            "prev": try #require(last["hash"])]
        let hash = try JournalHash.hash(of: .object(members))
        members["hash"] = .string(hash)
        let line = try JSONValue.object(members).canonicalBytes() + [UInt8(ascii: "\n")]
        try write((contents(path) ?? []) + line, to: path)
        try writeSnapshot(store, count: records.count + 1, head: JournalHead(seq: records.count + 1, hash: hash))
    }

    /// Someone edits record `seq` and re-hashes the chain from there (keeping or dropping
    /// the signatures), then moves the snapshot's head to the new last hash.
    static func rechain(_ store: FileStore, from seq: Int, dropSignatures: Bool) throws {
        let path = store.layout.journalFile(id)
        var records = try store.readJournal(id)
        var prev = seq == 1 ? JournalHash.genesis(for: id) : (records[seq - 2]["hash"]?.stringValue ?? "")
        for index in (seq - 1)..<records.count {
            guard case .object(var members) = records[index] else { continue }
            if index == seq - 1 { members["actor"] = "mallory" }
            if dropSignatures { members[JournalSignature.key] = nil }
            members["prev"] = .string(prev)
            prev = try JournalHash.hash(of: .object(members))
            members["hash"] = .string(prev)
            records[index] = .object(members)
        }
        try write(records.flatMap { (try? $0.canonicalBytes()).map { $0 + [UInt8(ascii: "\n")] } ?? [] }, to: path)
        try writeSnapshot(store, count: records.count, head: JournalHead(seq: records.count, hash: prev))
    }

    static func writeSnapshot(_ store: FileStore, count: Int, head: JournalHead) throws {
        let bytes = try SnapshotSource.json(snapshot(id, count: count)).bytes(id: id, head: head, index: [])
        try write(bytes, to: store.layout.snapshotFile(id))
    }

    @Test("a signed store signs the last record of each commit, and only that one; verify checks them")
    func signsEachCommitsHead() throws {
        try withStore(signingKeySeed: JournalSignature.newKeySeed()) { store in
            try store.withInstanceLock("p-1") {
                try store.commit("p-1", records: [draft("a"), draft("b")], snapshot: snapshot("p-1", count: 2), create: true)
            }
            try store.withInstanceLock("p-1") {
                try store.commit("p-1", records: [draft("c")], snapshot: snapshot("p-1", count: 3))
            }
            let records = try store.readJournal("p-1")
            #expect(records.map { $0[JournalSignature.key] != nil } == [false, true, true])
            let publicKey = try #require(store.config.publicKey.flatMap(Ed25519Keys.publicKeyBytes))
            let sig = try #require(records[1][JournalSignature.key]?.stringValue)
            let message = JournalSignature.message(id: "p-1", seq: 2, hash: records[1]["hash"]?.stringValue ?? "")
            #expect(Ed25519Keys.isValid(sig, of: message, publicKey: publicKey))
            #expect(try store.verify("p-1").isOK)
            // The key file is the owner's alone.
            let mode = try FileManager.default.attributesOfItem(atPath: store.signingKeyPath)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test("an unsigned store writes no signature: its journals are what they were before signing existed")
    func unsignedStoreIsUnchanged() throws {
        try withStore { store in
            try makeInstance(store, Self.id, records: 2)
            let text = String(decoding: contents(store.layout.journalFile(Self.id)) ?? [], as: UTF8.self)
            #expect(!text.contains("\"sig\""))
            #expect(store.config.json["publicKey"] == nil)
            #expect(!FileManager.default.fileExists(atPath: store.layout.keysDirectory))
        }
    }

    @Test("a forged append: accepted on an unsigned store, refused on a signed one (unsigned record)")
    func forgedAppend() throws {
        let unsigned = try verified(signed: false) { try Self.forgeAppend($0) }
        #expect(unsigned.isOK, "\(unsigned)")
        #expect(unsigned.recordCount == 5)

        let signed = try verified(signed: true) { try Self.forgeAppend($0) }
        #expect(signed.problems.map(\.kind) == [.unsignedRecord], "\(signed)")
        #expect(signed.firstBadSeq == 5)
        #expect(signed.problems.first?.message.contains("record 5 of s-1 is not covered by a signature") == true,
                "\(signed)")
    }

    @Test("a re-chained journal: accepted on an unsigned store, refused on a signed one (bad signature)")
    func rechainedJournal() throws {
        let unsigned = try verified(signed: false) { try Self.rechain($0, from: 2, dropSignatures: false) }
        #expect(unsigned.isOK, "\(unsigned)")

        let kept = try verified(signed: true) { try Self.rechain($0, from: 2, dropSignatures: false) }
        #expect(kept.problems.map(\.kind) == [.badSignature], "\(kept)")
        #expect(kept.firstBadSeq == 2)

        // Dropping the signatures that no longer match leaves records no signature covers.
        let dropped = try verified(signed: true) { try Self.rechain($0, from: 2, dropSignatures: true) }
        #expect(dropped.problems.map(\.kind) == [.unsignedRecord], "\(dropped)")
        #expect(dropped.firstBadSeq == 2)
    }

    @Test("a commit without the right key changes nothing and says which key and what to do")
    func missingOrWrongKeyRefusesTheCommit() throws {
        try withStore(signingKeySeed: JournalSignature.newKeySeed()) { store in
            try makeInstance(store, Self.id, records: 1)
            let journal = contents(store.layout.journalFile(Self.id))
            // A fresh FileStore reads the key at its first commit.
            let other = Ed25519Keys.privatePEM(seed: Ed25519Keys.generate())
            try write(Array(other.utf8), to: store.signingKeyPath)
            let reopened = try FileStore.open(at: store.layout.root)
            let first = reopened
            var error = storeError {
                _ = try first.withInstanceLock(Self.id) { () throws -> JournalHead in
                    try first.commit(Self.id, records: [draft()], snapshot: snapshot(Self.id, count: 2))
                }
            }
            #expect(error?.description.contains("it is not this store's key") == true, "\(String(describing: error))")
            #expect(error?.category == .integrity)
            try FileManager.default.removeItem(atPath: store.signingKeyPath)
            let second = try FileStore.open(at: store.layout.root)
            error = storeError { try second.appendStoreRecord(draft("people")) }
            #expect(error?.description.contains("it is missing; restore it from its backup") == true)
            #expect(contents(store.layout.journalFile(Self.id)) == journal)
            #expect(contents(store.layout.storeJournalFile) == nil)
        }
    }

    @Test("the store journal is signed record by record; a forged append to it is refused")
    func storeJournalIsSigned() throws {
        try withStore(signingKeySeed: JournalSignature.newKeySeed()) { store in
            try store.appendStoreRecord(draft("people"))
            try store.appendStoreRecord(draft("seal"))
            #expect(try store.readStoreJournal().allSatisfy { $0[JournalSignature.key] != nil })
            #expect(try store.verifyStoreJournal(knownHead: nil).isOK)
            let path = store.layout.storeJournalFile
            let last = try #require(try store.readStoreJournal().last)
            var members: [String: JSONValue] = ["at": "2025-01-06T09:00:00+08:00", "actor": "mallory", "kind": "people",
                                                "details": [:], "seq": 3, "prev": try #require(last["hash"])]
            members["hash"] = .string(try JournalHash.hash(of: .object(members)))
            try write((contents(path) ?? []) + (try JSONValue.object(members).canonicalBytes()) + [10], to: path)
            let report = try store.verifyStoreJournal(knownHead: nil)
            #expect(report.problems.map(\.kind) == [.unsignedRecord], "\(report)")
        }
    }

    @Test("store.json: the public key must be an Ed25519 key; signingKey an absolute path; {\"format\":1} stays valid")
    func configKeys() throws {
        #expect(try StoreConfig(json: ["format": 1], path: "s").publicKey == nil)
        let key = try #require(Ed25519Keys.publicKeyText(seed: Ed25519Keys.generate()))
        let config = try StoreConfig(json: ["format": 1, "publicKey": .string(key), "signingKey": "/etc/agency/k"], path: "s")
        #expect(config.publicKey == key)
        #expect(try StoreConfig(json: config.json, path: "s") == config)
        #expect(throws: StoreError.self) { try StoreConfig(json: ["format": 1, "publicKey": "ed25519:AAAA"], path: "s") }
        #expect(throws: StoreError.self) {
            try StoreConfig(json: ["format": 1, "publicKey": .string(key), "signingKey": "k"], path: "s")
        }
    }
}
