import AgencyJSON
import Foundation
import WorkflowStore

/// What `agency verify --seal` found.
public struct SealCheck: Sendable {
    /// The code as printed (normalized).
    public let code: String
    /// The moment the heads were taken at.
    public let moment: String
    /// Whether the store journal holds a `seal` record with this code for the week.
    public let recorded: Bool
    /// The code the journals give now.
    public let recomputed: String
    /// What differs, one line each, naming the instance; empty when everything matches.
    public let differences: [String]

    public var matches: Bool { differences.isEmpty && recomputed == code }
}

extension AgencyService {
    /// The seal of every journal as of `moment` (`JournalSeal`'s rule). A journal that
    /// cannot be read is named in `unreadable` and left out. Journals of instances that
    /// ended in a month before the moment's are taken from `SettledHeads`' cache, a month
    /// whose index key is unchanged whole, without reading its journals.
    /// `cached: false` reads every journal (a check, which must see what the files say now).
    public func seal(asOf moment: Date, cached: Bool = true) throws -> (seal: JournalSeal, unreadable: [String: String]) {
        let stamps = timestamps
        let atOrBefore: (String) -> Bool = { at in stamps.parse(at).map { $0 <= moment } ?? false }
        var unreadable: [String: String] = [:]
        if cached, indexIsCurrent() {
            // Settled months from the cache, merged with the journals read here.
            let cache = SettledHeads(service: self, moment: stamps.format(moment), isAtOrBefore: atOrBefore)
            if let collected = try guarded({ try cache.collect(unreadable: &unreadable) }) {
                var read: [String: JournalHead?] = [:]
                for id in collected.unsettled {
                    do {
                        // `.some`: an id with no head yet must still outweigh a cached line.
                        read[id] = .some(JournalSeal.head(of: try store.readJournal(id), isAtOrBefore: atOrBefore))
                    } catch {
                        read[id] = .some(nil)
                        unreadable[id] = "\(error)"
                    }
                }
                if let head = storeJournalHead(isAtOrBefore: atOrBefore, unreadable: &unreadable) {
                    read[StoreJournal.id] = head
                }
                let lines = SealRun.merge(collected.runs + [SealRun(heads: read)])
                return (JournalSeal(moment: stamps.format(moment), sortedLines: lines), unreadable)
            }
            unreadable = [:]
        }
        var heads: [String: JournalHead] = [:]
        for id in try guarded({ try store.instanceIDs() }) {
            do {
                if let head = JournalSeal.head(of: try store.readJournal(id), isAtOrBefore: atOrBefore) { heads[id] = head }
            } catch {
                unreadable[id] = "\(error)"
            }
        }
        if let head = storeJournalHead(isAtOrBefore: atOrBefore, unreadable: &unreadable) {
            heads[StoreJournal.id] = head
        }
        return (JournalSeal(moment: stamps.format(moment), heads: heads), unreadable)
    }

    /// The store journal's head as of the moment, its `seal` records left out.
    private func storeJournalHead(isAtOrBefore: (String) -> Bool, unreadable: inout [String: String]) -> JournalHead? {
        do {
            return JournalSeal.head(of: try store.readStoreJournal(), isAtOrBefore: isAtOrBefore, skip: Self.isSealRecord)
        } catch {
            unreadable[StoreJournal.id] = "\(error)"
            return nil
        }
    }

    static func isSealRecord(_ record: JSONValue) -> Bool { record["kind"]?.stringValue == "seal" }

    /// The `seal` records of the store journal for `week` (e.g. `2025-W10`), oldest first.
    public func recordedSeals(week: String) throws -> [JSONValue] {
        try storeJournal().filter { Self.isSealRecord($0) && $0["details"]?["week"]?.stringValue == week }
    }

