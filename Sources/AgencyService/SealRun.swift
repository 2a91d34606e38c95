import Foundation
import WorkflowStore

/// Lines of a seal's digested text (`<id> <seq> <hash>`), sorted by id, kept as ranges of
/// one byte buffer: a settled month of the weekly seal comes from its cache document
/// without a `String` per instance. An entry without a line is a tombstone: the id takes
/// part in the merge (it outweighs earlier runs) but gives no line.
struct SealRun {
    struct Entry {
        var id: Range<Int>
        var line: Range<Int>?
    }

    var bytes: [UInt8] = []
    var entries: [Entry] = []

    /// Appends a line; ids must come in ascending byte order.
    mutating func append(id: String, seq: Int, hash: String) {
        let start = bytes.count
        bytes += id.utf8
        let idEnd = bytes.count
        bytes.append(0x20)
        bytes += String(seq).utf8
        bytes.append(0x20)
        bytes += hash.utf8
        entries.append(Entry(id: start..<idEnd, line: start..<bytes.count))
    }

    /// Appends an id that gives no line; ids must come in ascending byte order.
    mutating func appendTombstone(id: String) {
        let start = bytes.count
        bytes += id.utf8
        entries.append(Entry(id: start..<bytes.count, line: nil))
    }

    /// A run of `heads` (nil: a tombstone), sorted.
    init(heads: [String: JournalHead?]) {
        for id in heads.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            if let head = heads[id] ?? nil { append(id: id, seq: head.seq, hash: head.hash) } else { appendTombstone(id: id) }
        }
    }

    init() {}

    init(bytes: [UInt8], entries: [Entry]) {
        self.bytes = bytes
        self.entries = entries
    }

    /// The lines of every run, each id once, in id order, each ending in `\n`: where
    /// runs share an id, the later run's entry counts (a later month, then the journals
    /// read directly). The text `JournalSeal` digests.
    static func merge(_ runs: [SealRun]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(runs.reduce(0) { $0 + $1.bytes.count + $1.entries.count })
        var cursors = [Int](repeating: 0, count: runs.count)
        while true {
            // The run whose current id is smallest; on a tie, the later run.
            var best = -1
            for index in runs.indices where cursors[index] < runs[index].entries.count {
                if best < 0 || compare(runs[index], cursors[index], runs[best], cursors[best]) <= 0 { best = index }
            }
            guard best >= 0 else { return output }
            let chosen = runs[best].entries[cursors[best]]
            if let line = chosen.line {
                output += runs[best].bytes[line]
                output.append(0x0A)
            }
            // Every run at this id moves on.
            for index in runs.indices where cursors[index] < runs[index].entries.count
                && compare(runs[index], cursors[index], runs[best], cursors[best]) == 0 && index != best {
                cursors[index] += 1
            }
            cursors[best] += 1
        }
    }

    /// Compares two entries' ids by their bytes.
    private static func compare(_ left: SealRun, _ leftIndex: Int, _ right: SealRun, _ rightIndex: Int) -> Int {
        let a = left.entries[leftIndex].id
        let b = right.entries[rightIndex].id
        let order = left.bytes.withUnsafeBufferPointer { leftBytes in
            right.bytes.withUnsafeBufferPointer { rightBytes -> Int32 in
                guard let leftBase = leftBytes.baseAddress, let rightBase = rightBytes.baseAddress else { return 0 }
                return memcmp(leftBase + a.lowerBound, rightBase + b.lowerBound, min(a.count, b.count))
            }
        }
        return order != 0 ? Int(order) : a.count - b.count
    }
}
