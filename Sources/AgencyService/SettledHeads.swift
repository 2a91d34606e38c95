import AgencyJSON
import Foundation
import WorkflowEngine
import WorkflowStore

/// The journal heads of instances that ended in a month before a seal's moment, cached
/// per month, so that the weekly seal does not read years of finished journals again
/// every week.
///
/// An instance whose last change was in month M (its `closed` index key) and that is not
/// running has every record in M or earlier, so its head as of any moment in a later
/// month is its last record. The cache `seal-heads-<M>` holds a first line
/// `#seal-heads:2 <stamp> <latest at>` and, per instance under `closed` = M, sorted by id,
/// that record's `seq`, `hash` and `at` and the journal's fingerprint
/// (`journalFingerprint`), one line each (`<id> <seq> <hash> <at> <fingerprint>`).
///
/// When the key's stamp (`InstanceStore.indexKeyStamp`: on a file store, one `lstat` of
/// the key's folder, which every commit of an instance under it touches) is the one the
/// cache was made with, the month is taken whole, no journal looked at. Otherwise every
/// instance now under the key is checked: a line counts while its journal's fingerprint is
/// unchanged (a journal cut, extended or edited since is read again) and its `at` is at or
/// before the moment. So a journal changed behind the store's back is read again until the
/// month's cache is made with a stamp; after that, the month stands as it was sealed, and
/// `agency verify --seal`, which never reads this cache, names the journal that changed.
/// Derived, never evidence.
struct SettledHeads {
    let service: AgencyService
    /// The moment as the engine writes it, and whether a record's `at` falls at or before it.
    let moment: String
    let isAtOrBefore: (String) -> Bool

    /// What the seal takes from the cache, and which journals it must read itself.
    struct Collected {
        /// One run of lines per settled month, oldest month first.
        var runs: [SealRun]
        /// Journals to read: running instances, those last changed in the moment's month
        /// or later, and settled ones whose last record is after the moment. Any line of
        /// theirs in a run does not count.
        var unsettled: Set<String>
    }

    /// The settled months' runs and the ids to read (see `Collected`). A month's run holds
    /// every id with a `closed` marker of that month, whatever else it has: a stale marker
    /// of a revived instance is outweighed by its `running` entry, and an instance with
    /// markers in two months counts in the later one (`merge`). Every instance whose commit
    /// reached its journal has a `status` entry, running or `closed` (markers are made
    /// before the journal append), so runs and `unsettled` together cover every journal.
    /// Nil when the moment has no month (then every journal is read).
    func collect(unreadable: inout [String: String]) throws -> Collected? {
        guard let current = IndexGeneration.month(of: moment) else { return nil }
        let store = service.store
        var collected = Collected(runs: [], unsettled: Set(try store.ids(kind: "status",
                                                                          key: Instance.Status.running.rawValue)))
        for month in try store.keys(kind: "closed") {
            if month.utf8.lexicographicallyPrecedes(current.utf8) {
                collected.runs.append(try run(month: month, late: &collected.unsettled, unreadable: &unreadable))
            } else {
                collected.unsettled.formUnion(try store.ids(kind: "closed", key: month))
            }
        }
        return collected
    }

    /// Month `month`'s run: from its cache when the key's stamp is the cache's, else made
    /// again instance by instance (and the cache written). Ids whose last record is after
    /// the moment are added to `late` instead.
    private func run(month: String, late: inout Set<String>, unreadable: inout [String: String]) throws -> SealRun {
        let name = "seal-heads-" + month
        let store = service.store
        // Taken before anything under the key is read: see `IndexKeyStamps`.
        let stamp = (try? store.indexKeyStamp(kind: "closed", key: month)) ?? nil
        let cached = ((try? store.cachedDocument(name)) ?? nil).map(SealCacheDocument.init(bytes:))
        if let stamp, let cached, cached.stamp == stamp {
            if let latest = cached.latestAt, isAtOrBefore(latest) { return cached.run() }
            let (run, after) = cached.run(keepingAt: isAtOrBefore)
            late.formUnion(after)
            return run
        }
        return try rebuild(month: month, stamp: stamp, cached: cached, late: &late, unreadable: &unreadable)
    }

    /// Checks every instance now under `closed` = `month` against the cached lines (its
    /// journal's fingerprint), reads the journals that changed, and writes the cache with
    /// `stamp` when every journal could be read.
    private func rebuild(month: String, stamp: String?, cached: SealCacheDocument?, late: inout Set<String>,
                         unreadable: inout [String: String]) throws -> SealRun {
        let store = service.store
        let known = cached?.linesByID() ?? [:]
        var lines: [SealCacheDocument.Line] = []
        var allRead = true
        for id in try store.ids(kind: "closed", key: month) {
            let fingerprint = (try? store.journalFingerprint(id)) ?? nil
            if let line = known[id], let fingerprint, line.fingerprint == fingerprint {
                lines.append(line)
                continue
            }
            do {
                let records = try store.readJournal(id)
                guard let last = records.last, let seq = last["seq"]?.intValue, let hash = last["hash"]?.stringValue,
                      let at = last["at"]?.stringValue
                else { continue }  // an empty journal has no head
                lines.append(.init(id: id, seq: Int(seq), hash: hash, at: at, fingerprint: fingerprint ?? "-"))
            } catch {
                unreadable[id] = "\(error)"
                allRead = false
            }
        }
        let document = SealCacheDocument(stamp: allRead ? stamp : nil, lines: lines,
                                         latestAt: latest(lines.map(\.at)))
        try? store.saveCachedDocument("seal-heads-" + month, document.bytes())
        var run = SealRun()
        for line in lines {
            if isAtOrBefore(line.at) { run.append(id: line.id, seq: line.seq, hash: line.hash) } else { late.insert(line.id) }
        }
        return run
    }

    /// The latest of `times` as an instant, as written; nil when there are none or one
    /// cannot be read (then every line's time is checked).
    private func latest(_ times: [String]) -> String? {
        var best: (text: String, date: Date)?
        for text in times {
            guard let date = service.timestamps.parse(text) else { return nil }
            if best.map({ date > $0.date }) ?? true { best = (text, date) }
        }
        return best?.text
    }
}