    /// Records `seal` as week `week`'s in the store journal, under the store lock, unless
    /// the same code for the same moment is already there. Only a signed store records
    /// seals: there the record is evidence; an unsigned store's report stays read-only.
    /// Returns whether a record was written.
    @discardableResult
    public func recordSeal(_ seal: JournalSeal, week: String, at: String) throws -> Bool {
        guard store.signsJournal else { return false }
        return try guarded { try store.withStoreLock {
            let code = seal.code
            let already = try recordedSeals(week: week).contains {
                $0["details"]?["code"]?.stringValue == code && $0["details"]?["asOf"]?.stringValue == seal.moment
            }
            if already { return false }
            var heads: [String: JSONValue] = [:]
            for (id, head) in seal.heads { heads[id] = head.json }
            let details: [String: JSONValue] = ["week": .string(week), "asOf": .string(seal.moment), "code": .string(code),
                                                "digest": .string(seal.digest), "heads": .object(heads)]
            var draft: [String: JSONValue] = ["at": .string(at), "actor": "system", "kind": "seal",
                                              "details": .object(details)]
            if let login { draft["login"] = .string(login) }
            try store.appendStoreRecord(.object(draft))
            return true
        } }
    }

    /// Checks a seal read at a meeting: `code` for `week`, taken at the moment its
    /// `seal` record names, else at `moment` (the week's dispatch). With a record, each
    /// instance whose sealed record changed, went missing or gained a record dated before
    /// the seal is named; without one, only the codes can be compared.
    public func checkSeal(code typed: String, week: String, moment: Date) throws -> SealCheck {
        guard let code = JournalSeal.normalized(typed) else {
            throw ServiceError.invalid("'\(typed)' is not a seal code: 16 letters and digits, as printed "
                + "(e.g. 7KQ2-M9XD-P4TA-8WQ1)")
        }
        let records = try recordedSeals(week: week)
        let match = records.last { $0["details"]?["code"]?.stringValue == code }
        var at = moment
        if let text = match?["details"]?["asOf"]?.stringValue {
            guard let date = timestamps.parse(text) else {
                throw ServiceError.integrity("the seal record of \(week) has an unreadable time '\(text)'")
            }
            at = date
        }
        let (current, unreadable) = try seal(asOf: at, cached: false)
        var differences = unreadable.sorted { $0.key < $1.key }.map { "\($0.key): the journal cannot be read: \($0.value)" }
        if let sealed = match?["details"]?["heads"]?.objectValue {
            differences += try headDifferences(sealed: sealed, now: current.heads)
        } else if current.code != code {
            let others = records.compactMap { $0["details"]?["code"]?.stringValue }
            differences.append("the journals as of \(current.moment) give \(current.code), not \(code)"
                + (others.isEmpty ? " (the store journal has no seal of \(week), so the instances that changed "
                    + "cannot be named)" : "; the seal recorded for \(week) is \(others.joined(separator: ", "))"))
        }
        return SealCheck(code: code, moment: current.moment, recorded: match != nil, recomputed: current.code,
                         differences: differences)
    }

    /// What changed, per journal, between the heads a seal recorded and the heads now.
    private func headDifferences(sealed: [String: JSONValue], now: [String: JournalHead]) throws -> [String] {
        var lines: [String] = []
        for id in Set(sealed.keys).union(now.keys).sorted() {
            let name = id == StoreJournal.id ? "the store journal" : id
            guard let recorded = sealed[id].flatMap(JournalHead.init(json:)) else {
                lines.append("\(name): has records dated at or before the seal that it did not cover "
                    + "(added afterwards with an earlier date, or the instance was created behind the store's back)")
                continue
            }
            if now[id] == recorded { continue }
            let records: [JSONValue]
            do {
                records = id == StoreJournal.id ? try store.readStoreJournal() : try store.readJournal(id)
            } catch {
                continue  // already named as unreadable
            }
            if records.count < recorded.seq {
                lines.append("\(name): the seal covers record \(recorded.seq) but the journal now ends at record "
                    + "\(records.count): records were cut off or the journal removed")
            } else if records[recorded.seq - 1]["hash"]?.stringValue != recorded.hash {
                lines.append("\(name): record \(recorded.seq) was sealed with hash \(recorded.hash.prefix(12))… but "
                    + "now hashes to \((records[recorded.seq - 1]["hash"]?.stringValue ?? "").prefix(12))…: "
                    + "history before the seal was rewritten")
            } else {
                lines.append("\(name): records after \(recorded.seq) are dated at or before the seal but were "
                    + "written after it (backdated)")
            }
        }
        return lines
    }
}
