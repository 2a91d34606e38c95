@testable import AgencyService
import Testing
import WorkflowStore

/// `SealRun.merge` (the weekly seal's settled months from their caches, then the journals
/// read directly) gives the text `JournalSeal(heads:)` digests for the same heads.
@Suite("seal: merged runs")
struct SealRunTests {
    @Test("runs merged, the later run winning a shared id, digest as the heads themselves")
    func mergeMatchesTheDictionary() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<200 {
            let runCount = Int.random(in: 1...6, using: &generator)
            var runs: [[String: JournalHead?]] = Array(repeating: [:], count: runCount)
            for _ in 0..<Int.random(in: 0...60, using: &generator) {
                // Ids share prefixes and differ in length, so byte order matters.
                let id = ["J", "J1", "J10", "P-0", "P-01", "合同", ".store"].randomElement(using: &generator)!
                    + String(Int.random(in: 0...30, using: &generator))
                let run = Int.random(in: 0..<runCount, using: &generator)
                let head: JournalHead? = Int.random(in: 0...5, using: &generator) == 0 ? nil
                    : JournalHead(seq: Int.random(in: 1...99, using: &generator), hash: String(round) + id)
                runs[run][id] = .some(head)
            }
            // Later runs win: replay them in order.
            var winners: [String: JournalHead?] = [:]
            for run in runs { for (id, head) in run { winners[id] = .some(head) } }
            let heads = winners.compactMapValues { $0 }
            let merged = JournalSeal(moment: "m", sortedLines: SealRun.merge(runs.map { SealRun(heads: $0) }))
            #expect(merged == JournalSeal(moment: "m", heads: heads), "round \(round)")
            #expect(merged.heads == heads)
        }
    }

    @Test("a cache document read back gives the same run; unsorted or double-spaced lines are not taken whole")
    func documentRoundTrip() {
        let lines = [SealCacheDocument.Line(id: "A1", seq: 3, hash: "aa", at: "2025-01-02T09:00:00+08:00", fingerprint: "10-5"),
                     SealCacheDocument.Line(id: "B2", seq: 7, hash: "bb", at: "2025-01-03T09:00:00+08:00", fingerprint: "-")]
        let document = SealCacheDocument(stamp: "123-4096", lines: lines, latestAt: "2025-01-03T09:00:00+08:00")
        let read = SealCacheDocument(bytes: document.bytes())
        #expect(read.stamp == "123-4096")
        #expect(read.latestAt == "2025-01-03T09:00:00+08:00")
        #expect(SealRun.merge([read.run()]) == Array("A1 3 aa\nB2 7 bb\n".utf8))
        #expect(read.linesByID()["B2"]?.seq == 7)
        let unsorted = SealCacheDocument(bytes: Array("#seal-heads:2 9-1 -\nB2 7 bb t f\nA1 3 aa t f\n".utf8))
        #expect(unsorted.stamp == nil)
        let spaced = SealCacheDocument(bytes: Array("#seal-heads:2 9-1 -\nA1  3 aa t f\n".utf8))
        #expect(spaced.linesByID().isEmpty)
        let first = SealCacheDocument(bytes: Array("A1 3 aa t f\n".utf8))  // the first version's
        #expect(first.stamp == nil && first.linesByID().count == 1)
    }
}
