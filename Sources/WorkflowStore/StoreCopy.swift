import AgencyJSON

/// Why `StoreCopy` refused or failed; nothing was written to the target in the refusals.
public enum StoreCopyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The target already holds something (`what`): a copy never merges or overwrites.
    case targetNotEmpty(location: String, what: String)
    /// An existing empty target reads times differently from the source (`differences`:
    /// one "setting: source's, target's" each): the copied deadlines and working days
    /// would change meaning.
    case settingsDiffer(location: String, differences: [String])
    /// The source's journals are signed (`id`'s is) but it was opened without its key, so
    /// the copy could not keep the signatures.
    case signedWithoutKey(location: String, id: String)
    /// The source has undelivered outbox messages, whose keys a copy could not keep.
    case undeliveredMessages(location: String, count: Int)
    /// The source signs its journals and the target would not keep the signatures: it
    /// does not sign, or signs with another key.
    case signaturesWouldBeLost(location: String)
    /// The source fails `verify`: copying would spread the damage and hide where it was.
    case sourceUnsound(location: String, id: String, problem: String)
    /// The copy does not match the source (a head, a hash, a chain): the target is incomplete.
    case copyMismatch(location: String, id: String, problem: String)

    public var description: String {
        switch self {
        case .targetNotEmpty(let location, let what):
            return "the target \(location) is not empty (\(what)); copy into a new, empty store"
        case .settingsDiffer(let location, let differences):
            return "the target \(location) is set up differently from the source ("
                + differences.joined(separator: "; ") + "), so the copied times and deadlines would be read "
                + "differently; copy into a new folder or database (it is created with the source's settings), "
                + "or change the target's settings to the source's first"
        case .signedWithoutKey(let location, let id):
            return "the journals of \(location) are signed (\(id)'s is) but it was opened without its key, so the "
                + "copy would lose the signatures; copy from the store folder whose store.json names this database "
                + "(it holds the key) instead of its URL"
        case .undeliveredMessages(let location, let count):
            return "\(location) has \(count) undelivered outbox message(s); run agency tick on it first, then copy"
        case .signaturesWouldBeLost(let location):
            return "\(location) signs its journals but the target does not sign with its key, so the copy could "
                + "not be verified as the original is; copy into a new folder or database (it then signs with "
                + "the source's key)"
        case .sourceUnsound(let location, let id, let problem):
            return "the source \(location) fails verify at \(id): \(problem); repair or restore it first "
                + "(agency verify --all)"
        case .copyMismatch(let location, let id, let problem):
            return "the copy in \(location) does not match the source at \(id): \(problem); drop the target and "
                + "copy again"
        }
    }
}

/// What `StoreCopy.copy` moved, for its summary line.
public struct StoreCopyReport: Sendable, Equatable {
    public var instances = 0
    public var records = 0
    public var definitions = 0
    public var environmentVersions = 0
    public var notifications = 0
    public var schedules = 0
    public var storeRecords = 0
}

