import AgencyJSON
import Foundation

/// What an `InstanceStore` implemented in another module of this package (`PostgresStore`)
/// needs from this one, so that it checks, seals, stamps and audits exactly as `FileStore`
/// and `MemoryStore` do: the same drafts refused, the same bytes hashed, the same verify
/// report. `package` access: visible to this package's modules, not to users of the library.
package enum ImplementationKit {
    /// `CommitInput.checkDraft`: a record draft's members, or `invalidRecord`.
    package static func checkDraft(_ draft: JSONValue, index: Int, id: String) throws(StoreError)
        -> [String: JSONValue] {
        try CommitInput.checkDraft(draft, index: index, id: id)
    }

    /// `CommitInput.stamped`: the snapshot with `id`, `head` and `indexed` set.
    package static func stamped(_ snapshot: JSONValue, id: String, head: JournalHead,
                                index: IndexEntries) throws(StoreError) -> JSONValue {
        try CommitInput.stamped(snapshot, id: id, head: head, index: index)
    }

    /// `JournalHash.seal`: the record completed with `seq`, `prev` and `hash`, and its
    /// journal line (canonical bytes and a newline).
    package static func seal(_ draft: [String: JSONValue], seq: Int, prev: String) throws(StoreError)
        -> (record: JSONValue, line: [UInt8], hash: String) {
        try JournalHash.seal(draft, seq: seq, prev: prev)
    }

    /// The canonical encoding (sorted keys, no whitespace) the hashes are computed over.
    package static func canonical(_ value: JSONValue, what: String) throws(StoreError) -> [UInt8] {
        try JournalHash.canonical(value, what: what)
    }

    /// The records of journal `lines` (as `FileStore` keeps them) with the chain checked,
    /// and the first problem; the records stop before it.
    package static func scan(_ lines: [UInt8], id: String) -> (records: [JSONValue], head: JournalHead?,
                                                               problem: JournalProblem?) {
        let scan = JournalScan(bytes: lines, id: id)
        return (scan.records, scan.head, scan.problem)
    }

    /// `InstanceAudit.report` over journal `lines`: the verify report every store gives.
    /// `publicKey` (raw) makes every signature checked, as on a signed file store.
    package static func audit(id: String, lines: [UInt8], snapshot: (value: JSONValue, head: JournalHead)?,
                              snapshotProblem: String?, journalName: String, knownHead: JournalHead?,
                              replay: (([JSONValue]) throws -> JSONValue?)?,
                              hasSnapshot: Bool = true, publicKey: [UInt8]? = nil) throws(StoreError) -> VerifyReport {
        try InstanceAudit.report(id: id, scan: JournalScan(bytes: lines, id: id), snapshot: snapshot,
                                 snapshotProblem: snapshotProblem, journalName: journalName,
                                 knownHead: knownHead, replay: replay, hasSnapshot: hasSnapshot,
                                 publicKey: publicKey)
    }

    /// The signer of a signed store folder (its key read once, as its own commits read it);
    /// nil for a folder that does not sign.
    package static func signer(of files: FileStore) throws(StoreError) -> JournalSigner? {
        try files.journalSigner()
    }

    /// `sealed` with its signature added, as a signed file store's last record of a commit.
    package static func signed(_ sealed: (record: JSONValue, line: [UInt8], hash: String), id: String, seq: Int,
                               signer: JournalSigner) throws(StoreError) -> (record: JSONValue, line: [UInt8], hash: String) {
        try JournalHash.signed(sealed, id: id, seq: seq, signer: signer)
    }

    /// `invalidName` unless `time` is what a simulation clock may hold.
    package static func checkClockTime(_ time: String) throws(StoreError) { try SimulationClockText.check(time) }

    /// The outbox message `n` of `source`'s event `seq`.
    package static func outboxMessage(source: String, seq: Int, n: Int, body: JSONValue) -> OutboxMessage {
        OutboxMessage(source: source, seq: seq, n: n, body: body)
    }

    /// A message read back from its JSON, nil if its key does not match its fields.
    package static func outboxMessage(json: JSONValue) -> OutboxMessage? { OutboxMessage(json: json) }

    /// Whether `lhs` precedes `rhs` in UTF-8 byte order (the order ids and keys are listed in).
    package static func byteOrder(_ lhs: String, _ rhs: String) -> Bool { WorkflowStore.byteOrder(lhs, rhs) }

    package static func loadedInstance(id: String, snapshot: JSONValue?, snapshotHead: JournalHead?,
                                       journalHead: JournalHead, pending: [JSONValue],
                                       indexed: IndexEntries) -> LoadedInstance {
        LoadedInstance(id: id, snapshot: snapshot, snapshotHead: snapshotHead, journalHead: journalHead,
                       pending: pending, indexed: indexed)
    }

    package static func definitionVersion(sha: String, savedAt: Date) -> DefinitionVersion {
        DefinitionVersion(sha: sha, savedAt: savedAt)
    }

    package static func repairReport(id: String, head: JournalHead?) -> RepairReport {
        RepairReport(id: id, actions: [], head: head)
    }

    package static func rebuildReport(instances: Int, markers: Int) -> IndexRebuildReport {
        IndexRebuildReport(instances: instances, markers: markers, skipped: [:])
    }
}
