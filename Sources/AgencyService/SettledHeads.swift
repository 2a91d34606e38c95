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
/// record's `seq`, `hash` and `at` and the journal's fingerprint (`journalFingerprint`: a
/// file store's size and modification time), one line each (`<id> <seq> <hash> <at>
/// <fingerprint>`). A line counts only while the journal's fingerprint is unchanged (a
/// journal cut, extended or edited since is read again) and its `at` is at or before the
/// moment. It is derived, never evidence:
/// `agency verify --seal` recomputes from the journals.
struct SettledHeads {
    let service: AgencyService
    /// The moment as the engine writes it, and whether a record's `at` falls at or before it.
    let moment: String
    let isAtOrBefore: (String) -> Bool

    /// Ids by the month they were settled in (each instance's latest `closed` month before
    /// the moment's month, if it is not running: a stale marker of a revived instance must
    /// not settle it), and the ids the index knows that are not settled: those running, and
    /// those last changed in the moment's month or later. Every instance
    /// whose commit reached its journal has a `status` entry, running or `closed`
    /// (markers are made before the journal append), so the two together are every journal.
    /// Nil when the moment has no month (then every journal is read).
    func settled() throws -> (byMonth: [String: [String]], unsettled: Set<String>)? {
        guard let current = IndexGeneration.month(of: moment) else { return nil }
        let store = service.store
        let running = Set(try store.ids(kind: "status", key: Instance.Status.running.rawValue))
        var latest: [String: String] = [:]
        for month in try store.keys(kind: "closed") {
            for id in try store.ids(kind: "closed", key: month) where !running.contains(id) {
                if latest[id].map({ $0.utf8.lexicographicallyPrecedes(month.utf8) }) ?? true { latest[id] = month }
            }
        }
        var byMonth: [String: [String]] = [:]
        var unsettled = running
        for (id, month) in latest {
            if month.utf8.lexicographicallyPrecedes(current.utf8) {
                byMonth[month, default: []].append(id)
            } else {
                unsettled.insert(id)
            }
        }
        return (byMonth, unsettled)
    }

    /// The heads as of the moment of `ids` (settled in `month`, each once, in any order),
    /// from the month's cache when it lists exactly these ids, else from the journals (and
    /// the cache written).
    func heads(month: String, ids: [String], unreadable: inout [String: String]) -> [String: JournalHead] {
        let name = "seal-heads-" + month
        let store = service.store
        var lines = ((try? store.cachedDocument(name)) ?? nil).map(Self.parse) ?? [:]
        var changed = lines.count != ids.count
        var heads: [String: JournalHead] = [:]
        for id in ids {
            // A cached line counts while the journal is as it was when the line was made.
            let fingerprint = (try? store.journalFingerprint(id)) ?? nil
            if let line = lines[id], let fingerprint, line.fingerprint == fingerprint {
                if isAtOrBefore(line.at) { heads[id] = line.head; continue }
            } else {
                changed = true
                lines[id] = nil
            }
            // Not cached, changed since, or changed after the moment: its journal decides.
            do {
                let records = try store.readJournal(id)
                if let head = JournalSeal.head(of: records, isAtOrBefore: isAtOrBefore) { heads[id] = head }
                if let last = records.last, let seq = last["seq"]?.intValue, let hash = last["hash"]?.stringValue,
                   let at = last["at"]?.stringValue, let fingerprint {
                    lines[id] = (JournalHead(seq: Int(seq), hash: hash), at, fingerprint)
                }
            } catch {
                unreadable[id] = "\(error)"
            }
        }
        if changed {
            let wanted = Set(ids)
            try? store.saveCachedDocument(name, Self.render(lines.filter { wanted.contains($0.key) }))
        }
        return heads
    }

    typealias Line = (head: JournalHead, at: String, fingerprint: String)

    /// The cache's lines by id; a line that is not five fields with a numeric seq is
    /// skipped (its journal is read instead). Reads the bytes directly: at 100,000 settled
    /// instances, splitting the text as `String`s took most of a weekly report's time.
    static func parse(_ bytes: [UInt8]) -> [String: Line] {
        var lines: [String: Line] = [:]
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                var end = start
                while end < buffer.count && buffer[end] != 0x0A { end += 1 }
                if let (id, line) = parseLine(UnsafeBufferPointer(rebasing: buffer[start..<end])) { lines[id] = line }
                start = end + 1
            }
        }
        return lines
    }

    /// One line `<id> <seq> <hash> <at> <fingerprint>`, or nil.
    private static func parseLine(_ line: UnsafeBufferPointer<UInt8>) -> (String, Line)? {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(5)
        var start = 0
        for index in 0...line.count where index == line.count || line[index] == 0x20 {
            if index > start { fields.append(start..<index) }
            start = index + 1
        }
        guard fields.count == 5 else { return nil }
        var seq = 0
        for byte in line[fields[1]] {
            guard byte >= 0x30 && byte <= 0x39, seq < Int.max / 10 - 9 else { return nil }
            seq = seq * 10 + Int(byte - 0x30)
        }
        let text = { (range: Range<Int>) in String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self) }
        return (text(fields[0]), (JournalHead(seq: seq, hash: text(fields[2])), text(fields[3]), text(fields[4])))
    }

    static func render(_ lines: [String: Line]) -> [UInt8] {
        var text = ""
        for id in lines.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            if let line = lines[id] { text += "\(id) \(line.head.seq) \(line.head.hash) \(line.at) \(line.fingerprint)\n" }
        }
        return Array(text.utf8)
    }
}