/// Copies a whole store into an empty one of any kind, through `InstanceStore` only (file
/// ⇄ PostgreSQL): every journal record with the same `seq`, `prev` and `hash` (re-sealed by
/// the target from the same drafts, which gives the same bytes), snapshots, index entries,
/// definitions, the environment versions the journals name, notifications, schedules, the
/// simulation clock and the store journal. Both sides are checked: the source before
/// (every instance verified), the target after (every instance verified, its head equal to
/// the source's; the store journal's head likewise).
public enum StoreCopy {
    /// `sourceChecked`: the caller already ran `checkSource(source)` (before creating the
    /// target, so that a refused source leaves no target behind).
    public static func copy(from source: any InstanceStore, to target: any InstanceStore,
                            sourceChecked: Bool = false) throws -> StoreCopyReport {
        try refuseUnlessEmpty(target)
        let differences = meaningfulDifferences(source.config, target.config)
        if !differences.isEmpty { throw StoreCopyError.settingsDiffer(location: target.location, differences: differences) }
        if source.signsJournal && (!target.signsJournal || target.journalPublicKey != source.journalPublicKey) {
            throw StoreCopyError.signaturesWouldBeLost(location: source.location)
        }
        let ids = sourceChecked ? try source.instanceIDs() : try checkSource(source)
        var report = StoreCopyReport()
        var environment: Set<String> = []
        for name in try source.definitionNames() {
            for version in try source.versions(name) {
                try target.saveDefinition(name, source: try source.loadDefinition(name, sha: version.sha))
                report.definitions += 1
            }
        }
        for id in ids {
            let records = try source.readJournal(id)
            guard let loaded = try source.loadInstance(id), let snapshot = loaded.snapshot else { continue }
            for record in records { environment.formUnion(environmentVersions(named: record)) }
            let head = try target.withInstanceLock(id) {
                var head: JournalHead?
                for commit in commits(records, signed: source.signsJournal) {
                    head = try target.commit(id, records: try commit.map(draft), snapshot: snapshot,
                                             index: loaded.indexed, outbox: [], notifications: [],
                                             create: head == nil, expectedHead: head)
                }
                return head
            }
            if head != loaded.journalHead {
                throw StoreCopyError.copyMismatch(location: target.location, id: id, problem:
                    "head \(head.map { "\($0)" } ?? "none") instead of \(loaded.journalHead)")
            }
            report.instances += 1
            report.records += records.count
        }
        let storeRecords = try source.readStoreJournal()
        for record in storeRecords {
            environment.formUnion(environmentVersions(named: record))
            try target.appendStoreRecord(try draft(record))
        }
        report.storeRecords = storeRecords.count
        let swept = try source.sweptCalendarVersion()
        if let swept { environment.insert(swept) }
        for sha in environment.sorted() {
            for kind in EnvironmentKind.allCases {
                guard let bytes = try? source.loadEnvironmentVersion(kind, sha: sha) else { continue }
                try target.saveEnvironmentVersion(kind, bytes)
                report.environmentVersions += 1
            }
        }
        if let swept { try target.markCalendarSwept(swept) }
        if let clock = try source.simulationClock() { try target.setSimulationClock(clock) }
        // The snapshots carry their index entries as the source wrote them: so does the
        // generation they were written with (an empty target may have recorded the current one).
        try target.setIndexFormat(try source.indexFormat())
        for (workflow, state) in try source.schedules() {
            try target.saveSchedule(workflow, state)
            report.schedules += 1
        }
        report.notifications = try copyNotifications(from: source, to: target)
        try check(target, against: source, ids: ids)
        return report
    }

    /// The refusals that depend on the source alone, with nothing written anywhere:
    /// undelivered outbox messages, an instance that fails verify, signed journals read
    /// without their key. Returns the source's instance ids.
    @discardableResult
    public static func checkSource(_ source: any InstanceStore) throws -> [String] {
        let pending = try source.pendingMessages()
        if !pending.isEmpty { throw StoreCopyError.undeliveredMessages(location: source.location, count: pending.count) }
        let ids = try source.instanceIDs()
        for id in ids {
            let report = try source.verify(id)
            if let problem = report.problems.first {
                throw StoreCopyError.sourceUnsound(location: source.location, id: id, problem: problem.message)
            }
            // Signed records read through a store that cannot sign (a database opened by its
            // URL, without the folder holding its key) would be copied without signatures.
            if !source.signsJournal, try source.readJournal(id).last?[JournalSignature.key] != nil {
                throw StoreCopyError.signedWithoutKey(location: source.location, id: id)
            }
        }
        return ids
    }

    /// Throws `targetNotEmpty` unless `target` holds nothing a copy would write.
    private static func refuseUnlessEmpty(_ target: any InstanceStore) throws {
        let pendingNotes = try target.notifications(delivered: false).notifications
        let deliveredNotes = try target.notifications(delivered: true).notifications
        let found: [(String, Bool)] = [
            ("instances", !(try target.instanceIDs().isEmpty)),
            ("workflow definitions", !(try target.definitionNames().isEmpty)),
            ("a store journal", !(try target.readStoreJournal().isEmpty)),
            ("schedules", !(try target.schedules().isEmpty)),
            ("notifications", !pendingNotes.isEmpty || !deliveredNotes.isEmpty),
        ]
        if let what = found.first(where: { $0.1 })?.0 {
            throw StoreCopyError.targetNotEmpty(location: target.location, what: what)
        }
    }

