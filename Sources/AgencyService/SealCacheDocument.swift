import Foundation

/// One settled month's cache document (`SettledHeads`): a first line
/// `#seal-heads:2 <stamp> <latest at>` (`-` for none), then one line per instance,
/// `<id> <seq> <hash> <at> <fingerprint>`, sorted by id. Read as bytes: at 100,000
/// settled instances, splitting the text as `String`s took most of a weekly report's time.
/// A document without that first line (the first version's), or whose lines are not
/// sorted, has no stamp, so it is never taken whole.
struct SealCacheDocument {
    struct Line {
        var id: String
        var seq: Int
        var hash: String
        var at: String
        var fingerprint: String
    }

    /// Where each line's fields are in `bytes`.
    private struct Fields {
        var id: Range<Int>
        var digest: Range<Int>
        var at: Range<Int>
        var fingerprint: Range<Int>
        var seq: Int
    }

    static let header = "#seal-heads:2"

    let stamp: String?
    let latestAt: String?
    private let text: [UInt8]
    private let fields: [Fields]

    init(bytes: [UInt8]) {
        self.text = bytes
        var stamp: String?
        var latestAt: String?
        var fields: [Fields] = []
        var sorted = true
        var start = 0
        var first = true
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let words = Self.words(bytes, start..<end)
            if first, words.count == 3, Self.text(bytes, words[0]) == Self.header {
                stamp = Self.text(bytes, words[1])
                latestAt = Self.text(bytes, words[2])
            } else if let line = Self.fields(bytes, words) {
                if let previous = fields.last,
                   !bytes[previous.id].lexicographicallyPrecedes(bytes[line.id]) { sorted = false }
                fields.append(line)
            }
            first = false
            start = end + 1
        }
        self.stamp = sorted && stamp != "-" ? stamp : nil
        self.latestAt = latestAt == "-" ? nil : latestAt
        self.fields = fields
    }

    /// A document to write: `lines` sorted by id.
    init(stamp: String?, lines: [Line], latestAt: String?) {
        var text = "\(Self.header) \(stamp ?? "-") \(latestAt ?? "-")\n"
        for line in lines { text += "\(line.id) \(line.seq) \(line.hash) \(line.at) \(line.fingerprint)\n" }
        self.init(bytes: Array(text.utf8))
    }

    func bytes() -> [UInt8] { text }

    /// Every line as a run, sharing this document's bytes.
    func run() -> SealRun {
        SealRun(bytes: text, entries: fields.map { SealRun.Entry(id: $0.id, line: $0.digest) })
    }

    /// The lines whose `at` passes `keep`, and the ids of the others.
    func run(keepingAt keep: (String) -> Bool) -> (run: SealRun, others: [String]) {
        var entries: [SealRun.Entry] = []
        var others: [String] = []
        for field in fields {
            if keep(Self.text(text, field.at)) {
                entries.append(SealRun.Entry(id: field.id, line: field.digest))
            } else {
                others.append(Self.text(text, field.id))
            }
        }
        return (SealRun(bytes: text, entries: entries), others)
    }

    /// The lines by id, for checking instance by instance.
    func linesByID() -> [String: Line] {
        var lines: [String: Line] = [:]
        for field in fields {
            let id = Self.text(text, field.id)
            let digest = Self.words(text, field.digest)
            lines[id] = Line(id: id, seq: field.seq, hash: Self.text(text, digest[2]), at: Self.text(text, field.at),
                             fingerprint: Self.text(text, field.fingerprint))
        }
        return lines
    }

    /// A line of five fields with a decimal seq, or nil (that instance's journal is read).
    private static func fields(_ bytes: [UInt8], _ words: [Range<Int>]) -> Fields? {
        // Single spaces, so that the first three fields are the digested line exactly.
        guard words.count == 5, words[1].count <= 18, words[1].lowerBound == words[0].upperBound + 1,
              words[2].lowerBound == words[1].upperBound + 1 else { return nil }
        var seq = 0
        for byte in bytes[words[1]] {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            seq = seq * 10 + Int(byte - 0x30)
        }
        return Fields(id: words[0], digest: words[0].lowerBound..<words[2].upperBound, at: words[3],
                      fingerprint: words[4], seq: seq)
    }

    /// The ranges of the space-separated words of `line`.
    private static func words(_ bytes: [UInt8], _ line: Range<Int>) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start = line.lowerBound
        for index in line.lowerBound...line.upperBound where index == line.upperBound || bytes[index] == 0x20 {
            if index > start { words.append(start..<index) }
            start = index + 1
        }
        return words
    }

    private static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}
