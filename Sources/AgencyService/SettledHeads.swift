import AgencyJSON
import WorkflowEngine
import WorkflowStore

/// The journal heads of instances that ended in a month before a seal's moment, cached
/// per month, so that the weekly seal does not read years of finished journals again
/// every week.
///
/// An instance whose last change was in month M (its `closed` index key) and that is not
/// running has every record in M or earlier, so its head as of any moment in a later
/// month is its last record. The cache `seal-heads-<M>` holds, per such instance, that
/// record's `seq`, `hash` and `at`, one line each (`<id> <seq> <hash> <at>`). It is used
/// only while the month's ids are exactly those it lists, and a line whose `at` is after
/// the moment is read from the journal again. It is derived, never evidence:
/// `agency verify --seal` recomputes from the journals.
struct SettledHeads {
    let service: AgencyService
    /// The moment as the engine writes it, and whether a record's `at` falls at or before it.
    let moment: String
    let isAtOrBefore: (String) -> Bool

    /// Ids by the month they were settled in: each instance's latest `closed` month before
    /// the moment's month, if it is not running (a stale marker of a revived instance
    /// must not settle it).
    func settledByMonth() throws -> [String: [String]] {
        guard let current = IndexGeneration.month(of: moment) else { return [:] }
        let store = service.store
        let running = Set(try store.ids(kind: "status", key: Instance.Status.running.rawValue))
        var latest: [String: String] = [:]
        for month in try store.keys(kind: "closed") {
            for id in try store.ids(kind: "closed", key: month) where !running.contains(id) {
                if latest[id].map({ $0.utf8.lexicographicallyPrecedes(month.utf8) }) ?? true { latest[id] = month }
            }
        }
        var byMonth: [String: [String]] = [:]
        for (id, month) in latest where month.utf8.lexicographicallyPrecedes(current.utf8) {
            byMonth[month, default: []].append(id)
        }
        return byMonth.mapValues { $0.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
    }

    /// The heads as of the moment of `ids` (settled in `month`), from the month's cache
    /// when it lists exactly these ids, else from the journals (and the cache written).
    func heads(month: String, ids: [String], unreadable: inout [String: String]) -> [String: JournalHead] {
        let name = "seal-heads-" + month
        let cached = ((try? service.store.cachedDocument(name)) ?? nil).map(Self.parse) ?? [:]
        var lines = cached
        if cached.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) != ids {
            lines = [:]
            for id in ids {
                guard let records = try? service.store.readJournal(id), let last = records.last,
                      let seq = last["seq"]?.intValue, let hash = last["hash"]?.stringValue,
                      let at = last["at"]?.stringValue else { continue }
                lines[id] = (JournalHead(seq: Int(seq), hash: hash), at)
            }
            try? service.store.saveCachedDocument(name, Self.render(lines))
        }
        var heads: [String: JournalHead] = [:]
        for id in ids {
            if let line = lines[id], isAtOrBefore(line.at) {
                heads[id] = line.head
                continue
            }
            // Not cached, or changed after the moment: its journal decides.
            do {
                if let head = JournalSeal.head(of: try service.store.readJournal(id), isAtOrBefore: isAtOrBefore) {
                    heads[id] = head
                }
            } catch {
                unreadable[id] = "\(error)"
            }
        }
        return heads
    }

    static func parse(_ bytes: [UInt8]) -> [String: (head: JournalHead, at: String)] {
        var lines: [String: (head: JournalHead, at: String)] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 4, let seq = Int(parts[1]) else { continue }
            lines[String(parts[0])] = (JournalHead(seq: seq, hash: String(parts[2])), String(parts[3]))
        }
        return lines
    }

    static func render(_ lines: [String: (head: JournalHead, at: String)]) -> [UInt8] {
        var text = ""
        for id in lines.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            if let line = lines[id] { text += "\(id) \(line.head.seq) \(line.head.hash) \(line.at)\n" }
        }
        return Array(text.utf8)
    }
}