    /// The settings that give the copied data its meaning and differ: the time zone local
    /// times and working days are read in, the virtual clock, the calendar policy.
    static func meaningfulDifferences(_ source: StoreConfig, _ target: StoreConfig) -> [String] {
        var differences: [String] = []
        if source.timezone != target.timezone {
            differences.append("time zone: source \(source.timezone), target \(target.timezone)")
        }
        if source.simulation != target.simulation {
            let kind = { (simulation: Bool) in simulation ? "a simulation store" : "a real store" }
            differences.append("clock: source is \(kind(source.simulation)), target \(kind(target.simulation))")
        }
        if source.calendar != target.calendar {
            differences.append("calendar policy: source \(source.calendar), target \(target.calendar)")
        }
        return differences
    }

    private static func copyNotifications(from source: any InstanceStore, to target: any InstanceStore) throws -> Int {
        var count = 0
        for delivered in [false, true] {
            for note in try source.notifications(delivered: delivered).notifications {
                guard let key = note["key"]?.stringValue else { continue }
                try target.putNotification(key: key, body: note)
                if delivered { try target.acknowledgeNotification(key) }
                count += 1
            }
        }
        return count
    }

    /// Every instance of the target verified and at the source's head; the store journals
    /// at the same head.
    private static func check(_ target: any InstanceStore, against source: any InstanceStore, ids: [String]) throws {
        for id in ids {
            let expected = try source.journalHead(id)
            let report = try target.verify(id, knownHead: expected)
            if let problem = report.problems.first {
                throw StoreCopyError.copyMismatch(location: target.location, id: id, problem: problem.message)
            }
            if report.journalHead != expected {
                throw StoreCopyError.copyMismatch(location: target.location, id: id, problem: "a different head")
            }
        }
        let storeHead = try source.readStoreJournal().last.flatMap { record -> JournalHead? in
            guard let seq = record["seq"]?.intValue, let hash = record["hash"]?.stringValue else { return nil }
            return JournalHead(seq: Int(seq), hash: hash)
        }
        let report = try target.verifyStoreJournal(knownHead: storeHead)
        if let problem = report.problems.first {
            throw StoreCopyError.copyMismatch(location: target.location, id: StoreJournal.id, problem: problem.message)
        }
    }

    /// The records in the commits that wrote them, as far as the target must repeat them:
    /// a signed journal's commits end at each signed record (a commit signs its last
    /// record), so the target, signing with the same key, signs the same records; an
    /// unsigned journal in one commit.
    package static func commits(_ records: [JSONValue], signed: Bool) -> [ArraySlice<JSONValue>] {
        guard signed else { return records.isEmpty ? [] : [records[...]] }
        var commits: [ArraySlice<JSONValue>] = []
        var start = 0
        for (index, record) in records.enumerated() where record[JournalSignature.key] != nil {
            commits.append(records[start...index])
            start = index + 1
        }
        if start < records.count { commits.append(records[start...]) }
        return commits
    }

    /// A sealed record back as the draft it was sealed from.
    private static func draft(_ record: JSONValue) throws -> JSONValue {
        guard case .object(var members) = record else {
            throw StoreError.encoding(what: "journal record", problem: "a record must be a JSON object")
        }
        for key in ["seq", "prev", "hash", JournalSignature.key] { members[key] = nil }
        return .object(members)
    }

    /// The environment versions a record names: an event's `calendar` and `people`, a
    /// store record's `details.version`.
    private static func environmentVersions(named record: JSONValue) -> Set<String> {
        let candidates = [record["calendar"], record["people"], record["details"]?["version"],
                          record["details"]?["previous"]]
        return Set(candidates.compactMap { $0?.stringValue }.filter(JournalHash.isHex))
    }
}
