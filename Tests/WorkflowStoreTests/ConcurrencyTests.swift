import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore

@Suite("Concurrent commits", .serialized)
struct ConcurrencyTests {
    @Test func eightThreadsFiftyCommitsThreeInstances() throws {
        try withStore { store in
            let ids = ["c-0", "c-1", "c-2"]
            for id in ids { try makeInstance(store, id, records: 1) }
            let failures = Locked<[String]>([])
            runThreads(8) { thread in
                // Each thread has its own FileStore, as separate processes would.
                guard let mine = try? FileStore.open(at: store.layout.root) else {
                    failures.withValue { $0.append("open failed") }
                    return
                }
                for n in 0..<50 {
                    let id = ids[(thread + n) % ids.count]
                    do {
                        try mine.withInstanceLock(id, timeout: 60) {
                            guard let loaded = try mine.loadInstance(id),
                                  let count = loaded.snapshot?["data"]?["count"]?.intValue else {
                                throw StoreError.noSuchInstance(id: id)
                            }
                            try mine.commit(id, records: [draft(details: ["thread": .integer(Int64(thread)),
                                                                          "n": .integer(Int64(n))])],
                                            snapshot: snapshot(id, count: Int(count) + 1),
                                            expectedHead: loaded.journalHead)
                        }
                    } catch {
                        failures.withValue { $0.append("\(thread)/\(n): \(error)") }
                    }
                }
            }
            #expect(failures.withValue { $0 } == [])
            var seen: [String: Int] = [:]
            var total = 0
            for id in ids {
                let records = try store.readJournal(id)
                #expect(records.map { $0["seq"]?.intValue } == (1...records.count).map { Int64($0) })
                #expect(try store.verify(id) { replaySnapshot(id, $0) }.isOK)
                for record in records.dropFirst() {
                    let key = "\(record["details"]?["thread"]?.intValue ?? -1)/\(record["details"]?["n"]?.intValue ?? -1)"
                    seen[key, default: 0] += 1
                }
                total += records.count - 1
            }
            #expect(total == 400)
            #expect(seen.count == 400)
            #expect(seen.values.allSatisfy { $0 == 1 })
        }
    }

    @Test func twoCreatorsOfOneIDCannotBothSucceed() throws {
        try withStore { store in
            let successes = Locked(0)
            let refusals = Locked(0)
            runThreads(4) { _ in
                guard let mine = try? FileStore.open(at: store.layout.root) else { return }
                do {
                    try mine.withInstanceLock("solo", timeout: 30) {
                        try mine.commit("solo", records: [draft("start")], snapshot: snapshot("solo", count: 1),
                                        create: true)
                    }
                    successes.withValue { $0 += 1 }
                } catch StoreError.instanceExists {
                    refusals.withValue { $0 += 1 }
                } catch {}
            }
            #expect(successes.withValue { $0 } == 1)
            #expect(refusals.withValue { $0 } == 3)
            let records = try store.readJournal("solo")
            #expect(records.count == 1)
        }
    }
}
