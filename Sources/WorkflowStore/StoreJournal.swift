import AgencyFormats
import AgencyJSON

/// The store-level journal: what changes the store itself rather than one instance (a new
/// people directory applied or found, and later sign-ins), chained and sealed exactly like
/// an instance's journal, so `verify` checks it the same way. Its record 1 is bound to the
/// id `.store`, which no instance can have (instance ids never start with a dot).
public enum StoreJournal {
    /// The id the chain is bound to and reports name.
    public static let id = ".store"
}

extension StoreLayout {
    /// `environment/journal.jsonl`.
    public var storeJournalFile: String { environmentDirectory + "/journal.jsonl" }
}

extension FileStore {
    /// Appends one record (a draft: `at`, `actor`, `kind`, `details`) to the store journal,
    /// durably, under the store lock; returns its head. A damaged journal is refused
    /// (`corruptJournal`/`tornJournal`), never appended to.
    @discardableResult
    public func appendStoreRecord(_ draft: JSONValue) throws -> JournalHead {
        let members = try CommitInput.checkDraft(draft, index: 0, id: StoreJournal.id)
        return try withStoreLock {
            let path = layout.storeJournalFile
            var existing = try fileSystem.readFileIfPresent(path)
            var scan = JournalScan(bytes: existing ?? [], id: StoreJournal.id)
            if let problem = scan.problem, problem.kind == .tornTail, let bytes = existing {
                // A record cut short by a crash never counted: keep its bytes beside the
                // journal, as `repair` does for an instance, and append after the last whole one.
                try setAsideTornTail(Array(bytes[scan.goodLength...]), of: path)
                try writer.truncate(path, to: Int64(scan.goodLength))
                existing = Array(bytes[..<scan.goodLength])
                scan = JournalScan(bytes: existing ?? [], id: StoreJournal.id)
            }
            if let problem = scan.problem {
                throw StoreError.corruptJournal(id: StoreJournal.id, path: path, line: problem.line, seq: problem.seq,
                                                problem: "\(problem.kind.rawValue): \(problem.message)")
            }
            let seq = (scan.head?.seq ?? 0) + 1
            var sealed = try JournalHash.seal(members, seq: seq, prev: scan.head?.hash ?? JournalHash.genesis(for: StoreJournal.id))
            // Every store journal record is its own commit: a signed store signs each.
            if let signer = try journalSigner() {
                sealed = try JournalHash.signed(sealed, id: StoreJournal.id, seq: seq, signer: signer)
            }
            if try fileSystem.ensureDirectory(layout.environmentDirectory) { try fileSystem.syncDirectory(layout.root) }
            let created = existing == nil
            _ = try writer.append(path, sealed.line, createExclusive: created)
            if created { try fileSystem.syncDirectory(layout.environmentDirectory) }
            return JournalHead(seq: seq, hash: sealed.hash)
        }
    }

    private func setAsideTornTail(_ bytes: [UInt8], of path: String) throws(StoreError) {
        let saved = path + ".torn-" + ISOTime.compactUTC(options.clock())
        let file = try fileSystem.open(saved, [.write, .append, .create], mode: 0o644)
        defer { fileSystem.closeQuietly(file) }
        try fileSystem.write(file, bytes)
        try fileSystem.fsync(file)
        try fileSystem.syncDirectory(layout.environmentDirectory)
    }

    /// Every record of the store journal, the chain checked; empty when there is none. A
    /// torn last record (a crash during its append) never counted and is left out; the next
    /// append sets it aside. Any other damage throws.
    public func readStoreJournal() throws(StoreError) -> [JSONValue] {
        let path = layout.storeJournalFile
        let scan = JournalScan(bytes: try fileSystem.readFileIfPresent(path) ?? [], id: StoreJournal.id)
        if let problem = scan.problem, problem.kind != .tornTail {
            throw .corruptJournal(id: StoreJournal.id, path: path, line: problem.line, seq: problem.seq,
                                  problem: "\(problem.kind.rawValue): \(problem.message)")
        }
        return scan.records
    }

    /// Checks the store journal's chain (and a head kept outside the store).
    public func verifyStoreJournal(knownHead: JournalHead?) throws(StoreError) -> VerifyReport {
        let scan = JournalScan(bytes: try fileSystem.readFileIfPresent(layout.storeJournalFile) ?? [], id: StoreJournal.id)
        return try InstanceAudit.report(id: StoreJournal.id, scan: scan, snapshot: nil, snapshotProblem: nil,
                                        journalName: layout.storeJournalFile, knownHead: knownHead, replay: nil,
                                        hasSnapshot: false, publicKey: publicKeyBytes)
    }
}
